// custom-elements.json is the widget's machine-readable contract (tags,
// attributes, events, parts, CSS properties): it must be what the analyzer
// makes of today's sources, so a part or attribute added without
// regenerating it (`npm run analyze -w packages/widget`) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const widget = fileURLToPath(new URL('../packages/widget/', import.meta.url));
const cem = fileURLToPath(new URL('../node_modules/.bin/cem', import.meta.url));

test('packages/widget/custom-elements.json matches the sources', () => {
  // The analyzer writes its output path into package.json: run it on a copy.
  const out = mkdtempSync(join(tmpdir(), 'parlor-cem-'));
  try {
    for (const f of ['src', 'package.json', 'custom-elements-manifest.config.mjs']) cpSync(join(widget, f), join(out, f), { recursive: true });
    execFileSync(cem, ['analyze'], { cwd: out, stdio: 'pipe' });
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(widget, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, fresh, 'custom-elements.json is stale: run `npm run analyze -w packages/widget` and commit it');
    // The contract has the parts page CSS reaches through <parlor-room> (docs/theming.md).
    const room = fresh.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'parlor-room');
    const parts = new Set((room?.cssParts ?? []).map((p) => p.name));
    for (const name of ['card', 'toasts', 'prejoin-button', 'device-video', 'stage', 'grid-empty', 'chat-composer', 'controls-leave', 'privacy-dialog']) {
      assert.ok(parts.has(name), `parlor-room documents the part ${name}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
