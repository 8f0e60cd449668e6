// Weight budgets, enforced by `npm test` (node suite). Reads the script-tag
// build that npm test's setup step produced (packages/widget/dist/script) and
// bundles livekit-client alone the same way for the comparison.
//
//   node --test bench/budgets.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kb } from './lib/common.mjs';
import { BUDGETS, budgetNumbers, scriptTagGraph } from './lib/weight-lib.mjs';

const fmt = (s) => `${kb(s.gz)} KB gz (${kb(s.min)} KB min, ${kb(s.br)} KB br)`;

test('the script-tag build exists', () => {
  // Throws with the command to build it when missing.
  const graph = scriptTagGraph();
  assert.ok(graph.first.min > 0, 'parlor.js is empty');
});

const numbers = budgetNumbers();
// A missing build is reported once, by the test above; the budget tests then say so too.
numbers.catch(() => {});

test(`budget: the script-tag first file is at most ${kb(BUDGETS.firstFileGz)} KB gzipped`, async () => {
  const { firstFile } = await numbers;
  assert.ok(
    firstFile.gz <= BUDGETS.firstFileGz,
    `parlor.js is ${fmt(firstFile)}; budget ${kb(BUDGETS.firstFileGz)} KB gz, over by ${kb(firstFile.gz - BUDGETS.firstFileGz)} KB`,
  );
});

test(`ratchet: everything above livekit-client stays at most ${kb(BUDGETS.aboveLivekitRatchetGz)} KB gzipped (goal ${kb(BUDGETS.aboveLivekitGoalGz)} KB)`, async () => {
  const { afterJoin, livekitAlone, aboveLivekit, graph } = await numbers;
  const files = graph.afterJoin.map((n) => `${n.name} ${kb(n.gz)}`).join(', ');
  const toGoal = aboveLivekit.gz - BUDGETS.aboveLivekitGoalGz;
  if (toGoal > 0) console.log(`# above livekit-client: ${kb(aboveLivekit.gz)} KB gz; ${kb(toGoal)} KB over issue 6's ${kb(BUDGETS.aboveLivekitGoalGz)} KB goal`);
  assert.ok(
    aboveLivekit.gz <= BUDGETS.aboveLivekitRatchetGz,
    `everything loaded after Join is ${fmt(afterJoin)} [${files}]; livekit-client bundled alone is ${fmt(livekitAlone)}; ` +
      `the difference is ${kb(aboveLivekit.gz)} KB gz; ratchet ${kb(BUDGETS.aboveLivekitRatchetGz)} KB, over by ${kb(aboveLivekit.gz - BUDGETS.aboveLivekitRatchetGz)} KB`,
  );
});
