import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, SignJWT } from 'jose';
import { createInvite, verifyInvite } from './invites.js';
import { signReceipt, verifyReceipt } from './receipts.js';
import { checkScreenName } from './screen-name.js';
import { RateLimiter } from './rate-limit.js';
import { HttpError } from './http-error.js';
import { SECRET } from './test/harness.js';
import type { ConsentRecord } from '@parlor/core/protocol';

const record: ConsentRecord = {
  id: 'c-1', subject: 'guest_x', room: 'lobby', purposes: { terms: true, broadcast: false, recording: false, analytics: false },
  policyVersion: '3', issuedAt: '2024-05-01T10:00:00.000Z', method: 'web-form', gpc: true, jurisdiction: 'EU',
};

test('a receipt round-trips and carries the record as a JWS claim', async () => {
  const { receipt, expiresAt } = await signReceipt(record, { secret: SECRET, ttlSeconds: 60 });
  const claims = decodeJwt(receipt);
  assert.deepEqual([claims.sub, claims.jti, claims.aud, claims['consent']], ['guest_x', 'c-1', 'parlor:consent-receipt', record]);
  const v = await verifyReceipt(receipt, SECRET);
  assert.deepEqual(v.record, record);
  assert.equal(v.expiresAt.getTime(), expiresAt.getTime());
});

test('receipts and invites refuse tampering, other secrets, expiry and each other', async () => {
  const { receipt } = await signReceipt(record, { secret: SECRET });
  const { invite } = await createInvite({ room: 'lobby', role: 'broadcaster', secret: SECRET });
  const [h, p, s] = receipt.split('.');
  const tampered = [h, Buffer.from(JSON.stringify({ ...decodeJwt(receipt), sub: 'admin' })).toString('base64url'), s].join('.');
  void p;
  const expired = await new SignJWT({ consent: record }).setProtectedHeader({ alg: 'HS256' }).setIssuer('parlor').setAudience('parlor:consent-receipt')
    .setSubject('guest_x').setJti('c-1').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(new TextEncoder().encode(SECRET));
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
  for (const bad of [tampered, expired, none, invite, 'x', '']) {
    await assert.rejects(verifyReceipt(bad, SECRET), { name: 'InvalidSignatureError' });
  }
  await assert.rejects(verifyReceipt(receipt, 'another-secret-that-is-32-chars-long!'), { name: 'InvalidSignatureError' });
  await assert.rejects(verifyInvite(receipt, SECRET), { name: 'InvalidSignatureError' });
  assert.deepEqual((await verifyInvite(invite, SECRET)).role, 'broadcaster');
  await assert.rejects(signReceipt(record, { secret: 'short' }), /at least 32/);
});

const names: { name: string; role: 'participant' | 'moderator'; ok: boolean; code?: string }[] = [
  { name: '  Ada Lovelace ', role: 'participant', ok: true },
  { name: 'Zoë', role: 'participant', ok: true },
  { name: '李小龍', role: 'participant', ok: true },
  { name: 'Modesto', role: 'participant', ok: true },
  { name: 'Moderator', role: 'moderator', ok: true },
  { name: 'Admin', role: 'participant', ok: false, code: 'screen_name_reserved' },
  { name: 'sys-admin', role: 'participant', ok: false, code: 'screen_name_reserved' },
  { name: 'a\u200bb', role: 'participant', ok: false },
  { name: 'x', role: 'participant', ok: false },
];
for (const c of names) {
  test(`screen name ${JSON.stringify(c.name)} as ${c.role} is ${c.ok ? 'accepted' : 'refused'}`, () => {
    if (c.ok) assert.equal(checkScreenName(c.name, c.role), c.name.trim());
    else assert.throws(() => checkScreenName(c.name, c.role), (e: unknown) => e instanceof HttpError && e.code === (c.code ?? 'screen_name_rejected'));
  });
}

test('the rate limiter drops a window when it ends, with no later request to sweep it: an IP is held for its window and no longer', async () => {
  const rl = new RateLimiter({ consent: { windowSeconds: 0.05, perIp: 5, perIdentity: 5 } });
  rl.hit('consent', 'perIp', '203.0.113.7');
  rl.hit('token', 'perIp', '203.0.113.8');
  assert.equal(rl.size, 2);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(rl.size, 1, 'the 50 ms window is gone; the 60 s one stays');
});

test('the rate limiter opens a new window after the old one ends', () => {
  let now = 0;
  const rl = new RateLimiter({ token: { windowSeconds: 10, perIp: 1, perIdentity: 1 } }, () => now);
  rl.hit('token', 'perIp', 'a');
  assert.throws(() => rl.hit('token', 'perIp', 'a'), (e: unknown) => e instanceof HttpError && e.retryAfter === 10);
  rl.hit('token', 'perIp', 'b');
  now = 10_000;
  rl.hit('token', 'perIp', 'a');
  new RateLimiter(false).hit('token', 'perIp', 'a');
});
