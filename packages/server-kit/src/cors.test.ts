import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParlorHandler } from './handler.js';
import type { CorsOptions } from './options.js';
import { LK, ORIGIN, SECRET, setup } from './test/harness.js';

const APP = 'https://app.example.com';
const preflight = (origin: string, path = '/token') =>
  new Request(ORIGIN + '/api/parlor' + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
const policy = (origin?: string) => new Request(ORIGIN + '/api/parlor/policy?room=lobby', origin ? { headers: { origin } } : {});

test('without the cors option nothing changes: no CORS headers, OPTIONS is a 405', async () => {
  const { handler } = setup();
  const res = await handler(policy(APP));
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.equal((await handler(preflight(APP))).status, 405);
});

test('a listed origin gets its preflight answered and its responses readable', async () => {
  const { handler } = setup({ cors: { origins: [APP] } });
  const pre = await handler(preflight(APP));
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), APP);
  assert.equal(pre.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /content-type, authorization/);
  assert.equal(pre.headers.get('access-control-allow-credentials'), null);
  assert.equal(pre.headers.get('vary'), 'Origin');
  const consentPre = await handler(preflight(APP, '/consent'));
  assert.equal(consentPre.headers.get('access-control-allow-methods'), 'GET, POST, DELETE, OPTIONS');
  const res = await handler(policy(APP));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), APP);
  assert.equal(res.headers.get('access-control-expose-headers'), 'retry-after');
  const refused = await handler(new Request(ORIGIN + '/api/parlor/token', { method: 'POST', headers: { origin: APP }, body: '{' }));
  assert.equal(refused.status, 400);
  assert.equal(refused.headers.get('access-control-allow-origin'), APP, 'errors are readable too');
});

test('an unlisted origin gets no CORS headers and a refused preflight', async () => {
  const { handler } = setup({ cors: { origins: [APP] } });
  const pre = await handler(preflight('https://evil.example'));
  assert.equal(pre.status, 403);
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  const res = await handler(policy('https://evil.example'));
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  assert.equal(res.headers.get('vary'), 'Origin');
  assert.equal((await handler(preflight(APP, '/nope'))).status, 404);
});

test("credentials echo the origin; '*' allows any origin without them", async () => {
  const withCookies = setup({ cors: { origins: [APP], credentials: true, maxAgeSeconds: 60 } }).handler;
  const pre = await withCookies(preflight(APP));
  assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(pre.headers.get('access-control-max-age'), '60');
  const any = setup({ cors: { origins: '*' } }).handler;
  const res = await any(policy('https://anyone.example'));
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('vary'), null);
});

test('allowHeaders lets a page send its own headers (a CSRF token) besides content-type and authorization', async () => {
  const { handler } = setup({ cors: { origins: [APP], allowHeaders: ['X-CSRF-Token'] } });
  const pre = await handler(preflight(APP));
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type, authorization, x-csrf-token');
});

const bad: { name: string; cors: CorsOptions; error: RegExp }[] = [
  { name: 'a header name with a space', cors: { origins: [APP], allowHeaders: ['x csrf'] }, error: /not a header name/ },
  { name: 'header names not in an array', cors: { origins: [APP], allowHeaders: 'x-csrf-token' as unknown as string[] }, error: /array/ },
  { name: "'*' with credentials", cors: { origins: '*', credentials: true }, error: /credentials/ },
  { name: 'an origin with a path', cors: { origins: ['https://app.example.com/'] }, error: /not an origin/ },
  { name: 'a bare host name', cors: { origins: ['app.example.com'] }, error: /not an origin/ },
];
for (const c of bad) {
  test(`cors with ${c.name} is refused at startup`, () => {
    assert.throws(() => createParlorHandler({ livekit: LK, secret: SECRET, cors: c.cors }), c.error);
  });
}

test("another site's page cannot change anything (Sec-Fetch-Site), unless the host listed its origin; reads and webhooks are not affected", async () => {
  const body = JSON.stringify({ room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
  const consent = (h: ReturnType<typeof setup>['handler'], site: string | undefined, origin = 'https://evil.example') =>
    h(new Request(ORIGIN + '/api/parlor/consent', { method: 'POST', headers: { 'content-type': 'text/plain', origin, ...(site ? { 'sec-fetch-site': site } : {}) }, body }));
  const plain = setup();
  for (const site of ['cross-site', 'same-site']) {
    const r = await consent(plain.handler, site);
    assert.equal(r.status, 403, site);
    assert.equal(((await r.json()) as { code: string }).code, 'forbidden');
  }
  assert.equal((await plain.store.exportSubject('anyone')).receipts.length, 0);
  // The page's own origin, and callers that are no browser page (no header), as before.
  assert.equal((await consent(plain.handler, 'same-origin', ORIGIN)).status, 201);
  assert.equal((await consent(plain.handler, undefined)).status, 201);
  // Reads are not changes; LiveKit's webhooks are signed (here unsigned: 401, not 403).
  assert.equal((await plain.handler(new Request(ORIGIN + '/api/parlor/policy?room=lobby', { headers: { 'sec-fetch-site': 'cross-site' } }))).status, 200);
  const hook = await plain.handler(new Request(ORIGIN + '/api/parlor/webhook', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/webhook+json' }, body: '{}' }));
  assert.equal(hook.status, 401);
  // A listed origin (the host's own app on another origin) may.
  const listed = setup({ cors: { origins: [APP] } });
  assert.equal((await consent(listed.handler, 'cross-site', APP)).status, 201);
  assert.equal((await consent(listed.handler, 'cross-site')).status, 403);
  // '*' lets any site's page call with a receipt or token, never act with the visitor's cookies.
  const any = setup({ cors: { origins: '*' } });
  assert.equal((await consent(any.handler, 'cross-site')).status, 201);
  const withCookie = await any.handler(new Request(ORIGIN + '/api/parlor/consent', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'same-site', cookie: 'session=abc' }, body }));
  assert.equal(withCookie.status, 403);
});
