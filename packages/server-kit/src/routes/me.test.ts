import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletionResponseSchema, myDataResponseSchema } from '@parlor/core/protocol';
import { setup } from '../test/harness.js';
import type { DeletedCounts } from '../store/types.js';
import { TrackSource } from 'livekit-server-sdk';

test('a guest exports everything held about them with their receipt, then deletes it', async () => {
  const requests: [string, DeletedCounts][] = [];
  const ctx = setup({ onDeletionRequest: (s, d) => void requests.push([s, d]) });
  const a = await ctx.consent('lobby');
  const b = await ctx.consent('lobby', {}, {});
  await ctx.store.putBan({ room: 'lobby', identity: a.subject, by: 'mia', at: new Date().toISOString() });
  await ctx.store.putAudit({ id: 'au1', at: new Date().toISOString(), room: 'lobby', action: 'ban', actor: 'mia', actorRole: 'moderator', target: a.subject });
  const bearer = { authorization: `Bearer ${a.receipt}` };

  const data = myDataResponseSchema.parse((await ctx.call('GET', '/me/data', undefined, bearer)).body);
  assert.equal(data.subject, a.subject);
  assert.deepEqual(data.receipts.map((r) => r.receipt), [a.receipt]);
  assert.equal(data.bans.length, 1);
  assert.deepEqual(data.audits.map((x) => x.id), ['au1']);
  // Who acted on them is withheld (the moderator's own data); their role is given.
  assert.deepEqual([data.bans[0]!.by, data.audits[0]!.actor, data.audits[0]!.actorRole], ['', '', 'moderator']);

  const del = await ctx.call('POST', '/me/deletion', undefined, bearer);
  assert.equal(del.status, 200);
  assert.deepEqual(deletionResponseSchema.parse(del.body), { subject: a.subject, deleted: { receipts: 1, bans: 1, audits: 1 } });
  assert.deepEqual(requests, [[a.subject, { receipts: 1, bans: 1, audits: 1 }]]);
  const after = myDataResponseSchema.parse((await ctx.call('GET', '/me/data', undefined, bearer)).body);
  assert.deepEqual([after.receipts, after.bans, after.audits], [[], [], []]);
  assert.equal((await ctx.store.getReceipt(b.id))?.status, 'active', 'other people are untouched');
});

test('a receipt past its expiry still lets its guest see, withdraw and delete their data, but never join', async () => {
  const ctx = setup({ receiptTtlSeconds: 1 });
  const a = await ctx.consent('lobby');
  const b = await ctx.consent('lobby');
  await new Promise((r) => setTimeout(r, 2_100));
  const bearer = (x: { receipt: string }) => ({ authorization: `Bearer ${x.receipt}` });
  const token = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: a.receipt });
  assert.deepEqual([token.status, token.body['code']], [403, 'consent_required'], 'an expired consent joins nothing');
  const data = await ctx.call('GET', '/me/data', undefined, bearer(a));
  assert.equal(data.status, 200);
  assert.deepEqual(myDataResponseSchema.parse(data.body).receipts.map((r) => r.receipt), [a.receipt]);

  const withdrawn = await ctx.call('DELETE', '/consent', undefined, bearer(b));
  assert.equal(withdrawn.status, 200);
  assert.equal((await ctx.store.getReceipt(b.id))?.status, 'withdrawn');
  const del = await ctx.call('POST', '/me/deletion', undefined, bearer(a));
  assert.equal(del.status, 200);
  assert.equal(deletionResponseSchema.parse(del.body).deleted.receipts, 1);
  // A forged one is still refused, expired or not.
  const forged = (await ctx.call('GET', '/me/data', undefined, { authorization: `Bearer ${a.receipt.slice(0, -2)}xx` })).status;
  assert.equal(forged, 401);
});

test('an old receipt shows every record of its person but never hands out a newer receipt, which would join rooms', async () => {
  const ctx = setup();
  const old = await ctx.consent('lobby');
  const again = await ctx.call('POST', '/consent', { room: 'lobby', termsVersion: '1', age: 30, previousReceipt: old.receipt, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
  assert.equal(again.status, 201);
  const current = again.body['receipt'] as string;
  const data = myDataResponseSchema.parse((await ctx.call('GET', '/me/data', undefined, { authorization: `Bearer ${old.receipt}` })).body);
  assert.deepEqual(data.receipts.map((r) => [r.status, r.receipt]).sort(), [['active', ''], ['superseded', old.receipt]]);
  assert.ok(!JSON.stringify(data).includes(current), 'the current receipt is nowhere in the answer');
});

test('deleting my data ends my consent as withdrawing does: publish and chat rights end in the live room at once, onWithdraw is called', async () => {
  const order: string[] = [];
  const ctx = setup({
    onWithdraw: (e) => void order.push(`withdraw:${e.record.id}`),
    onDeletionRequest: (s) => void order.push(`deletion:${s}`),
  });
  const a = await ctx.consent('lobby');
  const other = await ctx.consent('lobby', {}, {});
  ctx.rooms.add('lobby', a.subject, { tracks: [TrackSource.CAMERA] });
  ctx.rooms.add('lobby', other.subject, { tracks: [TrackSource.CAMERA] });
  const del = await ctx.call('POST', '/me/deletion', undefined, { authorization: `Bearer ${a.receipt}` });
  assert.equal(del.status, 200);
  const perm = ctx.rooms.rooms.get('lobby')?.people.get(a.subject)?.permission;
  assert.deepEqual([perm?.canPublish, perm?.canPublishSources, perm?.canPublishData, perm?.canSubscribe], [false, [], false, true]);
  assert.deepEqual(order, [`withdraw:${a.id}`, `deletion:${a.subject}`], 'the consent ends (and is reported) before the host is asked to purge');
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get(other.subject)?.permission?.canPublish, true, 'other people are untouched');
  const again = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: a.receipt });
  assert.equal(again.body['code'], 'consent_required');
});

test("deleting my data takes my rights away in every room I hold a receipt for, a signed-in user's too", async () => {
  const withdrawn: string[] = [];
  const ctx = setup({ authenticate: async () => ({ identity: 'alice' }), onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const lobby = await ctx.consent('lobby');
  const hall = await ctx.consent('hall');
  const newer = await ctx.consent('hall');
  assert.equal((await ctx.store.getReceipt(hall.id))?.status, 'superseded');
  ctx.rooms.add('lobby', 'alice', { tracks: [TrackSource.CAMERA] });
  ctx.rooms.add('hall', 'alice', { tracks: [TrackSource.CAMERA] });
  withdrawn.length = 0;
  const del = await ctx.call('POST', '/me/deletion');
  assert.equal(del.status, 200);
  assert.equal(deletionResponseSchema.parse(del.body).deleted.receipts, 3);
  for (const room of ['lobby', 'hall']) {
    const perm = ctx.rooms.rooms.get(room)?.people.get('alice')?.permission;
    assert.deepEqual([room, perm?.canPublish, perm?.canPublishData], [room, false, false]);
  }
  assert.deepEqual(withdrawn.sort(), [lobby.id, newer.id].sort(), 'each consent still active is reported once; the replaced one was reported when it was replaced');
});

test('deleting my data while LiveKit fails changes nothing; the retry revokes, withdraws and deletes, reporting once', async () => {
  const withdrawn: string[] = [];
  const requests: string[] = [];
  const ctx = setup({ onWithdraw: (e) => void withdrawn.push(e.record.id), onDeletionRequest: (s) => void requests.push(s) });
  const a = await ctx.consent('lobby');
  ctx.rooms.add('lobby', a.subject, { tracks: [TrackSource.CAMERA] });
  const bearer = { authorization: `Bearer ${a.receipt}` };
  ctx.rooms.down = true;
  const failed = await ctx.call('POST', '/me/deletion', undefined, bearer);
  assert.deepEqual([failed.status, failed.body['code']], [503, 'server_unreachable']);
  assert.deepEqual([withdrawn, requests], [[], []]);
  assert.equal((await ctx.store.getReceipt(a.id))?.status, 'active', 'nothing withdrawn or deleted');
  ctx.rooms.down = false;
  const r = await ctx.call('POST', '/me/deletion', undefined, bearer);
  assert.equal(r.status, 200);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get(a.subject)?.permission?.canPublish, false);
  assert.deepEqual([withdrawn, requests], [[a.id], [a.subject]]);
  assert.equal(await ctx.store.getReceipt(a.id), undefined);
});

test('someone with no active consent (withdrawn before) is deleted even while LiveKit is down: nothing left to take back', async () => {
  const ctx = setup();
  const a = await ctx.consent('lobby');
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: a.receipt })).status, 200);
  ctx.rooms.down = true;
  const r = await ctx.call('POST', '/me/deletion', undefined, { authorization: `Bearer ${a.receipt}` });
  assert.equal(r.status, 200);
  assert.equal(await ctx.store.getReceipt(a.id), undefined);
});

test('a signed-in user is identified by the host session', async () => {
  const ctx = setup({ authenticate: async () => ({ identity: 'alice' }) });
  await ctx.consent();
  const data = myDataResponseSchema.parse((await ctx.call('GET', '/me/data')).body);
  assert.equal(data.subject, 'alice');
  assert.equal(data.receipts.length, 1);
});

test("a moderator's export holds what they did: the bans they issued and the invites they created", async () => {
  const ctx = setup({ authenticate: async (req) => ({ identity: req.headers.get('x-user') ?? 'x', role: 'moderator' }) });
  const mia = { 'x-user': 'mia' };
  await ctx.consent('lobby', {}, mia);
  const inv = await ctx.call('POST', '/invite', { room: 'lobby', role: 'broadcaster' }, mia);
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'carol' }, mia)).status, 200);
  const data = myDataResponseSchema.parse((await ctx.call('GET', '/me/data', undefined, mia)).body);
  assert.deepEqual(data.invites.map((i) => [i.id, i.createdBy]), [[inv.body['id'], 'mia']]);
  assert.deepEqual(data.bans.map((b) => [b.identity, b.by, b.byRole]), [['carol', 'mia', 'moderator']]);
  assert.deepEqual(data.audits.map((a) => [a.action, a.actor]), [['invite', 'mia'], ['ban', 'mia']], 'what they did keeps their own name');
});

const refusals: { name: string; headers: Record<string, string> }[] = [
  { name: 'no credentials', headers: {} },
  { name: 'a forged receipt', headers: { authorization: 'Bearer e30.e30.x' } },
  { name: 'a non-bearer scheme', headers: { authorization: 'Basic abc' } },
];
for (const c of refusals) {
  for (const [method, path] of [['GET', '/me/data'], ['POST', '/me/deletion']] as const) {
    test(`${method} ${path} refuses ${c.name} with 401`, async () => {
      const ctx = setup();
      const r = await ctx.call(method, path, undefined, c.headers);
      assert.equal(r.status, 401);
      assert.equal(r.body['code'], 'unauthorized');
    });
  }
}
