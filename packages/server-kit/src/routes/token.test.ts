import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { TokenVerifier } from 'livekit-server-sdk';
import type { Role } from '@parlor/core/protocol';
import { tokenResponseSchema } from '@parlor/core/protocol';
import { createInvite } from '../invites.js';
import { LK, SECRET, setup } from '../test/harness.js';
import type { AuthResult } from '../options.js';

/** authenticate() reading `x-user: identity:role` (a stand-in for the host's session cookie). */
const auth = async (req: Request): Promise<AuthResult | null> => {
  const h = req.headers.get('x-user');
  if (!h) return null;
  const [identity, role] = h.split(':');
  return { identity: identity!, role: role as Role };
};

const ALL_SOURCES = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];
const AV = ['camera', 'microphone'];

const roleCases: { role: Role; publish: string[]; data: boolean; hidden: boolean; admin: boolean }[] = [
  { role: 'owner', publish: ALL_SOURCES, data: true, hidden: false, admin: true },
  { role: 'moderator', publish: ALL_SOURCES, data: true, hidden: false, admin: true },
  { role: 'broadcaster', publish: ALL_SOURCES, data: true, hidden: false, admin: false },
  { role: 'participant', publish: AV, data: true, hidden: false, admin: false },
  { role: 'viewer', publish: [], data: false, hidden: true, admin: false },
];

for (const c of roleCases) {
  test(`a ${c.role} with full consent gets exactly the ${c.role} grants, every field explicit`, async () => {
    const { call, consent } = setup({ authenticate: auth });
    const user = { 'x-user': `u-${c.role}:${c.role}` };
    const { receipt } = await consent('lobby', {}, user);
    const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt }, user);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const body = tokenResponseSchema.parse(r.body);
    const claims = decodeJwt(body.token);
    assert.equal(claims.sub, `u-${c.role}`);
    assert.equal(claims['name'], 'Ada');
    assert.deepEqual(claims['attributes'], { 'parlor.role': c.role });
    assert.deepEqual(claims['video'], {
      room: 'lobby',
      roomJoin: true,
      roomCreate: false,
      roomList: false,
      roomRecord: false,
      roomAdmin: false,
      ingressAdmin: false,
      canPublish: c.publish.length > 0,
      canPublishSources: c.publish,
      canSubscribe: true,
      canPublishData: c.data,
      canUpdateOwnMetadata: false,
      hidden: c.hidden,
      recorder: false,
      agent: false,
      canSubscribeMetrics: false,
      canManageAgentSession: false,
    });
    assert.ok((claims.exp ?? 0) - Math.floor(Date.now() / 1000) <= 600);
    assert.equal(body.url, LK.url);
    assert.deepEqual(body.grants, { canPublish: c.publish.length > 0, canSubscribe: true, canPublishData: c.data, canModerate: c.admin, hidden: c.hidden });
    assert.equal(new Date(body.expiresAt).getTime(), (claims.exp ?? 0) * 1000);
    await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(body.token);
  });
}

test('a guest gets a fresh guest identity from the verified receipt, never from the body', async () => {
  const { call, consent } = setup();
  const { receipt, subject } = await consent();
  assert.match(subject, /^guest_[A-Za-z0-9_-]{16}$/);
  const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, identity: 'admin' });
  assert.equal(r.status, 200);
  assert.equal(r.body['identity'], subject);
  assert.equal(decodeJwt(r.body['token'] as string).sub, subject);
  assert.equal(r.body['role'], 'participant');
});

const consentCases: { name: string; purposes: Record<string, boolean>; policy?: object; publish: boolean }[] = [
  { name: 'no broadcast consent cannot publish', purposes: { broadcast: false }, publish: false },
  { name: 'no recording consent cannot publish when recording consent is required', purposes: { recording: false }, publish: false },
  { name: 'no recording consent can publish when it is not required', purposes: { recording: false }, policy: { requireRecordingConsent: false }, publish: true },
  { name: 'no broadcast consent can publish when the policy does not require it', purposes: { broadcast: false }, policy: { requireBroadcastConsent: false }, publish: true },
];
for (const c of consentCases) {
  test(`a participant with ${c.name}`, async () => {
    const { call, consent } = setup(c.policy ? { policy: c.policy } : {});
    const { receipt } = await consent('lobby', c.purposes);
    const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt });
    assert.equal(r.status, 200);
    const video = decodeJwt(r.body['token'] as string)['video'] as Record<string, unknown>;
    assert.equal(video['canPublish'], c.publish);
    assert.deepEqual(video['canPublishSources'], c.publish ? AV : []);
    assert.equal(video['canPublishData'], true);
  });
}

test('an anonymous viewer gets a hidden, subscribe-only, no-chat token', async () => {
  const { call } = setup();
  const r = await call('POST', '/token', { room: 'lobby', screenName: 'Watcher', mode: 'viewer' });
  assert.equal(r.status, 200);
  assert.match(r.body['identity'] as string, /^viewer_/);
  assert.deepEqual(r.body['grants'], { canPublish: false, canSubscribe: true, canPublishData: false, canModerate: false, hidden: true });
});

test('viewer mode turns a moderator into a viewer', async () => {
  const { call, consent } = setup({ authenticate: auth });
  const user = { 'x-user': 'm1:moderator' };
  const { receipt } = await consent('lobby', {}, user);
  const r = await call('POST', '/token', { room: 'lobby', screenName: 'Mia', receipt, mode: 'viewer' }, user);
  assert.equal(r.body['role'], 'viewer');
  assert.equal((r.body['grants'] as { canModerate: boolean }).canModerate, false);
});

test('an invite raises a guest to its role; a forged, foreign-room or revoked invite is refused', async () => {
  const { call, consent, store } = setup();
  const { receipt } = await consent();
  const good = await createInvite({ room: 'lobby', role: 'broadcaster', secret: SECRET });
  const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, invite: good.invite });
  assert.equal(r.body['role'], 'broadcaster');

  const other = await createInvite({ room: 'other', role: 'broadcaster', secret: SECRET });
  const forged = await createInvite({ room: 'lobby', role: 'owner', secret: 'x'.repeat(40) });
  await store.putInvite({ id: good.id, room: 'lobby', role: 'broadcaster', createdBy: 'o', expiresAt: '', revoked: true });
  for (const invite of [other.invite, forged.invite, good.invite, 'garbage']) {
    const bad = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt, invite });
    assert.equal(bad.status, 403);
    assert.equal(bad.body['code'], 'invalid_invite');
  }
});

test('an email address as the host identity is refused (everyone in the room would read it); an opaque id is not', async () => {
  for (const identity of ['ada@example.com', 'Ada <ada@mail.example.org>']) {
    const { call, consent, errors } = setup({ authenticate: async () => ({ identity }) });
    const { receipt } = await consent();
    const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt });
    assert.equal(r.status, 500, identity);
    assert.equal(r.body['code'], 'server_error');
    assert.doesNotMatch(JSON.stringify(r.body), /example/, 'the answer does not repeat it');
    assert.match(String(errors[0]), /email address as the identity/);
    // What a site signed them in as before it changed its ids still reaches their data.
    assert.equal((await call('GET', '/me/data')).status, 200);
    assert.equal((await call('DELETE', '/consent', { receipt })).status, 200);
  }
  for (const identity of ['user-42', 'auth0|5f1c9', 'team@', '@handle']) {
    const { call, consent } = setup({ authenticate: async () => ({ identity }) });
    const { receipt } = await consent();
    const r = await call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt });
    assert.equal(r.status, 200, `${identity}: ${JSON.stringify(r.body)}`);
    assert.equal(decodeJwt(r.body['token'] as string).sub, identity);
  }
});

test('the host name from authenticate is used instead of the requested screen name', async () => {
  const { call, consent } = setup({ authenticate: async () => ({ identity: 'u9', name: 'Grace Hopper' }) });
  const { receipt } = await consent();
  const r = await call('POST', '/token', { room: 'lobby', screenName: 'Someone', receipt });
  assert.equal(r.body['screenName'], 'Grace Hopper');
  assert.equal(decodeJwt(r.body['token'] as string)['name'], 'Grace Hopper');
});
