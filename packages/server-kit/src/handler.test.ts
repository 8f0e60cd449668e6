import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorBodySchema, policySchema } from '@parlor/core/protocol';
import { createParlorHandler } from './handler.js';
import { trimSlashes } from './request.js';
import { LK, ORIGIN, SECRET, setup } from './test/harness.js';

test('the policy route merges host options over the defaults', async () => {
  const { call } = setup({ policy: (room) => ({ termsUrl: `/t/${room}`, minimumAge: 16, maxParticipants: 5 }) });
  const r = await call('GET', '/policy?room=town-hall');
  assert.equal(r.status, 200);
  assert.deepEqual(policySchema.parse(r.body), {
    room: 'town-hall',
    termsUrl: '/t/town-hall',
    termsVersion: '1',
    requireBroadcastConsent: true,
    requireRecordingConsent: true,
    allowGuests: true,
    allowAnonymousViewers: true,
    recording: false,
  });
  assert.equal(r.body['maxParticipants'], undefined, 'server-only limits stay on the server');
  assert.equal(r.body['minimumAge'], undefined, 'the age threshold is never sent to the page');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('the policy says whether the room is being recorded right now', async () => {
  const { call, handler } = setup();
  await handler.setRecording('town-hall', true);
  assert.equal((await call('GET', '/policy?room=town-hall')).body['recording'], true);
  assert.equal((await call('GET', '/policy?room=elsewhere')).body['recording'], false);
  await handler.setRecording('town-hall', false);
  assert.equal((await call('GET', '/policy?room=town-hall')).body['recording'], false);
});

test('a host minimum age below 13 is raised to 13', async () => {
  const { call } = setup({ policy: { minimumAge: 8 } });
  const consent = (age: number) => call('POST', '/consent', { room: 'kids', termsVersion: '1', age, purposes: { terms: true, broadcast: false, recording: false, analytics: false } });
  assert.deepEqual([(await consent(12)).status, (await consent(13)).status], [403, 201]);
});

const routing: { method: string; path: string; status: number; code: string }[] = [
  { method: 'GET', path: '/nope', status: 404, code: 'not_found' },
  { method: 'POST', path: '/moderation/explode', status: 404, code: 'not_found' },
  { method: 'POST', path: '/moderation/%E0%A4%A', status: 404, code: 'not_found' },
  { method: 'GET', path: '/token', status: 405, code: 'bad_request' },
  { method: 'PUT', path: '/consent', status: 405, code: 'bad_request' },
  { method: 'GET', path: '/policy', status: 400, code: 'bad_request' },
  { method: 'GET', path: '/policy?room=a%20b', status: 400, code: 'bad_request' },
];
for (const c of routing) {
  test(`${c.method} ${c.path} answers ${c.status} ${c.code}`, async () => {
    const { call } = setup();
    const r = await call(c.method, c.path, c.method === 'GET' ? undefined : '{}');
    assert.equal(r.status, c.status);
    assert.equal(errorBodySchema.parse(r.body).code, c.code);
  });
}

test('trailing slashes are dropped in one pass: a route with them still answers, a run of them before anything else is a 404', async () => {
  const { handler } = setup();
  assert.equal((await handler(new Request(ORIGIN + '/api/parlor/policy///?room=lobby'))).status, 200);
  assert.equal((await handler(new Request(ORIGIN + '/api/parlor/' + '/'.repeat(5_000) + 'a'))).status, 404);
  assert.deepEqual(['a///', '///', 'a/b/', '', 'a'].map(trimSlashes), ['a', '', 'a/b', '', 'a']);
});

test('requests outside the prefix are 404 from the fetch handler too', async () => {
  const h = createParlorHandler({ livekit: LK, secret: SECRET, prefix: '/chat/', store: setup().store });
  assert.equal(h.prefix, '/chat');
  const r = await h(new Request('http://x/api/parlor/token', { method: 'POST' }));
  assert.equal(r.status, 404);
  assert.equal((await h(new Request('http://x/chat/policy?room=a'))).status, 200);
});

test('options are checked at startup', () => {
  assert.throws(() => createParlorHandler({ livekit: LK, secret: 'short' }), /at least 32/);
  assert.throws(() => createParlorHandler({ livekit: LK, secret: process.env['PARLOR_NEVER_SET'] as string }), /secret is not set/);
  assert.throws(() => createParlorHandler({ livekit: LK, secret: '' }), /secret is not set/);
  assert.throws(() => createParlorHandler({ livekit: { ...LK, apiKey: '' }, secret: SECRET }), /livekit/);
  assert.throws(() => createParlorHandler({ livekit: LK, secret: SECRET, tokenTtlSeconds: -1 }), /positive/);
});

/** A consent request arriving through proxies, with no socket address from the adapter. */
function proxied(trustProxy: boolean | number) {
  const { handler } = setup({ trustProxy, rateLimit: { consent: { windowSeconds: 60, perIp: 1, perIdentity: 10 } } });
  const body = JSON.stringify({ room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
  return async (xff: string) =>
    (await handler(new Request(ORIGIN + '/api/parlor/consent', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body }))).status;
}

test('with trustProxy the client IP is the address the proxy appended, not one the client wrote in X-Forwarded-For', async () => {
  const consent = proxied(true);
  assert.equal(await consent('1.1.1.1, 203.0.113.7'), 201);
  assert.equal(await consent('2.2.2.2, 203.0.113.7'), 429, 'a made-up first entry does not make a new client');
  assert.equal(await consent('203.0.113.8'), 201, 'another client');
});

test('trustProxy: n takes the address n entries from the end (n trusted proxies)', async () => {
  const consent = proxied(2);
  assert.equal(await consent('1.1.1.1, 198.51.100.9, 10.0.0.2'), 201);
  assert.equal(await consent('2.2.2.2, 198.51.100.9, 10.0.0.3'), 429);
  assert.equal(await consent('198.51.100.10, 10.0.0.2'), 201);
});

test('trustProxy must be a boolean or a positive whole number of proxies', () => {
  for (const trustProxy of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => createParlorHandler({ livekit: LK, secret: SECRET, store: setup().store, trustProxy }), /trustProxy/);
  }
});

/** Hostile inputs for every route: none may produce a 500. */
const junk: unknown[] = ['', 'null', '0', '"x"', '[]', '{}', '{"room":null}', '{"__proto__":{"room":"a"}}', 'x'.repeat(10_000), '\u0000', '{"room":"lobby","screenName":"Ada","receipt":"a.b.c","invite":"a.b.c"}'];
const routes = [
  ['POST', '/token'], ['POST', '/consent'], ['DELETE', '/consent'], ['POST', '/me/deletion'], ['GET', '/me/data'],
  ['POST', '/moderation/kick'], ['POST', '/moderation/slow-mode'], ['POST', '/invite'], ['DELETE', '/invite/x'], ['POST', '/webhook'],
] as const;
test('no hostile input on any route produces a 500', async () => {
  const { call, errors } = setup();
  for (const [method, path] of routes) {
    for (const body of junk) {
      for (const headers of [{}, { authorization: 'Bearer a.b.c' }, { authorization: 'Bearer' }] as Record<string, string>[]) {
        const r = await call(method, path, method === 'GET' ? undefined : (body as string), headers);
        assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} ${String(body).slice(0, 30)} → ${r.status}`);
        errorBodySchema.parse(r.body);
      }
    }
  }
  assert.deepEqual(errors, []);
});

test('a host callback that throws is a 500 server_error that reveals nothing, and is reported', async () => {
  const { call, errors } = setup({ onConsent: () => { throw new Error('db password is hunter2'); } });
  const r = await call('POST', '/consent', { room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: false } });
  assert.equal(r.status, 500);
  assert.equal(r.body['code'], 'server_error');
  assert.doesNotMatch(JSON.stringify(r.body), /hunter2/);
  assert.equal(errors.length, 1);
});
