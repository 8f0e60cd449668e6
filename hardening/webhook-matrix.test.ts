// Webhook matrix: LiveKit-style signed webhooks (JWT with the body's sha256)
// against the real handler. Valid ones are processed once; tampered, wrong
// key, expired and unsigned ones are refused with 401 and cause nothing;
// replays are acknowledged without a second side effect; out-of-order
// events are each processed once, in arrival order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { createParlorHandler, MemoryStore, type ParlorWebhookEvent } from '@parlor/server-kit';
import { FakeRoomService } from '../packages/server-kit/src/test/fake-room-service.js';
import { figure } from './harness/browser.js';

const LK = { url: 'ws://lk.test', host: 'http://lk.test', apiKey: 'hookkey', apiSecret: 'hook-secret-hook-secret-hook-secret-0123' };

interface SignOpts {
  secret?: string;
  apiKey?: string;
  expSecondsFromNow?: number;
  bodyForHash?: string;
}

/** Signs like LiveKit does: HS256 JWT, issuer the API key, claim sha256 = base64(sha256(body)). */
async function sign(body: string, o: SignOpts = {}): Promise<string> {
  const sha256 = createHash('sha256').update(o.bodyForHash ?? body).digest('base64');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sha256 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(o.apiKey ?? LK.apiKey)
    .setNotBefore(now - 600)
    .setExpirationTime(now + (o.expSecondsFromNow ?? 300))
    .sign(new TextEncoder().encode(o.secret ?? LK.apiSecret));
}

const event = (id: string, kind: string, identity: string, createdAt: number) =>
  JSON.stringify({
    id,
    event: kind,
    createdAt: String(createdAt),
    room: { sid: 'RM_1', name: 'lobby', numParticipants: 1 },
    participant: { sid: `PA_${identity}`, identity, name: identity, attributes: { 'parlor.role': 'participant' } },
  });

function flipByte(s: string, at: number): string {
  return s.slice(0, at) + String.fromCharCode(s.charCodeAt(at) ^ 1) + s.slice(at + 1);
}

test('webhook matrix: accept/reject as expected, no double side effects', async () => {
  const rooms = new FakeRoomService();
  rooms.add('lobby', 'mallory');
  rooms.add('lobby', 'ada');
  const store = new MemoryStore();
  const seen: ParlorWebhookEvent[] = [];
  const joined: string[] = [];
  const handler = createParlorHandler({
    livekit: LK,
    secret: 'hook-parlor-secret-0123456789-0123456789',
    store,
    roomService: rooms,
    onWebhook: (e) => void seen.push(e),
    webhooks: { participantJoined: (e) => void joined.push(e.participant.identity) },
    onError: () => {},
  });
  await store.putBan({ room: 'lobby', identity: 'mallory', at: new Date().toISOString(), by: 'mod', reason: 'test' });
  const post = async (body: string, auth: string | undefined) => {
    const headers: Record<string, string> = { 'content-type': 'application/webhook+json' };
    if (auth !== undefined) headers['authorization'] = auth;
    const res = await handler(new Request('http://h.test/api/parlor/webhook', { method: 'POST', headers, body }));
    return { status: res.status, body: (await res.json()) as { ok?: boolean; duplicate?: boolean; code?: string } };
  };

  const t0 = Math.floor(Date.now() / 1000);
  const joinMallory = event('EV_join_mallory', 'participant_joined', 'mallory', t0);
  const goodSig = await sign(joinMallory);
  const leftAda = event('EV_left_ada', 'participant_left', 'ada', t0 + 5);
  const joinAda = event('EV_join_ada', 'participant_joined', 'ada', t0);
  const sigHead = goodSig.split('.');

  const cases: { name: string; body: string; auth: string | undefined; status: number; duplicate?: boolean }[] = [
    { name: 'unsigned', body: joinMallory, auth: undefined, status: 401 },
    { name: 'empty Authorization', body: joinMallory, auth: '', status: 401 },
    { name: 'one byte of the body tampered', body: flipByte(joinMallory, joinMallory.indexOf('mallory') + 2), auth: goodSig, status: 401 },
    { name: 'one byte of the signature tampered', body: joinMallory, auth: [sigHead[0], sigHead[1], flipByte(sigHead[2]!, 5)].join('.'), status: 401 },
    { name: 'one byte of the claims tampered', body: joinMallory, auth: [sigHead[0], flipByte(sigHead[1]!, 10), sigHead[2]].join('.'), status: 401 },
    { name: 'signed with the wrong secret', body: joinMallory, auth: await sign(joinMallory, { secret: 'another-secret-another-secret-0123456' }), status: 401 },
    { name: 'signed under another API key', body: joinMallory, auth: await sign(joinMallory, { apiKey: 'otherkey' }), status: 401 },
    { name: 'expired an hour ago', body: joinMallory, auth: await sign(joinMallory, { expSecondsFromNow: -3600 }), status: 401 },
    { name: 'hash of another body', body: joinMallory, auth: await sign(joinMallory, { bodyForHash: leftAda }), status: 401 },
    { name: 'alg none', body: joinMallory, auth: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${sigHead[1]}.`, status: 401 },
    { name: 'valid', body: joinMallory, auth: goodSig, status: 200, duplicate: false },
    { name: 'valid, with Bearer prefix, replayed', body: joinMallory, auth: `Bearer ${goodSig}`, status: 200, duplicate: true },
    { name: 'same id re-signed later (replay)', body: joinMallory, auth: await sign(joinMallory, { expSecondsFromNow: 900 }), status: 200, duplicate: true },
    { name: 'out of order: left before joined', body: leftAda, auth: await sign(leftAda), status: 200, duplicate: false },
    { name: 'out of order: the earlier joined arrives', body: joinAda, auth: await sign(joinAda), status: 200, duplicate: false },
    { name: 'out of order: left replayed', body: leftAda, auth: await sign(leftAda), status: 200, duplicate: true },
  ];

  const table: string[] = [];
  for (const c of cases) {
    const r = await post(c.body, c.auth);
    table.push(`${c.name}: ${r.status}${r.body.duplicate !== undefined ? ` duplicate=${r.body.duplicate}` : ''}`);
    assert.equal(r.status, c.status, `${c.name}: ${JSON.stringify(r.body)}`);
    if (c.duplicate !== undefined) assert.equal(r.body.duplicate, c.duplicate, c.name);
    if (c.status === 401) assert.equal(r.body.code, 'unauthorized');
  }
  figure('webhook-matrix', table);

  // Side effects: each event once, in arrival order; the banned joiner removed once.
  assert.deepEqual(seen.map((e) => e.id), ['EV_join_mallory', 'EV_left_ada', 'EV_join_ada']);
  assert.deepEqual(joined, ['mallory', 'ada']);
  const removals = rooms.calls.filter((c) => c.method === 'removeParticipant');
  assert.equal(removals.length, 1, 'the banned participant is removed exactly once despite replays');
  assert.deepEqual(removals[0]!.args.slice(0, 2), ['lobby', 'mallory']);
});

test('a failing host callback releases the event id so LiveKit’s retry is processed once', async () => {
  let calls = 0;
  const handler = createParlorHandler({
    livekit: LK,
    secret: 'hook-parlor-secret-0123456789-0123456789',
    store: new MemoryStore(),
    roomService: new FakeRoomService(),
    onWebhook: () => {
      calls++;
      if (calls === 1) throw new Error('host database down');
    },
    onError: () => {},
  });
  const body = event('EV_retry', 'participant_left', 'ada', Math.floor(Date.now() / 1000));
  const auth = await sign(body);
  const send = () => handler(new Request('http://h.test/api/parlor/webhook', { method: 'POST', headers: { authorization: auth }, body }));
  assert.equal((await send()).status, 500, 'the host callback failed: LiveKit should retry');
  const retry = await send();
  assert.equal(retry.status, 200);
  assert.equal(((await retry.json()) as { duplicate: boolean }).duplicate, false, 'the retry is processed');
  const again = await send();
  assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);
  assert.equal(calls, 2);
});
