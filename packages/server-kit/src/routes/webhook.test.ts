import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import type { ParlorWebhookEvent } from '../webhook-events.js';
import { verifyWebhook } from '../webhooks.js';
import { LK, setup } from '../test/harness.js';

const sha = (body: string) => createHash('sha256').update(body).digest('base64');

/** Signs like LiveKit does: a JWT from the API key carrying the body's sha256. */
async function sign(body: string, secret = LK.apiSecret): Promise<string> {
  const at = new AccessToken(LK.apiKey, secret, { ttl: 60 });
  at.sha256 = sha(body);
  return at.toJwt();
}

const event = (id: string, kind = 'participant_joined', role = 'broadcaster') =>
  JSON.stringify({
    event: kind,
    id,
    createdAt: '1700000000',
    room: { name: 'lobby', sid: 'RM_1', numParticipants: 2 },
    participant: { identity: 'bob', name: 'Bob', sid: 'PA_1', attributes: { 'parlor.role': role } },
  });

test('a valid webhook reaches onWebhook and the typed callback as plain data', async () => {
  const all: ParlorWebhookEvent[] = [];
  const joined: string[] = [];
  const ctx = setup({
    onWebhook: (e) => void all.push(e),
    webhooks: { participantJoined: (e) => void joined.push(`${e.room.name}/${e.participant.identity}/${e.participant.role}`), participantLeft: () => assert.fail('wrong callback') },
  });
  const body = event('EV_1');
  const r = await ctx.call('POST', '/webhook', body, { authorization: await sign(body), 'content-type': 'application/webhook+json' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { ok: true, duplicate: false });
  assert.deepEqual(joined, ['lobby/bob/broadcaster']);
  assert.equal(all[0]?.id, 'EV_1');
  assert.equal(all[0]?.createdAt.toISOString(), '2023-11-14T22:13:20.000Z');
});

test('the webhook matrix: tampered, wrong key, expired, missing and replayed calls', async () => {
  const seen: string[] = [];
  const ctx = setup({ onWebhook: (e) => void seen.push(e.id) });
  const body = event('EV_2');
  const expired = await new SignJWT({ sha256: sha(body) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(LK.apiKey)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
    .sign(new TextEncoder().encode(LK.apiSecret));
  const noExp = await new SignJWT({ sha256: sha(body) }).setProtectedHeader({ alg: 'HS256' }).setIssuer(LK.apiKey).sign(new TextEncoder().encode(LK.apiSecret));
  const cases: { name: string; body: string; auth?: string; status: number }[] = [
    { name: 'tampered body', body: body.replace('bob', 'eve'), auth: await sign(body), status: 401 },
    { name: 'wrong key', body, auth: await sign(body, 'not-the-livekit-secret-not-the-secret'), status: 401 },
    { name: 'expired', body, auth: expired, status: 401 },
    { name: 'no exp claim', body, auth: noExp, status: 401 },
    { name: 'no authorization', body, status: 401 },
    { name: 'valid, with Bearer prefix', body, auth: `Bearer ${await sign(body)}`, status: 200 },
    { name: 'replayed (LiveKit retry)', body, auth: await sign(body), status: 200 },
  ];
  for (const c of cases) {
    const r = await ctx.call('POST', '/webhook', c.body, c.auth ? { authorization: c.auth } : {});
    assert.equal(r.status, c.status, c.name);
    if (c.status === 401) assert.equal(r.body['code'], 'unauthorized', c.name);
  }
  assert.deepEqual(seen, ['EV_2'], 'processed exactly once');
});

test('a failing host callback releases the event id so the retry is processed', async () => {
  let fail = true;
  const seen: string[] = [];
  const ctx = setup({ onWebhook: (e) => { if (fail) throw new Error('db down'); seen.push(e.id); } });
  const body = event('EV_3');
  assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await sign(body) })).status, 500);
  fail = false;
  assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await sign(body) })).body['duplicate'], false);
  assert.deepEqual(seen, ['EV_3']);
});

test('verifyWebhook works on plain strings and maps tracks and recordings', async () => {
  const body = JSON.stringify({
    event: 'track_published', id: 'EV_4', createdAt: '1700000000',
    participant: { identity: 'bob', name: 'Bob', sid: 'PA_1' },
    track: { sid: 'TR_1', type: 'VIDEO', source: 'CAMERA', muted: false },
  });
  const e = await verifyWebhook(body, await sign(body), LK);
  assert.deepEqual(e.track, { sid: 'TR_1', source: 'camera', type: 'video', muted: false });
  assert.equal(e.participant?.role, undefined);
  const eg = JSON.stringify({ event: 'egress_started', id: 'EV_5', createdAt: '1', egressInfo: { egressId: 'EG_1', roomName: 'lobby', status: 'EGRESS_ACTIVE' } });
  assert.deepEqual((await verifyWebhook(eg, await sign(eg), LK)).recording, { id: 'EG_1', roomName: 'lobby', status: 'EGRESS_ACTIVE' });
  await assert.rejects(verifyWebhook(body, undefined, LK), /no Authorization/);
});

test('a banned person who joins with an old token is removed when the join webhook arrives', async () => {
  const ctx = setup();
  ctx.rooms.add('lobby', 'bob');
  await ctx.store.putBan({ room: 'lobby', identity: 'bob', by: 'mia', at: 't' });
  const body = event('EV_6');
  assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await sign(body) })).status, 200);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), false);
  ctx.rooms.add('lobby', 'bob');
  await ctx.store.removeBan('lobby', 'bob');
  const again = event('EV_7');
  await ctx.call('POST', '/webhook', again, { authorization: await sign(again) });
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), true);
});

test('a ban keeps out only those the banner outranked: an owner joining past a moderator\'s ban stays', async () => {
  const ctx = setup();
  await ctx.store.putBan({ room: 'lobby', identity: 'bob', by: 'mia', byRole: 'moderator', at: 't' });
  ctx.rooms.add('lobby', 'bob');
  const owner = event('EV_8', 'participant_joined', 'owner');
  assert.equal((await ctx.call('POST', '/webhook', owner, { authorization: await sign(owner) })).status, 200);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), true);
  const participant = event('EV_9', 'participant_joined', 'participant');
  await ctx.call('POST', '/webhook', participant, { authorization: await sign(participant) });
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), false);
});

const joinedAs = (id: string, identity: string) =>
  JSON.stringify({
    event: 'participant_joined',
    id,
    createdAt: '1700000000',
    room: { name: 'lobby', sid: 'RM_1', numParticipants: 2 },
    participant: { identity, name: 'Someone', sid: `PA_${identity}`, attributes: { 'parlor.role': 'participant' } },
  });

test("someone who withdrew and joins again with their old token keeps no publish or chat rights; a current consent and the host's own participants are left alone", async () => {
  const ctx = setup();
  const gone = await ctx.consent('lobby');
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: gone.receipt })).status, 200);
  const staying = await ctx.consent('lobby');
  // Their tokens (still unexpired) granted publishing and data; LiveKit gives them back on a new connection.
  ctx.rooms.add('lobby', gone.subject, { role: 'participant' });
  ctx.rooms.add('lobby', staying.subject, { role: 'participant' });
  ctx.rooms.add('lobby', 'host-bot');
  for (const [i, who] of [gone.subject, staying.subject, 'host-bot'].entries()) {
    const body = joinedAs(`EV_C${i}`, who);
    assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await sign(body) })).status, 200);
  }
  const perm = (who: string) => {
    const p = ctx.rooms.rooms.get('lobby')?.people.get(who)?.permission;
    return [p?.canPublish, p?.canPublishData];
  };
  assert.deepEqual(perm(gone.subject), [false, false], 'withdrawn: nothing');
  assert.deepEqual(perm(staying.subject), [true, true], 'a current consent stands');
  assert.deepEqual(perm('host-bot'), [true, true], "the host's own participant is not the kit's to judge");
});
