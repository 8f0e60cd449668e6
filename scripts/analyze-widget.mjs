#!/usr/bin/env node
// `npm run analyze -w @parlor/widget`: regenerates packages/widget/custom-elements.json
// the way scripts/custom-elements.test.mjs checks it — the analyzer run on a
// copy of src/ and the config alone (in place, a built dist/ and node_modules
// next to src/ change its output, and it writes into package.json).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const widget = fileURLToPath(new URL('../packages/widget/', import.meta.url));
const cem = fileURLToPath(new URL('../node_modules/.bin/cem', import.meta.url));

/** The manifest the analyzer makes of today's sources, as text. */
export function analyzeSources() {
  const out = mkdtempSync(join(tmpdir(), 'parlor-cem-'));
  try {
    for (const f of ['src', 'package.json', 'custom-elements-manifest.config.mjs']) cpSync(join(widget, f), join(out, f), { recursive: true });
    execFileSync(cem, ['analyze'], { cwd: out, stdio: 'pipe' });
    return readFileSync(join(out, 'custom-elements.json'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(widget, 'custom-elements.json'), analyzeSources());
  console.log('wrote packages/widget/custom-elements.json');
}
