// The lean HS256 verifier behind receipts and invites: everything jose's
// jwtVerify refuses for these options it refuses too, and the verified-receipt
// cache never lets a changed, expired or foreign receipt through.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify, decodeJwt } from 'jose';
import type { ConsentRecord } from '@parlor/core/protocol';
import { signFor, verifyFor } from './signing.js';
import { signReceipt, verifyReceipt } from './receipts.js';
import { SECRET } from './test/harness.js';

const AUD = 'parlor:consent-receipt';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A compact JWS with any header and claims, HMAC-SHA256-signed with `secret`. */
const forge = (header: object, claims: object, secret = SECRET) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const good = () => ({ iss: 'parlor', aud: AUD, jti: 'c-1', sub: 'guest_x', iat: now(), exp: now() + 60 });

async function joseAccepts(jws: string): Promise<boolean> {
  try {
    await jwtVerify(jws, key, { algorithms: ['HS256'], issuer: 'parlor', audience: AUD, requiredClaims: ['exp', 'jti'] });
    return true;
  } catch {
    return false;
  }
}
async function leanAccepts(jws: string): Promise<boolean> {
  try {
    await verifyFor(AUD, jws, SECRET);
    return true;
  } catch (e) {
    assert.equal((e as Error).name, 'InvalidSignatureError');
    return false;
  }
}

test('the lean verifier accepts what signFor and jose make, and agrees with jose on each refusal', async () => {
  const { jws } = await signFor(AUD, { consent: 1 }, { secret: SECRET, ttlSeconds: 60, subject: 's', id: 'i' });
  const viaJose = await new SignJWT({ x: 1 }).setProtectedHeader({ alg: 'HS256' }).setIssuer('parlor').setAudience([AUD, 'other'])
    .setJti('j').setExpirationTime('1m').sign(key);
  const [h, p, s] = jws.split('.') as [string, string, string];
  const hs512 = (() => {
    const input = `${b64({ alg: 'HS512' })}.${b64(good())}`;
    return `${input}.${createHmac('sha512', SECRET).update(input).digest('base64url')}`;
  })();
  const accepted = { jws, viaJose, notYetButIatFuture: forge({ alg: 'HS256' }, { ...good(), iat: now() + 3600 }) };
  const refused = {
    tamperedPayload: `${h}.${b64({ ...decodeJwt(jws), sub: 'admin' })}.${s}`,
    tamperedHeader: `${b64({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${p}.${s}`,
    algNone: `${b64({ alg: 'none' })}.${p}.`,
    algNoneWithSig: `${b64({ alg: 'none' })}.${p}.${s}`,
    hs512,
    otherSecret: forge({ alg: 'HS256' }, good(), `${SECRET}-other`),
    expired: forge({ alg: 'HS256' }, { ...good(), exp: now() - 1 }),
    expiresNow: forge({ alg: 'HS256' }, { ...good(), exp: now() }),
    notBefore: forge({ alg: 'HS256' }, { ...good(), nbf: now() + 60 }),
    noExp: forge({ alg: 'HS256' }, { ...good(), exp: undefined }),
    stringExp: forge({ alg: 'HS256' }, { ...good(), exp: String(now() + 60) }),
    noJti: forge({ alg: 'HS256' }, { ...good(), jti: undefined }),
    wrongIssuer: forge({ alg: 'HS256' }, { ...good(), iss: 'someone' }),
    wrongAudience: forge({ alg: 'HS256' }, { ...good(), aud: 'parlor:invite' }),
    noAudience: forge({ alg: 'HS256' }, { ...good(), aud: undefined }),
    crit: forge({ alg: 'HS256', crit: ['exp'], exp: 1 }, good()),
    b64false: forge({ alg: 'HS256', b64: false, crit: ['b64'] }, good()),
    arrayClaims: (() => {
      const input = `${b64({ alg: 'HS256' })}.${b64([good()])}`;
      return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    })(),
    truncatedSig: `${h}.${p}.${s.slice(0, -2)}`,
    extraSegment: `${jws}.x`,
    twoSegments: `${h}.${p}`,
    empty: '',
    garbage: 'x.y.z',
  };
  for (const [name, t] of Object.entries(accepted)) {
    assert.equal(await leanAccepts(t), true, name);
    assert.equal(await joseAccepts(t), true, name);
  }
  for (const [name, t] of Object.entries(refused)) {
    assert.equal(await leanAccepts(t), false, name);
    assert.equal(await joseAccepts(t), false, name);
  }
  // Stricter than jose: only the canonical unpadded base64url signature.
  assert.equal(await leanAccepts(`${jws}=`), false);
  assert.equal(await leanAccepts(`${h}.${p}.${s}==`), false);
});

const record: ConsentRecord = {
  id: 'c-9', subject: 'guest_y', room: 'lobby', purposes: { terms: true, broadcast: true, recording: false, analytics: false },
  policyVersion: '1', issuedAt: '2026-11-29T08:00:00.000Z', method: 'web-form', gpc: false,
};

test('a receipt verified before is still checked for expiry, and what callers change does not stick', async () => {
  mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 10, 29, 8, 0, 0) });
  try {
    const { receipt, expiresAt } = await signReceipt(record, { secret: SECRET, ttlSeconds: 10 });
    const first = await verifyReceipt(receipt, SECRET);
    first.record.subject = 'admin';
    first.record.purposes.recording = true;
    const second = await verifyReceipt(receipt, SECRET);
    assert.deepEqual(second.record, record);
    assert.equal(second.expiresAt.getTime(), expiresAt.getTime());
    await assert.rejects(verifyReceipt(receipt, `${SECRET}-rotated`), { name: 'InvalidSignatureError' });
    mock.timers.tick(9_000);
    assert.deepEqual((await verifyReceipt(receipt, SECRET)).record, record);
    mock.timers.tick(1_000);
    await assert.rejects(verifyReceipt(receipt, SECRET), { name: 'InvalidSignatureError' });
    await assert.rejects(verifyReceipt(receipt, SECRET), { name: 'InvalidSignatureError' });
  } finally {
    mock.timers.reset();
  }
});

test('a changed copy of a verified receipt is verified afresh and refused', async () => {
  const { receipt } = await signReceipt(record, { secret: SECRET });
  await verifyReceipt(receipt, SECRET);
  const [h, p, s] = receipt.split('.') as [string, string, string];
  const claims = decodeJwt(receipt);
  const changed = [
    `${h}.${b64({ ...claims, consent: { ...record, purposes: { ...record.purposes, recording: true } } })}.${s}`,
    `${b64({ alg: 'none' })}.${p}.`,
    `${h}.${p}.${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`,
    ` ${receipt}`,
  ];
  for (const bad of changed) await assert.rejects(verifyReceipt(bad, SECRET), { name: 'InvalidSignatureError' });
});

test('a receipt whose record does not match its subject or id is refused even when signed', async () => {
  const claims = { iss: 'parlor', aud: AUD, jti: 'c-9', sub: 'someone-else', exp: now() + 60, consent: record };
  await assert.rejects(verifyReceipt(forge({ alg: 'HS256' }, claims), SECRET), { name: 'InvalidSignatureError' });
  await assert.rejects(verifyReceipt(forge({ alg: 'HS256' }, { ...claims, sub: 'guest_y', consent: { ...record, gpc: 'no' } }), SECRET), {
    name: 'InvalidSignatureError',
  });
});

test('signFor writes what jose SignJWT writes for the same claims (header, claims), and jose verifies it', async () => {
  const claims = { consent: { id: 'c-1', purposes: { terms: true } } };
  const { jws, expiresAt } = await signFor(AUD, claims, { secret: SECRET, ttlSeconds: 600, subject: 'guest_x', id: 'c-1' });
  const payload = decodeJwt(jws);
  const iat = payload.iat!;
  const viaJose = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('parlor')
    .setAudience(AUD)
    .setJti('c-1')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setSubject('guest_x')
    .sign(key);
  const part = (t: string, i: number) => JSON.parse(Buffer.from(t.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;
  assert.deepEqual(part(jws, 0), part(viaJose, 0));
  assert.deepEqual(part(jws, 1), part(viaJose, 1));
  assert.equal(expiresAt.getTime(), (iat + 600) * 1000);
  const verified = await jwtVerify(jws, key, { algorithms: ['HS256'], issuer: 'parlor', audience: AUD, subject: 'guest_x', requiredClaims: ['exp', 'jti', 'iat'] });
  assert.deepEqual(verified.payload['consent'], claims.consent);
  assert.deepEqual(verified.protectedHeader, { alg: 'HS256', typ: 'JWT' });
});
