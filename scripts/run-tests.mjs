#!/usr/bin/env node
// Runs every test suite against one real LiveKit server and prints one
// closing line, `N passed, N failed`, summing all suites. Skipped, todo and
// cancelled tests count as failed: nothing passes by not running.
//
//   node scripts/run-tests.mjs [suite…]    suites: node, browser, e2e, hardening (default: all)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { livekitEnv, startTestLivekit } from './with-livekit.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const work = mkdtempSync(join(tmpdir(), 'parlor-tests-'));

function find(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, pred, out);
    else if (pred(p)) out.push(relative(root, p));
  }
  return out;
}

function run(cmd, args, env, timeoutMs, onMessage) {
  return new Promise((resolve) => {
    // With onMessage the child gets an IPC channel (fault tests ask us to restart LiveKit).
    const stdio = onMessage ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit';
    const child = spawn(cmd, args, { stdio, env: { ...process.env, ...env } });
    if (onMessage) child.on('message', (m) => onMessage(m, child));
    const timer = setTimeout(() => {
      console.error(`[parlor] ${cmd} ${args.slice(0, 3).join(' ')}… timed out after ${timeoutMs / 1000}s`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

/** Counts from node's TAP output: skipped/todo/cancelled count as failed. */
function tapCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const n = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failed = n('fail') + n('cancelled') + n('skipped') + n('todo');
  return { passed: n('pass'), failed: failed || (text ? 0 : 1) };
}

const nodeTest = (name, files, timeoutMs, concurrency) => async (env) => {
  if (!files.length) return { passed: 0, failed: 1, note: 'no test files found' };
  const tap = join(work, `${name}.tap`);
  const code = await run(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    env,
    timeoutMs,
  );
  const counts = tapCounts(tap);
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
};

const isE2e = (p) => /\.e2e\.test\.ts$/.test(p);
const suites = {
  node: nodeTest(
    'node',
    find('packages/server-kit/src', (p) => p.endsWith('.test.ts')).concat(find('scripts', (p) => /\.test\.(ts|mjs)$/.test(p)), find('bench', (p) => /\.test\.(ts|mjs)$/.test(p))),
    15 * 60_000,
    1,
  ),
  browser: async (env) => {
    const out = join(work, 'wtr.json');
    const code = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
      { ...env, PARLOR_WTR_RESULTS: out },
      20 * 60_000,
      livekitControl,
    );
    const counts = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { passed: 0, failed: 1 };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  },
  e2e: nodeTest('e2e', find('examples', isE2e), 20 * 60_000, 1),
  // Adversarial tests (issue 7): seeded samples in CI; PARLOR_HARDENING_FULL=1 runs the full counts.
  hardening: nodeTest('hardening', find('hardening', (p) => p.endsWith('.test.ts')), (process.env.PARLOR_HARDENING_FULL ? 60 : 12) * 60_000, 1),
};

/**
 * The browser suite's dev server (scripts/testing/wtr-parlor-middleware.ts,
 * `POST /test/livekit/restart`) asks over IPC for a LiveKit restart: only
 * this process owns the LiveKit child, so only it can restart it cleanly.
 */
async function livekitControl(message, child) {
  if (message?.type !== 'parlor:livekit-restart') return;
  let error;
  try {
    await lk.restart();
  } catch (e) {
    error = String(e?.message ?? e);
  }
  if (child.connected) child.send({ type: 'parlor:livekit-restarted', id: message.id, error });
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
const unknown = wanted.filter((s) => !(s in suites));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

let lk;
try {
  lk = await startTestLivekit();
} catch (error) {
  console.error(`[parlor] ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const env = livekitEnv(lk);
const results = [];
try {
  for (const name of wanted) {
    console.error(`\n\x1b[1m[parlor] suite: ${name}\x1b[0m`);
    const started = Date.now();
    const r = await suites[name](env);
    results.push({ name, ...r, seconds: Math.round((Date.now() - started) / 1000) });
  }
} finally {
  await lk.stop();
}

console.log('\nsuite      passed  failed  time');
for (const r of results) {
  console.log(`${r.name.padEnd(10)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.seconds}s${r.note ? `  (${r.note})` : ''}`);
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
