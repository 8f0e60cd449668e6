import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletionResponseSchema, myDataResponseSchema } from '@parlor/core/protocol';
import { setup } from '../test/harness.js';
import type { DeletedCounts } from '../store/types.js';

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

  const del = await ctx.call('POST', '/me/deletion', undefined, bearer);
  assert.equal(del.status, 200);
  assert.deepEqual(deletionResponseSchema.parse(del.body), { subject: a.subject, deleted: { receipts: 1, bans: 1, audits: 1 } });
  assert.deepEqual(requests, [[a.subject, { receipts: 1, bans: 1, audits: 1 }]]);
  const after = myDataResponseSchema.parse((await ctx.call('GET', '/me/data', undefined, bearer)).body);
  assert.deepEqual([after.receipts, after.bans, after.audits], [[], [], []]);
  assert.equal((await ctx.store.getReceipt(b.id))?.status, 'active', 'other people are untouched');
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
  assert.deepEqual(data.audits.map((a) => a.action), ['invite', 'ban']);
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
