import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '@parlor/core/protocol';
import type { AuditRecord } from '../store/types.js';
import type { AuthResult } from '../options.js';
import { mintToken } from '../tokens.js';
import { LK, setup } from '../test/harness.js';

const auth = async (req: Request): Promise<AuthResult | null> => {
  const [identity, role] = (req.headers.get('x-user') ?? '').split(':');
  return identity ? { identity, role: role as Role } : null;
};
const as = (who: string) => ({ 'x-user': who });

async function invited(role: Role = 'broadcaster', by = 'mia:moderator') {
  const audits: AuditRecord[] = [];
  const ctx = setup({ authenticate: auth, allowGuests: true, onAudit: (a) => void audits.push(a) });
  const inv = await ctx.call('POST', '/invite', { room: 'lobby', role }, as(by));
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  const id = inv.body['id'] as string;
  const useIt = async () => {
    const { receipt } = await ctx.consent();
    return ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, invite: inv.body['invite'] });
  };
  return { ...ctx, audits, id, useIt };
}

test('a moderator revokes an invite: the link stops working and the revocation is audited', async () => {
  const ctx = await invited();
  assert.equal((await ctx.useIt()).body['role'], 'broadcaster');
  const r = await ctx.call('DELETE', `/invite/${ctx.id}`, undefined, as('max:moderator'));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual({ ...r.body, auditId: undefined }, { ok: true, id: ctx.id, room: 'lobby', revoked: true, auditId: undefined });
  assert.equal(ctx.audits.at(-1)?.action, 'revoke-invite');
  assert.equal(ctx.audits.at(-1)?.id, r.body['auditId']);
  const after = await ctx.useIt();
  assert.deepEqual([after.status, after.body['code']], [403, 'invalid_invite']);
  const again = await ctx.call('DELETE', `/invite/${ctx.id}`, undefined, as('max:moderator'));
  assert.deepEqual([again.status, again.body['revoked']], [200, false], 'revoking twice is harmless');
});

test("a moderator's room token may revoke invites for that room", async () => {
  const ctx = await invited();
  const { token } = await mintToken({ apiKey: LK.apiKey, apiSecret: LK.apiSecret, room: 'lobby', identity: 'tok-mod', name: 'T', role: 'moderator', limits: { mayPublish: true, mayChat: true } });
  const r = await ctx.call('DELETE', `/invite/${ctx.id}`, undefined, { authorization: `Bearer ${token}` });
  assert.equal(r.status, 200);
  assert.equal(ctx.audits.at(-1)?.actor, 'tok-mod');
});

const refusals: { name: string; role?: Role; by?: string; caller: Record<string, string>; path?: string; status: number; code: string }[] = [
  { name: 'nobody signed in', caller: {}, status: 401, code: 'unauthorized' },
  { name: 'a participant', caller: as('pat:participant'), status: 403, code: 'forbidden' },
  { name: "another moderator's moderator invite (made by the owner)", role: 'moderator', by: 'olga:owner', caller: as('max:moderator'), status: 403, code: 'forbidden' },
  { name: 'an unknown id', caller: as('max:moderator'), path: '/invite/no-such-invite', status: 404, code: 'not_found' },
  { name: 'a malformed id', caller: as('max:moderator'), path: '/invite/%E0%A4%A', status: 404, code: 'not_found' },
];
for (const c of refusals) {
  test(`revoking an invite is refused for ${c.name}, and the invite keeps working`, async () => {
    const ctx = await invited(c.role, c.by);
    const r = await ctx.call('DELETE', c.path ?? `/invite/${ctx.id}`, undefined, c.caller);
    assert.deepEqual([r.status, r.body['code']], [c.status, c.code]);
    assert.equal((await ctx.useIt()).status, 200);
  });
}

test('the owner may revoke a moderator invite; GET on an invite is a 405 naming DELETE', async () => {
  const ctx = await invited('moderator', 'olga:owner');
  assert.equal((await ctx.call('DELETE', `/invite/${ctx.id}`, undefined, as('olga:owner'))).status, 200);
  const r = await ctx.call('GET', `/invite/${ctx.id}`);
  assert.deepEqual([r.status, r.headers.get('allow')], [405, 'DELETE']);
});
