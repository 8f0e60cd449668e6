// Load bench (issue 7, item 9): the token endpoint of the real server kit,
// mounted on node:http with toNodeHandler, at a fixed 1,000 requests/s on
// loopback for 60 s (autocannon in its own process). Goal: p99 < 20 ms and
// 0 errors, with rate limits raised for the run. Then, with the default
// rate limits, the limiter must answer 429 past its limit.
//
//   node --conditions=source --import tsx hardening/bench/load.ts [--duration 60] [--rate 1000] [--connections 50]
//
// Exits non-zero when a goal is missed. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createParlorHandler, MemoryStore, type ParlorOptions } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '50' },
  },
});
const DURATION = Number(values.duration);
const RATE = Number(values.rate);
const CONNECTIONS = Number(values.connections);

// The token route never calls LiveKit unless a room has a participant cap; these are never dialled.
const LIVEKIT = { url: 'ws://127.0.0.1:9', host: 'http://127.0.0.1:9', apiKey: 'benchkey', apiSecret: 'bench-api-secret-bench-api-secret-0123' };
const ROOM = 'lobby';

function kit(extra: Partial<ParlorOptions>) {
  let errors = 0;
  const handler = createParlorHandler({
    livekit: LIVEKIT,
    secret: 'bench-parlor-secret-0123456789-abcdefghij',
    store: new MemoryStore(),
    allowGuests: true,
    policy: { termsVersion: '1', requireRecordingConsent: false },
    onError: () => void errors++,
    ...extra,
  });
  return { handler, errors: () => errors };
}

async function listen(handler: ReturnType<typeof kit>['handler']): Promise<{ server: Server; url: string }> {
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` };
}

const close = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

/** A real consent receipt, so each token request runs the full path: receipt check, store lookup, grants, signing. */
async function receiptFrom(url: string): Promise<string> {
  const res = await fetch(`${url}/api/parlor/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room: ROOM, termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } }),
  });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { receipt: string }).receipt;
}

interface AutocannonResult {
  latency: { p50: number; p90: number; p97_5: number; p99: number; p99_9: number; max: number; average: number };
  requests: { total: number; average: number; sent: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
}

/** autocannon as a child process, so load generation does not share the server's event loop. */
function autocannon(args: string[]): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const bin = new URL('../../node_modules/autocannon/autocannon.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon exited ${code} without JSON: ${out.slice(0, 300)}`));
      }
    });
  });
}

// 1. Throughput and latency, rate limits raised.
const loose = kit({ rateLimit: { token: { windowSeconds: 60, perIp: 1e9, perIdentity: 1e9 }, consent: { windowSeconds: 60, perIp: 1e9, perIdentity: 1e9 } } });
const a = await listen(loose.handler);
const receipt = await receiptFrom(a.url);
const body = JSON.stringify({ room: ROOM, screenName: 'Loadtest', receipt });
// Warm-up (JIT, connection pool), not measured.
await autocannon(['-R', String(RATE), '-d', '3', '-c', String(CONNECTIONS), '-m', 'POST', '-H', 'content-type=application/json', '-b', body, `${a.url}/api/parlor/token`]);
console.error(`[load] ${RATE} req/s for ${DURATION} s, ${CONNECTIONS} connections, POST /api/parlor/token with a receipt…`);
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const r = await autocannon(['-R', String(RATE), '-d', String(DURATION), '-c', String(CONNECTIONS), '-m', 'POST', '-H', 'content-type=application/json', '-b', body, `${a.url}/api/parlor/token`]);
loop.disable();
const cpu = process.cpuUsage(cpuBefore);
// How busy the server process was, and how late its event loop ran: tells a slow handler from a starved CPU.
const server = {
  cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100),
  eventLoopDelayMs: { p50: +(loop.percentile(50) / 1e6).toFixed(1), p99: +(loop.percentile(99) / 1e6).toFixed(1), max: +(loop.max / 1e6).toFixed(1) },
};
await close(a.server);

// 2. The default rate limits: a flood from one IP, then one identity.
const strict = kit({});
const b = await listen(strict.handler);
const count = async (n: number, makeBody: () => string) => {
  const statuses: Record<number, number> = {};
  let retryAfterOk = true;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${b.url}/api/parlor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: makeBody() });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 429 && !(Number(res.headers.get('retry-after')) >= 1)) retryAfterOk = false;
    await res.arrayBuffer();
  }
  return { statuses, retryAfterOk };
};
// Anonymous viewers: a fresh identity each time, so only the per-IP limit (60/min) applies.
const perIp = await count(100, () => JSON.stringify({ room: ROOM, screenName: 'Flood', mode: 'viewer' }));
await close(b.server);
const c = await listen(kit({}).handler);
// One receipt, one identity: the per-identity limit (20/min) applies first.
const oneReceipt = await (async () => {
  const res = await fetch(`${c.url}/api/parlor/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room: ROOM, termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } }),
  });
  return ((await res.json()) as { receipt: string }).receipt;
})();
const perIdentity = await (async () => {
  const statuses: Record<number, number> = {};
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${c.url}/api/parlor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: ROOM, screenName: 'Flood', receipt: oneReceipt }) });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    await res.arrayBuffer();
  }
  return statuses;
})();
await close(c.server);

const figures = {
  date: new Date().toISOString().slice(0, 10),
  rate: RATE,
  seconds: r.duration,
  connections: CONNECTIONS,
  requests: r.requests.total,
  achievedPerSecond: Math.round(r.requests.average),
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, p99_9: r.latency.p99_9, max: r.latency.max, mean: r.latency.average },
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
  onError: loose.errors(),
  server,
  loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
  cores: (await import('node:os')).cpus().length,
  defaultLimits: { perIp100: perIp.statuses, retryAfterOnEvery429: perIp.retryAfterOk, perIdentity40: perIdentity },
};
console.log(`[figure] load = ${JSON.stringify(figures)}`);

const failures: string[] = [];
if (!(r.latency.p99 < 20)) failures.push(`p99 ${r.latency.p99} ms ≥ 20 ms`);
if (r.errors || r.timeouts || r.non2xx || loose.errors()) failures.push(`errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}, onError ${loose.errors()}`);
if (r.requests.total < RATE * DURATION * 0.95) failures.push(`only ${r.requests.total} requests of ${RATE * DURATION}`);
if (perIp.statuses[200] !== 60 || perIp.statuses[429] !== 40 || !perIp.retryAfterOk) failures.push(`per-IP limit: ${JSON.stringify(perIp.statuses)}`);
if (perIdentity[200] !== 20 || perIdentity[429] !== 20) failures.push(`per-identity limit: ${JSON.stringify(perIdentity)}`);
if (failures.length) {
  console.error(`[load] FAIL: ${failures.join('; ')}`);
  process.exit(1);
}
console.error('[load] pass');
