// custom-elements.json is the widget's machine-readable contract (tags,
// attributes, events, parts, CSS properties): it must be what the analyzer
// makes of today's sources, so a part or attribute added without
// regenerating it (`npm run analyze -w packages/widget`) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSources, widget } from './analyze-widget.mjs';

test('packages/widget/custom-elements.json matches the sources', () => {
  const fresh = JSON.parse(analyzeSources());
  const committed = JSON.parse(readFileSync(join(widget, 'custom-elements.json'), 'utf8'));
  assert.deepEqual(committed, fresh, 'custom-elements.json is stale: run `npm run analyze -w packages/widget` and commit it');
  // The contract has the parts page CSS reaches through <parlor-room> (docs/theming.md).
  const room = fresh.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'parlor-room');
  const parts = new Set((room?.cssParts ?? []).map((p) => p.name));
  for (const name of ['card', 'toasts', 'prejoin-button', 'device-video', 'stage', 'grid-empty', 'chat-composer', 'controls-leave', 'privacy-dialog']) {
    assert.ok(parts.has(name), `parlor-room documents the part ${name}`);
  }
});

test('the manifest lists modules in one order, whatever order the glob walk finds the files in', async () => {
  // The analyzer's glob reads folders concurrently; on a loaded machine it
  // returns the same files in another order now and then (seen in CI).
  const { default: config } = await import(join(widget, 'custom-elements-manifest.config.mjs'));
  const ts = (await import('typescript')).default;
  const globs = ['src/elements/video-grid/video-grid.ts', 'src/elements/room/room.ts', 'src/elements/chat-panel/links.ts', 'src/elements/room-view/room-view.ts'];
  const orders = [globs, [...globs].reverse(), [globs[2], globs[0], globs[3], globs[1]]];
  const names = orders.map((order) => config.overrideModuleCreation({ ts, globs: order }).map((m) => m.fileName));
  for (const n of names) assert.deepEqual(n, [...globs].sort());
  const first = config.overrideModuleCreation({ ts, globs })[0];
  assert.ok(first.statements.length > 0, 'the module is parsed from the file, not empty');
});
