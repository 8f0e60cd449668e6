#!/usr/bin/env node
// Server kit: token mint rate (the kit's mintToken vs livekit-server-sdk's
// AccessToken vs a bare node:crypto HMAC JWT floor), and the token route end
// to end over HTTP on loopback (autocannon) vs a bare node:http server
// answering a constant. Rounds alternate; medians and ratios are reported.
//
//   node bench/server-kit.mjs [--rounds 3] [--mint-ms 1500] [--http-seconds 5] [--connections 10]
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startLivekit } from '../scripts/livekit.mjs';
import { BENCH_DIR, ROOT, ensureRuntime, median, numFlag, printTable, ratio, round, writeResult } from './lib/common.mjs';

// The token route asks LiveKit who is in the room (is the chosen name free?): a real server, on loopback only.
await ensureRuntime({ netns: true });
const rounds = numFlag('rounds', 3);
const mintMs = numFlag('mint-ms', 1500);
const httpSeconds = numFlag('http-seconds', 5);
const connections = numFlag('connections', 10);

const { mintToken } = await import('@parlor/server-kit');
const { AccessToken } = await import('livekit-server-sdk');

const apiKey = 'benchkey';
const apiSecret = randomBytes(36).toString('base64url');
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

const contenders = {
  'Parlor mintToken': () =>
    mintToken({ apiKey, apiSecret, room: 'lobby', identity: 'guest_abc', name: 'fox', role: 'participant', limits: { mayPublish: true, mayChat: true } }),
  'livekit-server-sdk AccessToken': () => {
    const at = new AccessToken(apiKey, apiSecret, { identity: 'guest_abc', name: 'fox', ttl: 600, attributes: { 'parlor.role': 'participant' } });
    at.addGrant({ room: 'lobby', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    return at.toJwt();
  },
  'bare node:crypto HMAC JWT (floor)': () => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64({
      sub: 'guest_abc', iss: apiKey, name: 'fox', nbf: now, exp: now + 600, attributes: { 'parlor.role': 'participant' },
      video: { room: 'lobby', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true },
    });
    const sig = createHmac('sha256', apiSecret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  },
};

async function rate(fn, ms) {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  return n / (ms / 1000);
}

// Warm up every contender (JIT, lazy imports), then alternate.
for (const fn of Object.values(contenders)) await rate(fn, 300);
const mintRates = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(contenders)) mintRates[name].push(await rate(fn, mintMs));
}
const floor = median(mintRates['bare node:crypto HMAC JWT (floor)']);
const mintRows = [['mint (sequential, one core)', 'tokens/s (median)', 'min', 'max', '× floor']];
for (const [name, xs] of Object.entries(mintRates)) {
  mintRows.push([name, Math.round(median(xs)), Math.round(Math.min(...xs)), Math.round(Math.max(...xs)), ratio(median(xs), floor)]);
}
printTable(`Token minting (${rounds} alternated rounds of ${mintMs} ms)`, mintRows);

// HTTP: servers in a child process (one core), autocannon here (the other core), and the real
// LiveKit server the token route asks (mostly idle: the route's lookups are its only work).
const lk = await startLivekit();
// LiveKit goes with the bench, however it ends.
process.on('exit', () => {
  try {
    process.kill(lk.pid, 'SIGTERM');
  } catch {
    // already stopped
  }
});
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(BENCH_DIR, 'lib/http-servers.mjs')], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PARLOR_BENCH_LIVEKIT: JSON.stringify({ url: lk.url, host: lk.httpUrl, apiKey: lk.apiKey, apiSecret: lk.apiSecret }) },
});
const info = await new Promise((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const line = buf.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
  child.on('exit', (c) => reject(new Error(`http servers exited with ${c}`)));
});
const autocannon = (await import('autocannon')).default;
// The same request to each server: the receipt only matters to the kit.
const post = (url) => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ room: info.room, screenName: 'bench_fox', receipt: info.receipt }),
});
const targets = {
  'Parlor POST /api/parlor/token': post(`http://127.0.0.1:${info.kit}/api/parlor/token`),
  'minimal minting server (parse + mintToken, no checks)': post(`http://127.0.0.1:${info.mint}/`),
  'bare node:http constant': post(`http://127.0.0.1:${info.bare}/`),
};
const run = (t, duration) =>
  new Promise((resolve, reject) =>
    autocannon({ ...t, connections, pipelining: 1, duration }, (err, res) => (err ? reject(err) : resolve(res))),
  );
for (const t of Object.values(targets)) await run(t, 1); // warm-up
const http = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, t] of Object.entries(targets)) {
    const res = await run(t, httpSeconds);
    const ok = res['2xx'];
    http[name].push({ rps: ok / res.duration, p50: res.latency.p50, p99: res.latency.p99, non2xx: res.non2xx, errors: res.errors });
  }
}
child.kill('SIGTERM');
await lk.stop();
const bareRps = median(http['bare node:http constant'].map((x) => x.rps));
const httpRows = [['HTTP on loopback', 'req/s (median)', 'p50 ms', 'p99 ms', 'non-2xx', '× bare']];
for (const [name, xs] of Object.entries(http)) {
  httpRows.push([
    name,
    Math.round(median(xs.map((x) => x.rps))),
    round(median(xs.map((x) => x.p50)), 1),
    round(median(xs.map((x) => x.p99)), 1),
    xs.reduce((a, x) => a + x.non2xx + x.errors, 0),
    ratio(median(xs.map((x) => x.rps)), bareRps),
  ]);
}
printTable(`Token route over HTTP (autocannon, ${connections} connections, ${rounds} alternated rounds of ${httpSeconds} s; server in its own process)`, httpRows);
writeResult('server-kit', { rounds, mintMs, httpSeconds, connections, mintRates, http, mintRows, httpRows, tokenResponseBytes: info.tokenBytes });
