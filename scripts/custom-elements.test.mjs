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
