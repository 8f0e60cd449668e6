#!/usr/bin/env node
// Finds, installs and starts the real LiveKit server that Parlor's demo and
// tests run against. See docs/testing.md.
//
//   node scripts/livekit.mjs install   # make sure a binary exists, print its path
//   node scripts/livekit.mjs start     # run one on loopback until Ctrl-C
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIVEKIT_VERSION = '1.13.5';

/** Per-user cache keyed by version: a fresh clone (CI) on the same machine reuses it. */
export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'parlor', `livekit-v${LIVEKIT_VERSION}`);
}

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const m = /(\d+\.\d+\.\d+)/.exec(r.stdout + r.stderr);
  return m ? m[1] : null;
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Returns the path of a usable livekit-server: one on PATH (a user's own
 * install is never rebuilt), else the cached pinned build, else builds the
 * pinned version with `go install` into the cache. Throws with what is missing.
 */
export function ensureLivekit({ log = console.error } = {}) {
  const fromEnv = process.env.PARLOR_LIVEKIT_BIN;
  if (fromEnv) {
    if (!versionOf(fromEnv)) throw new Error(`PARLOR_LIVEKIT_BIN=${fromEnv} does not run`);
    return fromEnv;
  }
  const path = onPath('livekit-server');
  if (path && versionOf(path)) return path;
  const dir = cacheDir();
  const bin = join(dir, 'livekit-server');
  if (existsSync(bin) && versionOf(bin) === LIVEKIT_VERSION) return bin;
  if (!onPath('go')) {
    throw new Error(
      'LiveKit server is missing: no livekit-server on PATH, none cached, and no Go toolchain to build ' +
        `v${LIVEKIT_VERSION}. Install Go or livekit-server, then rerun.`,
    );
  }
  log(`[parlor] building livekit-server v${LIVEKIT_VERSION} with go install (first time only, takes minutes)…`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('go', ['install', `github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_VERSION}`], {
    cwd: tmpdir(),
    env: { ...process.env, GOBIN: dir, GOFLAGS: process.env.GOFLAGS ?? '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(join(dir, 'server'))) {
    throw new Error(`go install of livekit-server v${LIVEKIT_VERSION} failed (exit ${r.status})`);
  }
  renameSync(join(dir, 'server'), bin);
  if (versionOf(bin) !== LIVEKIT_VERSION) throw new Error(`built livekit-server does not report v${LIVEKIT_VERSION}`);
  return bin;
}

async function waitReady(url, child, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`livekit-server did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts livekit-server on loopback with a generated config and a random
 * 48-character secret; resolves once it answers HTTP. With `keepAlive` (the
 * demo), a server that exits on its own is started again, with the same
 * keys, after 1 s, then 2, 4 … up to 30 s while it keeps failing (the
 * delay starts over once a server has run for a minute); rooms start
 * empty, and clients reconnect by themselves.
 *
 * @param {{ port?: number, webhookUrls?: string[], quiet?: boolean, keepAlive?: boolean, onRestart?: (why: string, inMs: number) => void }} [opts]
 * @returns {Promise<{ url: string, httpUrl: string, apiKey: string, apiSecret: string, pid: number, stop: () => Promise<void>, restart: (downMs?: number) => Promise<void> }>}
 */
export async function startLivekit(opts = {}) {
  const bin = ensureLivekit();
  const port = opts.port ?? 7880;
  const httpUrl = `http://127.0.0.1:${port}`;
  // Something already answering on the port (another LiveKit, say) would pass the readiness check
  // below while this server fails to bind, and callers would use the wrong secret: refuse instead.
  if (await fetch(httpUrl, { signal: AbortSignal.timeout(1_000) }).then(() => true, () => false)) {
    throw new Error(`127.0.0.1:${port} is already in use (another LiveKit server?): stop it, or start this one on another port`);
  }
  const apiKey = 'parlorkey';
  const apiSecret = randomBytes(36).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'parlor-livekit-'));
  const config = [
    `port: ${port}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${port + 1}`,
    `  udp_port: ${port + 2}`,
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    // Loopback candidates are off by default; inside a loopback-only namespace they are the only ones.
    '  enable_loopback_candidate: true',
    'keys:',
    `  ${apiKey}: ${apiSecret}`,
    'logging:',
    `  level: ${opts.quiet === false ? 'info' : 'error'}`,
    'room:',
    '  empty_timeout: 60',
    '  departure_timeout: 5',
  ];
  if (opts.webhookUrls?.length) {
    config.push('webhook:', `  api_key: ${apiKey}`, '  urls:', ...opts.webhookUrls.map((u) => `    - ${u}`));
  }
  const configPath = join(dir, 'livekit.yaml');
  writeFileSync(configPath, config.join('\n') + '\n', { mode: 0o600 });

  let child;
  /** Set while this module stops or restarts the server itself: that exit is not a crash. */
  let stopping = false;
  /** Set by stop(): nothing starts again after it, not even a restart() that was waiting. */
  let stopped = false;
  /** keepAlive looks after a server only once one has started: a first start that fails is the caller's error. */
  let started = false;
  let failures = 0;
  let timer;
  const launch = async () => {
    const mine = spawn(bin, ['--config', configPath], {
      stdio: ['ignore', opts.quiet === false ? 'inherit' : 'ignore', 'inherit'],
    });
    child = mine;
    const startedAt = Date.now();
    if (opts.keepAlive) {
      mine.once('exit', (code, signal) => {
        if (stopping || stopped || !started || child !== mine) return;
        if (Date.now() - startedAt > 60_000) failures = 0;
        const inMs = Math.min(30_000, 1_000 * 2 ** failures++);
        (opts.onRestart ?? ((why, ms) => console.error(`LiveKit ${why}; starting it again in ${ms / 1000} s`)))(signal ? `was stopped by ${signal}` : `exited with code ${code}`, inMs);
        timer = setTimeout(() => launch().catch(() => {}), inMs);
      });
    }
    await waitReady(httpUrl, mine, 30_000);
    started = true;
  };
  const kill = () =>
    new Promise((resolve) => {
      clearTimeout(timer);
      // Killed by a signal, a process has a signalCode and no exitCode.
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode !== 'SIGKILL' && child.kill('SIGKILL'), 5_000).unref();
    });
  try {
    await launch();
  } catch (e) {
    stopped = true;
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    get pid() {
      return child.pid;
    },
    async stop() {
      stopping = stopped = true;
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Kill and start again with the same keys, after `downMs` without a server: for fault tests. */
    async restart(downMs = 0) {
      stopping = true;
      await kill();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      if (stopped) return;
      stopping = false;
      await launch();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  if (cmd === 'install') {
    console.log(ensureLivekit());
  } else if (cmd === 'start') {
    const lk = await startLivekit({ quiet: false });
    console.log(`LiveKit on ${lk.url} (key ${lk.apiKey})`);
    const stop = () => lk.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } else {
    console.error('usage: node scripts/livekit.mjs install|start');
    process.exit(2);
  }
}
