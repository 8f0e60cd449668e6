// The lean minting path (node:crypto HMAC) against the reference it replaced,
// livekit-server-sdk's AccessToken: same inputs, same token.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { Attr, type Role } from '@parlor/core/protocol';
import { videoGrantFor, type GrantLimits } from './grants.js';
import { mintToken, type MintTokenOptions } from './tokens.js';
import { LK } from './test/harness.js';

/** The same token through livekit-server-sdk's AccessToken, as mintToken used to make it. */
async function reference(o: MintTokenOptions): Promise<string> {
  const at = new AccessToken(o.apiKey, o.apiSecret, {
    identity: o.identity,
    name: o.name,
    ttl: o.ttlSeconds ?? 600,
    attributes: { ...o.attributes, [Attr.Role]: o.role },
  });
  at.addGrant(videoGrantFor(o.room, o.role, o.limits));
  return at.toJwt();
}

const roles: Role[] = ['owner', 'moderator', 'broadcaster', 'participant', 'viewer'];
const limitSets: GrantLimits[] = [
  { mayPublish: true, mayChat: true },
  { mayPublish: false, mayChat: true },
  { mayPublish: true, mayChat: false },
  { mayPublish: false, mayChat: false },
];
const cases: MintTokenOptions[] = [];
for (const role of roles) {
  for (const limits of limitSets) {
    cases.push({ ...LK, room: 'lobby', identity: `guest_${role}`, name: 'Zoë Ådå 李', role, limits });
  }
}
cases.push({ ...LK, room: 'town-hall', identity: 'u1', name: 'Ada', role: 'participant', limits: limitSets[0]!, ttlSeconds: 42, attributes: { 'parlor.recording-consent': 'required' } });
cases.push({ ...LK, room: 'r', identity: 'u2', name: '', role: 'viewer', limits: limitSets[3]!, attributes: { [Attr.Role]: 'owner', x: 'y' } });

const withoutTimes = (claims: Record<string, unknown>) => {
  const { exp: _exp, nbf: _nbf, ...rest } = claims;
  return rest;
};

test('for the same inputs the lean token decodes to the claims AccessToken writes, in the same order, with the same header', async () => {
  for (const c of cases) {
    const lean = (await mintToken(c)).token;
    const ref = await reference(c);
    const a = decodeJwt(lean) as Record<string, unknown>;
    const b = decodeJwt(ref) as Record<string, unknown>;
    assert.deepEqual(withoutTimes(a), withoutTimes(b), `${c.role} ${JSON.stringify(c.limits)}`);
    assert.deepEqual(Object.keys(a), Object.keys(b));
    assert.deepEqual(Object.keys(a['video'] as object), Object.keys(b['video'] as object));
    assert.deepEqual(decodeProtectedHeader(lean), decodeProtectedHeader(ref));
    const ttl = c.ttlSeconds ?? 600;
    assert.equal((a['exp'] as number) - (a['nbf'] as number), ttl);
    assert.equal((b['exp'] as number) - (b['nbf'] as number), ttl);
    assert.ok(Math.abs((a['nbf'] as number) - (b['nbf'] as number)) <= 1);
    assert.equal(a['iss'], LK.apiKey);
    assert.equal(a['sub'], c.identity);
    assert.equal((a['attributes'] as Record<string, string>)[Attr.Role], c.role, 'parlor.role cannot be overridden');
    assert.equal('jti' in a, false);
  }
});

test('at the same instant the lean token is byte for byte the AccessToken one', async () => {
  mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 10, 29, 8, 0, 0, 500) });
  try {
    for (const c of cases) assert.equal((await mintToken(c)).token, await reference(c), `${c.role} ${JSON.stringify(c.limits)}`);
  } finally {
    mock.timers.reset();
  }
});

test('both tokens verify with livekit-server-sdk TokenVerifier, and neither with another secret', async () => {
  const verifier = new TokenVerifier(LK.apiKey, LK.apiSecret);
  const other = new TokenVerifier(LK.apiKey, `${LK.apiSecret}-not`);
  for (const c of cases.slice(0, 6)) {
    const lean = (await mintToken(c)).token;
    const ref = await reference(c);
    const v = await verifier.verify(lean, 0);
    assert.deepEqual(withoutTimes(v as Record<string, unknown>), withoutTimes((await verifier.verify(ref, 0)) as Record<string, unknown>));
    await assert.rejects(other.verify(lean, 0));
    await assert.rejects(other.verify(ref, 0));
  }
});

test('mintToken reports the grants and expiry it signed', async () => {
  const before = Math.floor(Date.now() / 1000);
  const m = await mintToken({ ...LK, room: 'lobby', identity: 'u', name: 'Ada', role: 'moderator', limits: { mayPublish: true, mayChat: false }, ttlSeconds: 60 });
  const claims = decodeJwt(m.token);
  assert.equal(m.expiresAt.getTime(), (claims.exp ?? 0) * 1000);
  assert.ok((claims.exp ?? 0) >= before + 60);
  assert.deepEqual(m.grants, { canPublish: true, canSubscribe: true, canPublishData: false, canModerate: true, hidden: false });
  assert.deepEqual((claims['video'] as { canPublishSources: string[] }).canPublishSources, ['camera', 'microphone', 'screen_share', 'screen_share_audio']);
});

test('mintToken refuses to mint without an identity, a key or a secret (AccessToken would read LIVEKIT_API_* from the environment)', async () => {
  const base: MintTokenOptions = { ...LK, room: 'lobby', identity: 'u', name: 'Ada', role: 'participant', limits: limitSets[0]! };
  await assert.rejects(mintToken({ ...base, identity: '' }), TypeError);
  await assert.rejects(mintToken({ ...base, apiSecret: '' }), TypeError);
  await assert.rejects(mintToken({ ...base, apiKey: '' }), TypeError);
});
