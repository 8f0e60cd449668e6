// Shared helpers for Parlor's benchmarks: tables, JSON results, statistics,
// machine description, and re-running a benchmark inside a loopback-only
// network namespace with TypeScript sources loadable (tsx, `source` condition).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** Reads `--name value` / `--name=value` flags; numbers stay strings. */
export function flag(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1] ?? fallback;
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}
export const numFlag = (name, fallback) => Number(flag(name, String(fallback)));

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export const median = (xs) => quantile(xs, 0.5);
/** Quantile by nearest rank on a copy (p in [0,1]). */
export function quantile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return s[i];
}
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const round = (x, d = 1) => (Number.isFinite(x) ? +x.toFixed(d) : x);
export const kb = (bytes) => round(bytes / 1024, 1);
export const ratio = (a, b) => (b ? round(a / b, 2) : NaN);

/**
 * 95 % interval of median(a) / median(b) for paired samples (a[i] and b[i]
 * measured in the same round): the rounds are resampled with replacement
 * (a seeded bootstrap, so a given run always prints the same interval).
 * Rounds are kept together so that a slow stretch of a shared machine
 * weighs on both sides alike.
 */
export function pairedRatioInterval(a, b, { resamples = 4000, seed = 1 } = {}) {
  if (a.length !== b.length || a.length === 0) throw new Error('pairedRatioInterval needs two samples of the same, non-zero length');
  let state = seed >>> 0;
  // mulberry32: small, seeded, good enough to pick indices
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = a.length;
  const ratios = new Array(resamples);
  const ra = new Array(n);
  const rb = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      ra[i] = a[k];
      rb[i] = b[k];
    }
    ratios[r] = median(ra) / median(rb);
  }
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

/** A ratio goal (`measured ≤ goal`) judged on its interval: met, not met, or not decided by this run. */
export function verdict([low, high], goal) {
  if (high <= goal) return 'met';
  if (low > goal) return 'not met';
  return 'undecided';
}

/** Prints an aligned table: rows are arrays, first row is the header. */
export function printTable(title, rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) => r.map((v, c) => (c === 0 ? String(v ?? '').padEnd(widths[c]) : String(v ?? '').padStart(widths[c]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

/** Same rows as a Markdown table (for bench/README.md). */
export function markdownTable(rows) {
  const out = [`| ${rows[0].join(' | ')} |`, `|${rows[0].map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows.slice(1)) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}

/** Writes bench/results/<name>.json with the machine and date. */
export function writeResult(name, data) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify({ bench: name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
  return file;
}

/**
 * Makes sure this process runs with tsx + the `source` condition (so
 * @parlor/* resolve to their TypeScript sources) and, when `netns`, inside a
 * fresh network namespace with nothing but loopback. Re-executes the current
 * script when needed and returns false in the parent (which then exits with
 * the child's code); returns true when the caller should run.
 */
export async function ensureRuntime({ netns = false } = {}) {
  const hasTsx = process.env.PARLOR_BENCH_TSX === '1';
  const inNs = !netns || process.env.PARLOR_BENCH_NETNS === '1' || process.env.PARLOR_NO_NETNS === '1';
  if (hasTsx && inNs) return true;
  const nodeArgs = ['--conditions=source', '--import', 'tsx', ...process.execArgv, process.argv[1], ...process.argv.slice(2)];
  const env = { ...process.env, PARLOR_BENCH_TSX: '1' };
  let cmd = process.execPath;
  let args = nodeArgs;
  if (!inNs) {
    env.PARLOR_BENCH_NETNS = '1';
    const quoted = [process.execPath, ...nodeArgs].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const rootless = typeof process.getuid === 'function' && process.getuid() !== 0;
    cmd = 'unshare';
    args = [rootless ? '-rn' : '--net', 'sh', '-c', `ip link set lo up && exec ${quoted}`];
  }
  const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: ROOT });
  const code = await new Promise((r) => child.on('exit', (c, sig) => r(c ?? (sig ? 1 : 0))));
  process.exit(code);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
