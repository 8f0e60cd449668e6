#!/usr/bin/env node
// Weight: the script-tag build (first file, after Join), @parlor/core alone,
// and the anchors bundled the same way in the same run (rollup + node-resolve
// + terser), in minified bytes, gzip and brotli.
//
//   node bench/weight.mjs
import { kb, machine, pkgVersion, printTable, ratio, writeResult } from './lib/common.mjs';
import { budgetStatus } from './lib/report.mjs';
import { ANCHORS, BUDGETS, budgetNumbers, bundle, coreEntry, sum } from './lib/weight-lib.mjs';

const started = Date.now();
const { graph, firstFile, afterJoin, livekitAlone, aboveLivekit } = await budgetNumbers();

const coreExt = await bundle(coreEntry(), { external: ['livekit-client'] });
const coreWithLk = await bundle(coreEntry());
const anchors = {};
for (const [name, code] of Object.entries(ANCHORS)) {
  if (name === 'livekit-client') continue;
  anchors[name] = await bundle(code);
}

const rows = [['what', 'files', 'min KB', 'gz KB', 'br KB', 'gz × livekit-client']];
const row = (what, files, s) => rows.push([what, files, kb(s.min), kb(s.gz), kb(s.br), ratio(s.gz, livekitAlone.gz)]);
row('Parlor script tag: first file (parlor.js)', 1, firstFile);
row('Parlor script tag: page load (static closure)', graph.initial.length, sum(graph.initial));
row('Parlor script tag: everything after Join (en)', graph.afterJoin.length, afterJoin);
row('  of which above livekit-client alone', '-', aboveLivekit);
row('  locale chunks (only for ar/es…)', graph.locales.length, sum(graph.locales));
row('@parlor/core, livekit-client external: entry', 1, coreExt.entry);
row('@parlor/core, livekit-client external: all', coreExt.files.length, coreExt.total);
row('@parlor/core + livekit-client: all', coreWithLk.files.length, coreWithLk.total);
row(`livekit-client ${pkgVersion('livekit-client')} (baseline)`, 1, livekitAlone);
for (const [name, b] of Object.entries(anchors)) row(`${name}${pkgVersion(name) !== 'unknown' ? ' ' + pkgVersion(name) : ''}`, b.files.length, b.total);
printTable('Weight (KB = 1024 bytes; gzip -9, brotli q11; per-file sizes summed)', rows);

const chunkRows = [['script-tag file', 'min KB', 'gz KB', 'br KB', 'loaded']];
for (const n of graph.reachable) {
  const when = n === firstFile ? 'page load' : n.locale ? 'locale only' : graph.initial.includes(n) ? 'page load' : 'on demand';
  chunkRows.push([n.name, kb(n.min), kb(n.gz), kb(n.br), when]);
}
printTable('Script-tag files', chunkRows);

const budgets = [
  { name: 'script-tag first file', gz: firstFile.gz, limit: BUDGETS.firstFileGz },
  { name: 'everything above livekit-client (CI ratchet)', gz: aboveLivekit.gz, limit: BUDGETS.aboveLivekitRatchetGz, goal: BUDGETS.aboveLivekitGoalGz },
];
printTable(
  'Budgets (enforced by bench/budgets.test.mjs)',
  [['budget', 'gz KB', 'limit KB', 'status'], ...budgets.map((b) => [b.name, kb(b.gz), String(+(b.limit / 1024).toFixed(2)), budgetStatus(b)])],
);
if (graph.unreachable.length) console.log(`\nnote: chunks not reachable from parlor.js (stale build leftovers?): ${graph.unreachable.join(', ')}`);

writeResult('weight', {
  seconds: Math.round((Date.now() - started) / 1000),
  rows,
  chunks: chunkRows,
  budgets,
  raw: { firstFile, afterJoin, aboveLivekit, livekitAlone, coreExt, coreWithLk, anchors },
  machine: machine(),
});
