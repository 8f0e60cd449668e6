import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import { moderationResponseSchema, roomMetadataSchema, type Role } from '@parlor/core/protocol';
import { mintToken } from '../tokens.js';
import type { AuditRecord } from '../store/types.js';
import type { AuthResult } from '../options.js';
import { LK, setup } from '../test/harness.js';

const auth = async (req: Request): Promise<AuthResult | null> => {
  const h = req.headers.get('x-user');
  if (!h) return null;
  const [identity, role] = h.split(':');
  return { identity: identity!, role: role as Role };
};
const MOD = { 'x-user': 'mia:moderator' };

function moderated() {
  const audits: AuditRecord[] = [];
  const ctx = setup({ authenticate: auth, allowGuests: true, onAudit: (a) => void audits.push(a) });
  ctx.rooms.add('lobby', 'bob', { role: 'participant', tracks: [TrackSource.CAMERA, TrackSource.MICROPHONE] });
  return { ...ctx, audits };
}

test("a moderator's kick removes the participant and is audited in the store and via onAudit", async () => {
  const ctx = moderated();
  const r = await ctx.call('POST', '/moderation/kick', { room: 'lobby', target: 'bob', reason: 'spam' }, MOD);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const res = moderationResponseSchema.parse(r.body);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), false);
  assert.equal(ctx.audits.length, 1);
  assert.deepEqual(
    { id: ctx.audits[0]?.id, action: ctx.audits[0]?.action, actor: ctx.audits[0]?.actor, actorRole: ctx.audits[0]?.actorRole, target: ctx.audits[0]?.target, reason: ctx.audits[0]?.reason },
    { id: res.auditId, action: 'kick', actor: 'mia', actorRole: 'moderator', target: 'bob', reason: 'spam' },
  );
  assert.deepEqual((await ctx.store.exportSubject('bob')).audits.map((a) => a.id), [res.auditId]);
});

/** A token the host made itself (livekit-server-sdk), with the owner's role attribute and `grant`. */
async function hostToken(grant: { canUpdateOwnMetadata?: boolean; roomAdmin?: boolean }): Promise<string> {
  const at = new AccessToken(LK.apiKey, LK.apiSecret, { identity: 'host-made', attributes: { 'parlor.role': 'owner' } });
  at.addGrant({ room: 'lobby', roomJoin: true, ...grant });
  return at.toJwt();
}

test('a room token minted by this kit authorizes its moderator for that room only', async () => {
  const ctx = moderated();
  const mint = (role: Role, room = 'lobby') =>
    mintToken({ apiKey: LK.apiKey, apiSecret: LK.apiSecret, room, identity: `t-${role}`, name: 'T', role, limits: { mayPublish: true, mayChat: true } });
  const ok = await ctx.call('POST', '/moderation/mute', { room: 'lobby', target: 'bob' }, { authorization: `Bearer ${(await mint('moderator')).token}` });
  assert.equal(ok.status, 200);
  assert.equal(ctx.audits[0]?.actor, 't-moderator');
  const forged = await mintToken({ apiKey: LK.apiKey, apiSecret: 'another-secret-another-secret-12345', room: 'lobby', identity: 'x', name: 'X', role: 'owner', limits: { mayPublish: true, mayChat: true } });
  const cases: { name: string; headers: Record<string, string>; status: number; code: string }[] = [
    { name: 'no credentials', headers: {}, status: 401, code: 'unauthorized' },
    { name: 'a garbage token', headers: { authorization: 'Bearer nope' }, status: 401, code: 'unauthorized' },
    { name: 'a token signed with another secret', headers: { authorization: `Bearer ${forged.token}` }, status: 401, code: 'unauthorized' },
    { name: 'a participant token', headers: { authorization: `Bearer ${(await mint('participant')).token}` }, status: 403, code: 'forbidden' },
    { name: 'a moderator token for another room', headers: { authorization: `Bearer ${(await mint('moderator', 'other')).token}` }, status: 403, code: 'forbidden' },
    { name: 'a signed-in participant', headers: { 'x-user': 'pat:participant' }, status: 403, code: 'forbidden' },
    // The host's own tokens, signed with the same key, whose holder could have written parlor.role itself.
    { name: 'an "owner" whose token lets it update its own attributes', headers: { authorization: `Bearer ${await hostToken({ canUpdateOwnMetadata: true })}` }, status: 403, code: 'forbidden' },
    { name: 'an "owner" with LiveKit roomAdmin', headers: { authorization: `Bearer ${await hostToken({ roomAdmin: true })}` }, status: 403, code: 'forbidden' },
  ];
  for (const c of cases) {
    const r = await ctx.call('POST', '/moderation/kick', { room: 'lobby', target: 'bob' }, c.headers);
    assert.equal(r.status, c.status, c.name);
    assert.equal(r.body['code'], c.code, c.name);
  }
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), true);
  assert.equal(ctx.audits.length, 1);
});

test("a moderator banned by the owner cannot go on moderating with the room token they still hold", async () => {
  const ctx = moderated();
  const { token } = await mintToken({ apiKey: LK.apiKey, apiSecret: LK.apiSecret, room: 'lobby', identity: 'max', name: 'Max', role: 'moderator', limits: { mayPublish: true, mayChat: true } });
  const asMax = { authorization: `Bearer ${token}` };
  assert.equal((await ctx.call('POST', '/moderation/mute', { room: 'lobby', target: 'bob' }, asMax)).status, 200);
  const banned = await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, { 'x-user': 'olga:owner' });
  assert.equal(banned.status, 200, JSON.stringify(banned.body));
  const r = await ctx.call('POST', '/moderation/kick', { room: 'lobby', target: 'bob' }, asMax);
  assert.deepEqual([r.status, r.body['code']], [403, 'forbidden']);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), true, 'bob stays');
  // Signed in as a moderator by the host's session: the ban binds them the same way.
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'mia' }, { 'x-user': 'olga:owner' })).status, 200);
  const bySession = await ctx.call('POST', '/moderation/kick', { room: 'lobby', target: 'bob' }, MOD);
  assert.deepEqual([bySession.status, bySession.body['code']], [403, 'forbidden']);
  const invite = await ctx.call('POST', '/invite', { room: 'lobby', role: 'participant' }, MOD);
  assert.equal(invite.status, 403, 'no invites from them either');
});

test('a ban removes the person, persists, and refuses their next token until unbanned', async () => {
  const ctx = moderated();
  const { receipt, subject } = await ctx.consent();
  ctx.rooms.add('lobby', subject, { role: 'participant' });
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: subject }, MOD)).status, 200);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has(subject), false);
  const refused = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt });
  assert.equal(refused.body['code'], 'banned');
  assert.equal((await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: subject }, MOD)).status, 200);
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).status, 200);
  const again = await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: subject }, MOD);
  assert.equal(again.status, 404);
  assert.deepEqual(ctx.audits.map((a) => a.action), ['ban', 'unban']);
});

test('a ban of someone absent binds only those the banner outranks: a moderator cannot lock out the owner', async () => {
  const ctx = moderated();
  const tokenFor = async (user: string) => {
    const headers = { 'x-user': user };
    const { receipt } = await ctx.consent('lobby', {}, headers);
    return ctx.call('POST', '/token', { room: 'lobby', screenName: `Someone ${user.split(':')[0]}`, receipt }, headers);
  };
  // Nobody of these is in the room, so the rank check at ban time cannot run.
  for (const target of ['olga', 'max', 'pat']) {
    const r = await ctx.call('POST', '/moderation/ban', { room: 'lobby', target }, MOD);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  assert.equal((await tokenFor('olga:owner')).status, 200);
  assert.equal((await tokenFor('max:moderator')).status, 200);
  const pat = await tokenFor('pat:participant');
  assert.equal(pat.status, 403);
  assert.equal(pat.body['code'], 'banned');
  // The owner's own ban binds a moderator.
  await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, { 'x-user': 'olga:owner' });
  assert.equal((await tokenFor('max:moderator')).body['code'], 'banned');
});

test("an owner's ban cannot be weakened or lifted by a moderator, nor by the banned person; an invite does not lift a ban", async () => {
  const ctx = moderated();
  const OWNER = { 'x-user': 'olga:owner' };
  const tokenFor = async (user: string, extra: Record<string, unknown> = {}) => {
    const headers = { 'x-user': user };
    const { receipt } = await ctx.consent('lobby', {}, headers);
    return ctx.call('POST', '/token', { room: 'lobby', screenName: 'Someone', receipt, ...extra }, headers);
  };
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, OWNER)).status, 200);
  // Another moderator (or max himself, with a still-valid token) re-bans: the owner's ban must stay binding.
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, MOD)).status, 200);
  assert.equal((await ctx.store.getBan('lobby', 'max'))?.byRole, 'owner');
  assert.equal(ctx.audits.at(-1)?.details?.['keptHigherBan'], true, 'the audit says the earlier ban was kept');
  assert.equal((await tokenFor('max:moderator')).body['code'], 'banned');
  const lift = await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'max' }, MOD);
  assert.equal(lift.status, 403);
  assert.equal(lift.body['code'], 'forbidden');
  assert.equal((await tokenFor('max:moderator')).body['code'], 'banned');
  // Nobody lifts their own ban, even one their rank could lift: a moderator banned by a moderator.
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, OWNER)).status, 200);
  await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'max' }, OWNER);
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, MOD)).status, 200);
  assert.equal((await ctx.store.getBan('lobby', 'max'))?.byRole, 'moderator');
  const self = await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'max' }, { 'x-user': 'max:moderator' });
  assert.equal(self.status, 403);
  assert.equal(self.body['code'], 'forbidden');
  assert.notEqual(await ctx.store.getBan('lobby', 'max'), undefined);
  // A ban stored before bans recorded a role counts as an owner's: the owner can still lift it.
  await ctx.store.putBan({ room: 'lobby', identity: 'old', by: 'someone', at: 't' });
  assert.equal((await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'old' }, MOD)).status, 403);
  assert.equal((await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'old' }, OWNER)).status, 200);
  // The owner's ban of max again, for what follows.
  await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'max' }, OWNER);
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'max' }, OWNER)).status, 200);
  // A participant banned by a moderator stays out even with a moderator invite.
  assert.equal((await ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'pat' }, MOD)).status, 200);
  const inv = await ctx.call('POST', '/invite', { room: 'lobby', role: 'moderator' }, OWNER);
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  assert.equal((await tokenFor('pat:participant', { invite: inv.body['invite'] })).body['code'], 'banned');
  // The owner can lift either.
  assert.equal((await ctx.call('POST', '/moderation/unban', { room: 'lobby', target: 'max' }, OWNER)).status, 200);
  assert.equal((await tokenFor('max:moderator')).status, 200);
});

for (const [action, source] of [['mute', TrackSource.MICROPHONE], ['close-camera', TrackSource.CAMERA]] as const) {
  test(`${action} mutes exactly the target's ${TrackSource[source].toLowerCase()} track`, async () => {
    const ctx = moderated();
    assert.equal((await ctx.call('POST', `/moderation/${action}`, { room: 'lobby', target: 'bob' }, MOD)).status, 200);
    const tracks = ctx.rooms.rooms.get('lobby')?.people.get('bob')?.tracks ?? [];
    assert.deepEqual(tracks.map((t) => [t.source, t.muted]), [[TrackSource.CAMERA, source === TrackSource.CAMERA], [TrackSource.MICROPHONE, source === TrackSource.MICROPHONE]]);
  });
}

test('revoke-live takes publish away but keeps chat; approve-live needs the target’s broadcast consent', async () => {
  const ctx = moderated();
  const { subject } = await ctx.consent('lobby', { broadcast: false });
  ctx.rooms.add('lobby', subject, { role: 'participant' });
  assert.equal((await ctx.call('POST', '/moderation/revoke-live', { room: 'lobby', target: subject }, MOD)).status, 200);
  let perm = ctx.rooms.rooms.get('lobby')?.people.get(subject)?.permission;
  assert.deepEqual([perm?.canPublish, perm?.canPublishData], [false, true]);
  const noConsent = await ctx.call('POST', '/moderation/approve-live', { room: 'lobby', target: subject }, MOD);
  assert.equal(noConsent.status, 403);
  assert.equal(noConsent.body['code'], 'not_agreed');
  await ctx.consent('lobby', {});
  const other = await ctx.consent('lobby', { broadcast: true });
  ctx.rooms.add('lobby', other.subject, { role: 'participant' });
  await ctx.call('POST', '/moderation/revoke-live', { room: 'lobby', target: other.subject }, MOD);
  assert.equal((await ctx.call('POST', '/moderation/approve-live', { room: 'lobby', target: other.subject }, MOD)).status, 200);
  perm = ctx.rooms.rooms.get('lobby')?.people.get(other.subject)?.permission;
  assert.equal(perm?.canPublish, true);
  assert.deepEqual(perm?.canPublishSources, [TrackSource.CAMERA, TrackSource.MICROPHONE]);
});

test('approve-live does not put someone watching unseen on view: refused as absent, their permission untouched', async () => {
  const ctx = moderated();
  const { subject } = await ctx.consent('lobby', { broadcast: true });
  ctx.rooms.add('lobby', subject, { role: 'viewer', hidden: true, canPublish: false });
  const r = await ctx.call('POST', '/moderation/approve-live', { room: 'lobby', target: subject }, MOD);
  assert.equal(r.status, 404);
  assert.equal(r.body['code'], 'not_found');
  const perm = ctx.rooms.rooms.get('lobby')?.people.get(subject)?.permission;
  assert.deepEqual([perm?.hidden, perm?.canPublish], [true, false]);
});

test('lock and slow mode persist, mirror into room metadata, and lock refuses new participants', async () => {
  const ctx = moderated();
  ctx.rooms.rooms.get('lobby')!.metadata = JSON.stringify({ theme: 'dark' });
  assert.equal((await ctx.call('POST', '/moderation/lock', { room: 'lobby' }, MOD)).status, 200);
  assert.equal((await ctx.call('POST', '/moderation/slow-mode', { room: 'lobby', seconds: 30 }, MOD)).status, 200);
  const meta = JSON.parse(ctx.rooms.rooms.get('lobby')!.metadata) as Record<string, unknown>;
  assert.equal(meta['theme'], 'dark');
  assert.deepEqual(roomMetadataSchema.parse(meta), { locked: true, slowModeSeconds: 30, recording: false });
  const { receipt } = await ctx.consent();
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).body['code'], 'room_locked');
  await ctx.call('POST', '/moderation/unlock', { room: 'lobby' }, MOD);
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).status, 200);
  assert.deepEqual(await ctx.store.getRoomState('lobby'), { locked: false, slowModeSeconds: 30 });
  assert.equal(ctx.audits.find((a) => a.action === 'slow-mode')?.details?.['seconds'], 30);
});

const refusals: { name: string; path: string; body: object; headers?: Record<string, string>; status: number; code: string }[] = [
  { name: 'a kick without a target', path: 'kick', body: { room: 'lobby' }, status: 400, code: 'bad_request' },
  { name: 'slow mode without seconds', path: 'slow-mode', body: { room: 'lobby' }, status: 400, code: 'bad_request' },
  { name: 'a kick of someone absent', path: 'kick', body: { room: 'lobby', target: 'ghost' }, status: 404, code: 'not_found' },
  { name: 'muting someone with no microphone', path: 'mute', body: { room: 'lobby', target: 'cam-only' }, status: 404, code: 'not_found' },
  { name: 'a moderator kicking the owner', path: 'kick', body: { room: 'lobby', target: 'olga' }, status: 403, code: 'forbidden' },
  { name: 'a moderator banning another moderator', path: 'ban', body: { room: 'lobby', target: 'max' }, status: 403, code: 'forbidden' },
];
for (const c of refusals) {
  test(`moderation refuses ${c.name}`, async () => {
    const ctx = moderated();
    ctx.rooms.add('lobby', 'olga', { role: 'owner' });
    ctx.rooms.add('lobby', 'max', { role: 'moderator' });
    ctx.rooms.add('lobby', 'cam-only', { role: 'participant', tracks: [TrackSource.CAMERA] });
    const r = await ctx.call('POST', `/moderation/${c.path}`, c.body, c.headers ?? MOD);
    assert.equal(r.status, c.status, JSON.stringify(r.body));
    assert.equal(r.body['code'], c.code);
    assert.equal(ctx.audits.length, 0);
    assert.equal(await ctx.store.getBan('lobby', 'max'), undefined);
  });
}

test('moderation while LiveKit is down answers 503 server_unreachable and audits nothing', async () => {
  const ctx = moderated();
  ctx.rooms.down = true;
  const r = await ctx.call('POST', '/moderation/kick', { room: 'lobby', target: 'bob' }, MOD);
  assert.equal(r.status, 503);
  assert.equal(r.body['code'], 'server_unreachable');
  assert.equal(ctx.audits.length, 0);
});

test('invites: a moderator invites a broadcaster (audited) but not a moderator', async () => {
  const ctx = moderated();
  const r = await ctx.call('POST', '/invite', { room: 'lobby', role: 'broadcaster', ttlSeconds: 3600 }, MOD);
  assert.equal(r.status, 201);
  const { receipt } = await ctx.consent();
  const t = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, invite: r.body['invite'] });
  assert.equal(t.body['role'], 'broadcaster');
  assert.equal(ctx.audits.at(-1)?.action, 'invite');
  const up = await ctx.call('POST', '/invite', { room: 'lobby', role: 'moderator' }, MOD);
  assert.equal(up.status, 403);
  const owner = await ctx.call('POST', '/invite', { room: 'lobby', role: 'moderator' }, { 'x-user': 'olga:owner' });
  assert.equal(owner.status, 201);
  await ctx.store.revokeInvite(r.body['id'] as string);
  const revoked = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, invite: r.body['invite'] });
  assert.equal(revoked.body['code'], 'invalid_invite');
});

test('approve-live goes by the newest consent: not an older yes after a no, nor one left over after a withdrawal', async () => {
  const ctx = moderated();
  const u = { 'x-user': 'u' };
  ctx.rooms.add('lobby', 'u', { role: 'participant', canPublish: false });
  const approve = () => ctx.call('POST', '/moderation/approve-live', { room: 'lobby', target: 'u' }, MOD);
  await ctx.consent('lobby', { broadcast: true }, u);
  await ctx.consent('lobby', { broadcast: false }, u);
  assert.equal((await approve()).body['code'], 'not_agreed', 'the newer no counts');
  const yes = await ctx.consent('lobby', { broadcast: true }, u);
  assert.equal((await approve()).status, 200, 'the newest yes counts');
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: yes.receipt }, u)).status, 200);
  assert.equal((await approve()).body['code'], 'not_agreed', 'withdrawn: nothing older comes back');
});

test('a ban whose removal fails in LiveKit leaves no ban without its audit record; the retry stores both once', async () => {
  const ctx = moderated();
  const remove = ctx.rooms.removeParticipant.bind(ctx.rooms);
  ctx.rooms.removeParticipant = async () => {
    throw new TypeError('fetch failed');
  };
  const ban = () => ctx.call('POST', '/moderation/ban', { room: 'lobby', target: 'bob' }, MOD);
  assert.equal((await ban()).status, 503);
  const audited = async () => (await ctx.store.exportSubject('bob')).audits.filter((a) => a.action === 'ban').length;
  assert.ok((await ctx.store.getBan('lobby', 'bob')) === undefined || (await audited()) > 0, 'a stored ban has its audit record');
  ctx.rooms.removeParticipant = remove;
  assert.equal((await ban()).status, 200);
  assert.equal((await ctx.store.getBan('lobby', 'bob'))?.by, 'mia');
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.has('bob'), false);
  assert.deepEqual([await audited(), ctx.audits.length], [1, 1]);
});
