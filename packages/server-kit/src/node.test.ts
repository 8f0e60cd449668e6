import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from './node.js';
import { createParlorHandler } from './handler.js';
import type { ParlorOptions } from './options.js';
import { MemoryStore } from './store/memory.js';
import { LK, SECRET } from './test/harness.js';
import { FakeRoomService } from './test/fake-room-service.js';

async function serve(withNext: boolean): Promise<{ server: Server; base: string; ips: string[] }> {
  const ips: string[] = [];
  const parlor = createParlorHandler({
    livekit: LK, roomService: new FakeRoomService(),
    secret: SECRET,
    store: new MemoryStore(),
    authenticate: async () => null,
    allowGuests: true,
    policy: (room) => ({ termsUrl: `/terms/${room}` }),
  });
  const spy = Object.assign(
    (req: Request, ctx?: { ip?: string | undefined }) => {
      ips.push(ctx?.ip ?? '');
      return parlor(req, ctx);
    },
    { prefix: parlor.prefix, store: parlor.store },
  );
  const mw = toNodeHandler(spy);
  const server = createServer((req, res) =>
    withNext ? mw(req, res, () => res.writeHead(418).end('next')) : mw(req, res),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ips };
}

test('routes under the prefix reach the handler with the socket address as ip', async () => {
  const { server, base, ips } = await serve(true);
  try {
    const r = await fetch(`${base}/api/parlor/policy?room=lobby`);
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { termsUrl: string }).termsUrl, '/terms/lobby');
    assert.equal(ips[0], '127.0.0.1');
    const post = await fetch(`${base}/api/parlor/consent`, {
      method: 'POST',
      body: JSON.stringify({ room: 'lobby', termsVersion: '1', age: 40, purposes: { terms: true, broadcast: true, recording: true, analytics: false } }),
    });
    assert.equal(post.status, 201);
  } finally {
    server.close();
  }
});

test('paths outside the prefix go to next(), or get a 404 without one', async () => {
  const a = await serve(true);
  const b = await serve(false);
  try {
    const viaNext = await fetch(`${a.base}/other`);
    assert.equal(viaNext.status, 418);
    assert.equal(await viaNext.text(), 'next');
    assert.equal(a.ips.length, 0);
    const without = await fetch(`${b.base}/api/parlorx/token`);
    assert.equal(without.status, 404);
    assert.equal(((await without.json()) as { code: string }).code, 'not_found');
  } finally {
    a.server.close();
    b.server.close();
  }
});

/** Streams `size` bytes in 16 KB chunks without a content-length. */
function streamPost(base: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/parlor/token`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const sizes: { name: string; size: number; status: number; code: string }[] = [
  { name: 'a streamed body over 64 KB', size: 200 * 1024, status: 413, code: 'payload_too_large' },
  { name: 'a streamed body under 64 KB (whitespace, not JSON)', size: 32 * 1024, status: 400, code: 'bad_request' },
];
for (const c of sizes) {
  test(`the adapter answers ${c.status} to ${c.name}`, async () => {
    const { server, base } = await serve(true);
    try {
      const r = await streamPost(base, c.size);
      assert.equal(r.status, c.status);
      assert.equal((JSON.parse(r.body) as { code: string }).code, c.code);
    } finally {
      server.close();
    }
  });
}

test('a declared content-length over the cap is refused before reading', async () => {
  const { server, base, ips } = await serve(true);
  try {
    const r = await fetch(`${base}/api/parlor/token`, { method: 'POST', body: 'x'.repeat(70 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(ips.length, 0);
  } finally {
    server.close();
  }
});

/** A kit for guests that lets http://app.test's pages in. */
const appKit = (extra: Partial<ParlorOptions> = {}) =>
  createParlorHandler({
    livekit: LK, roomService: new FakeRoomService(),
    secret: SECRET,
    store: new MemoryStore(),
    allowGuests: true,
    cors: { origins: ['http://app.test'] },
    ...extra,
  });

test('the handler mounted directly answers with the same status, headers and JSON as through the Fetch API', async () => {
  const parlor = appKit();
  const server = createServer(toNodeHandler(parlor));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/parlor`;
  try {
    const consentBody = JSON.stringify({ room: 'lobby', termsVersion: '1', age: 40, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
    const c = await fetch(`${base}/consent`, { method: 'POST', headers: { origin: 'http://app.test' }, body: consentBody });
    assert.equal(c.status, 201);
    const { receipt } = (await c.json()) as { receipt: string };
    const viaFetch = await parlor(new Request('http://x/api/parlor/token', { method: 'POST', headers: { origin: 'http://app.test' }, body: JSON.stringify({ room: 'lobby', screenName: 'Ada', receipt }) }));
    const viaNode = await fetch(`${base}/token`, { method: 'POST', headers: { origin: 'http://app.test' }, body: JSON.stringify({ room: 'lobby', screenName: 'Ada', receipt }) });
    assert.equal(viaNode.status, 200);
    const text = await viaNode.text();
    assert.equal(viaNode.headers.get('content-length'), String(Buffer.byteLength(text)));
    for (const h of ['content-type', 'cache-control', 'x-content-type-options', 'access-control-allow-origin', 'access-control-expose-headers', 'vary']) {
      assert.equal(viaNode.headers.get(h), viaFetch.headers.get(h), h);
    }
    assert.equal(viaNode.headers.get('access-control-allow-origin'), 'http://app.test');
    const a = JSON.parse(text) as Record<string, unknown>;
    const b = (await viaFetch.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(a), Object.keys(b));
    assert.equal(a['identity'], b['identity']);
    const wrong = await fetch(`${base}/token`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    const malformed = await fetch(`${base}/token`, { method: 'POST', body: '{' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { code: string }).code, 'bad_request');
  } finally {
    server.close();
  }
});

test('a host wrapper around the handler can still read the body it is given', async () => {
  const parlor = createParlorHandler({ livekit: LK, roomService: new FakeRoomService(), secret: SECRET, store: new MemoryStore(), allowGuests: true });
  const seen: string[] = [];
  const wrapper = Object.assign(
    async (req: Request, ctx?: { ip?: string | undefined }) => {
      seen.push(await req.clone().text());
      return parlor(req, ctx);
    },
    { prefix: parlor.prefix },
  );
  const server = createServer(toNodeHandler(wrapper));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const body = JSON.stringify({ room: 'lobby', termsVersion: '1', age: 40, purposes: { terms: true, broadcast: false, recording: false, analytics: false } });
    const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/parlor/consent`, { method: 'POST', body });
    assert.equal(r.status, 201);
    assert.deepEqual(seen, [body]);
  } finally {
    server.close();
  }
});

test("mounted directly: the host's authenticate gets a Fetch Request with every header; without it no Request is built", async () => {
  const seen: { url: string; method: string; cookie: string | null; forwarded: string | null }[] = [];
  const withAuth = createParlorHandler({
    livekit: LK, roomService: new FakeRoomService(),
    secret: SECRET,
    store: new MemoryStore(),
    authenticate: (req) => {
      assert.ok(req instanceof Request);
      seen.push({ url: req.url, method: req.method, cookie: req.headers.get('cookie'), forwarded: req.headers.get('x-forwarded-for') });
      return req.headers.get('cookie') === 'session=ada' ? { identity: 'user-ada', role: 'participant' } : null;
    },
  });
  const guests = createParlorHandler({ livekit: LK, roomService: new FakeRoomService(), secret: SECRET, store: new MemoryStore(), allowGuests: true });
  const servers = [createServer(toNodeHandler(withAuth)), createServer(toNodeHandler(guests))];
  for (const s of servers) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const [authBase, guestBase] = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/parlor`);
  const consentBody = JSON.stringify({ room: 'lobby', termsVersion: '1', age: 40, purposes: { terms: true, broadcast: true, recording: false, analytics: false } });
  // Counts every Fetch Request the kit builds from here on (the test's own fetch() calls build none through this global).
  const Original = globalThis.Request;
  let built = 0;
  globalThis.Request = new Proxy(Original, {
    construct(target, args: ConstructorParameters<typeof Request>) {
      built++;
      return new target(...args);
    },
  });
  try {
    // A repeated header reaches the hook joined, as the Fetch API joins it.
    const signedIn = await new Promise<number>((resolve, reject) => {
      const r = request(`${authBase}/consent?x=1`, { method: 'POST', headers: { cookie: 'session=ada', 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on('error', reject);
      r.end(consentBody);
    });
    assert.equal(signedIn, 201);
    assert.deepEqual(seen, [{ url: `${authBase}/consent?x=1`, method: 'POST', cookie: 'session=ada', forwarded: '10.0.0.1, 10.0.0.2' }]);
    assert.equal(built, 1);

    built = 0;
    const c = await fetch(`${guestBase}/consent`, { method: 'POST', body: consentBody });
    assert.equal(c.status, 201);
    const { receipt } = (await c.json()) as { receipt: string };
    const t = await fetch(`${guestBase}/token`, { method: 'POST', body: JSON.stringify({ room: 'lobby', screenName: 'Ada', receipt }) });
    assert.equal(t.status, 200);
    assert.equal(built, 0);
  } finally {
    globalThis.Request = Original;
    for (const s of servers) s.close();
  }
});

/** The kit on node:http with a consent limit of one per IP a minute; `before` runs on each request first (a host's middleware). */
async function limited(trustProxy: boolean, before?: (req: import('node:http').IncomingMessage) => Promise<void>) {
  const mw = toNodeHandler(
    createParlorHandler({
      livekit: LK, roomService: new FakeRoomService(), secret: SECRET, store: new MemoryStore(),
      authenticate: async () => null, allowGuests: true, trustProxy,
      rateLimit: { consent: { windowSeconds: 60, perIp: 1, perIdentity: 10 } },
    }),
  );
  const server = createServer((req, res) => void (before ? before(req) : Promise.resolve()).then(() => mw(req, res)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const consent = (xff?: string) =>
    fetch(`${base}/api/parlor/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
      body: JSON.stringify({ room: 'lobby', termsVersion: '1', age: 40, purposes: { terms: true, broadcast: true, recording: true, analytics: false } }),
      signal: AbortSignal.timeout(5_000),
    });
  return { server, consent };
}

test('behind a proxy (trustProxy), each visitor is counted by the address the proxy appended, not by the socket (the proxy)', async () => {
  const proxied = await limited(true);
  const direct = await limited(false);
  try {
    assert.equal((await proxied.consent('198.51.100.1')).status, 201);
    assert.equal((await proxied.consent('198.51.100.2')).status, 201, 'another visitor through the same proxy');
    assert.equal((await proxied.consent('9.9.9.9, 198.51.100.1')).status, 429, 'the first one again, whatever they wrote before');
    // Without trustProxy the header is anyone's to write: the socket address counts.
    assert.equal((await direct.consent('198.51.100.1')).status, 201);
    assert.equal((await direct.consent('198.51.100.2')).status, 429);
  } finally {
    proxied.server.close();
    direct.server.close();
  }
});

test('mounted after a body parser, a POST is answered 500 saying so at once, not left waiting for a body already read', async () => {
  const { server, consent } = await limited(false, async (req) => {
    // What express.json() does: read the whole body before the next middleware.
    for await (const chunk of req) void chunk;
  });
  try {
    const r = await consent();
    assert.equal(r.status, 500);
    const body = (await r.json()) as { code: string; message: string };
    assert.equal(body.code, 'server_error');
    assert.match(body.message, /before any body parser/);
  } finally {
    server.close();
  }
});

test("the adapter's own refusals (too large, body already read) carry the handler's CORS headers, and a read body reaches onError", async () => {
  const errors: unknown[] = [];
  const parlor = appKit({ onError: (e) => errors.push(e) });
  const mw = toNodeHandler(parlor);
  let parser = false;
  const server = createServer(async (req, res) => {
    if (parser) for await (const chunk of req) void chunk;
    mw(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/parlor/consent`;
  try {
    const big = await fetch(url, { method: 'POST', headers: { origin: 'http://app.test' }, body: 'x'.repeat(70 * 1024) });
    assert.equal(big.status, 413);
    assert.equal(big.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.equal(((await big.json()) as { code: string }).code, 'payload_too_large');
    assert.equal(errors.length, 0, 'a client error is not a server fault');
    parser = true;
    const read = await fetch(url, { method: 'POST', headers: { origin: 'http://app.test' }, body: '{}' });
    assert.equal(read.status, 500);
    assert.equal(read.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.equal(errors.length, 1, 'the host hears of its mounting mistake');
    // Another origin gets no CORS headers, as from any route.
    const other = await fetch(url, { method: 'POST', headers: { origin: 'http://evil.test' }, body: '{}' });
    assert.equal(other.status, 500);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  } finally {
    server.close();
  }
});
