import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from './node.js';
import { createParlorHandler } from './handler.js';
import { MemoryStore } from './store/memory.js';
import { LK, SECRET } from './test/harness.js';

async function serve(withNext: boolean): Promise<{ server: Server; base: string; ips: string[] }> {
  const ips: string[] = [];
  const parlor = createParlorHandler({
    livekit: LK,
    secret: SECRET,
    store: new MemoryStore(),
    authenticate: async () => null,
    allowGuests: true,
    policy: (room) => ({ termsUrl: `/terms/${room}` }),
  });
  const spy = Object.assign(
    (req: Request, ctx?: { ip?: string }) => {
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
