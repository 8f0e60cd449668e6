// Token endpoint fuzz: generated and mutated bodies, headers and host
// identities against the real handler (in process, fake room service). No
// input may produce a 500, and every token issued must respect consent,
// role, room, identity and lifetime. CI runs a seeded 5,000; the full run
// (PARLOR_HARDENING_FULL=1, `npm run test:hardening`) runs 100,000.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import {
  createInvite,
  createParlorHandler,
  MemoryStore,
  ReceiptStatus,
  signReceipt,
  type AuthResult,
  type ParlorHandler,
  type RoomPolicy,
} from '@parlor/server-kit';
import type { ConsentRecord, Role } from '@parlor/core/protocol';
import { FakeRoomService } from '../packages/server-kit/src/test/fake-room-service.js';
import { FULL, figure } from './harness/browser.js';

const SECRET = 'fuzz-secret-fuzz-secret-fuzz-secret-0123456789';
const LK = { url: 'ws://lk.test', host: 'http://lk.test', apiKey: 'fuzzkey', apiSecret: 'fuzz-api-secret-fuzz-api-secret-0123' };
const TTL = 300;
const RUNS = Number(process.env['PARLOR_FUZZ_RUNS'] ?? (FULL ? 100_000 : 5_000));
const SEED = Number(process.env['PARLOR_FUZZ_SEED'] ?? 20261129);
const ROLES: Role[] = ['owner', 'moderator', 'broadcaster', 'participant', 'viewer'];
const RANK: Record<Role, number> = { viewer: 0, participant: 1, broadcaster: 2, moderator: 3, owner: 4 };

/** Per-room policies: what the checker needs to know about each room. */
const POLICIES: Record<string, Required<Pick<RoomPolicy, 'termsVersion' | 'requireBroadcastConsent' | 'requireRecordingConsent' | 'allowAnonymousViewers'>>> = {
  lobby: { termsVersion: '1', requireBroadcastConsent: true, requireRecordingConsent: true, allowAnonymousViewers: true },
  open: { termsVersion: '1', requireBroadcastConsent: true, requireRecordingConsent: false, allowAnonymousViewers: true },
  v2: { termsVersion: '2', requireBroadcastConsent: true, requireRecordingConsent: false, allowAnonymousViewers: false },
  closed: { termsVersion: '1', requireBroadcastConsent: false, requireRecordingConsent: false, allowAnonymousViewers: false },
};
const ROOMS = Object.keys(POLICIES);

/** The host's session: `x-user` carries base64url JSON `{ identity, role }`; anything unreadable is "not signed in". */
function authenticate(req: Request): AuthResult | null {
  const h = req.headers.get('x-user');
  if (!h) return null;
  try {
    const v = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as AuthResult;
    return typeof v.identity === 'string' && v.identity.length >= 1 && v.identity.length <= 128 && ROLES.includes(v.role as Role) ? v : null;
  } catch {
    return null;
  }
}
const userHeader = (a: AuthResult) => Buffer.from(JSON.stringify(a)).toString('base64url');

interface Pools {
  receipts: Map<string, { record: ConsentRecord; active: boolean }>;
  invites: Map<string, { room: string; role: Role }>;
  auths: AuthResult[];
}

async function makePools(handler: ParlorHandler, store: MemoryStore): Promise<Pools> {
  const receipts: Pools['receipts'] = new Map();
  const invites: Pools['invites'] = new Map();
  const auths: AuthResult[] = [
    ...ROLES.map((role, i) => ({ identity: `user-${i}`, role })),
    { identity: '__proto__', role: 'participant' },
    { identity: 'constructor', role: 'viewer' },
    { identity: 'guest_impersonator', role: 'participant' },
    { identity: '用户 ☃ 👩‍💻', role: 'broadcaster' },
  ];
  const subjects: (string | undefined)[] = [undefined, undefined, ...auths.map((a) => a.identity)];
  let n = 0;
  for (const room of ROOMS) {
    for (const subject of subjects) {
      for (const version of ['1', '2', '0']) {
        for (const purposes of [
          { terms: true, broadcast: true, recording: true, analytics: false },
          { terms: true, broadcast: true, recording: false, analytics: true },
          { terms: true, broadcast: false, recording: false, analytics: false },
          { terms: false, broadcast: true, recording: true, analytics: false },
        ]) {
          const record: ConsentRecord = {
            id: randomUUID(),
            subject: subject ?? `guest_fuzz${n++}`,
            room,
            purposes,
            policyVersion: version,
            issuedAt: new Date().toISOString(),
            method: 'web-form:opt-in;analytics:opt-out',
            gpc: false,
          };
          const { receipt, expiresAt } = await signReceipt(record, { secret: SECRET });
          const active = n % 7 !== 0; // some withdrawn
          await store.putReceipt({
            record,
            receipt,
            status: active ? ReceiptStatus.Active : ReceiptStatus.Withdrawn,
            statusAt: record.issuedAt,
            expiresAt: expiresAt.toISOString(),
          });
          receipts.set(receipt, { record, active });
        }
      }
    }
  }
  // One receipt from the real consent route, to be sure the pool looks like real ones.
  const res = await handler(
    new Request('http://h.test/api/parlor/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: 'open', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } }),
    }),
    { ip: '10.9.9.9' },
  );
  assert.equal(res.status, 201);
  const real = (await res.json()) as { receipt: string; record: ConsentRecord };
  receipts.set(real.receipt, { record: real.record, active: true });
  for (const room of ROOMS) {
    for (const role of ROLES) {
      const inv = await createInvite({ room, role, secret: SECRET });
      invites.set(inv.invite, { room, role });
    }
  }
  return { receipts, invites, auths };
}

/** One character changed, inserted or dropped: signatures must catch it. */
const mutate = (s: string) =>
  fc.tuple(fc.nat(), fc.constantFrom('flip', 'drop', 'insert', 'truncate'), fc.string({ minLength: 1, maxLength: 1 })).map(([i, how, c]) => {
    const at = s.length ? i % s.length : 0;
    if (how === 'flip') return s.slice(0, at) + String.fromCharCode(s.charCodeAt(at) ^ 1) + s.slice(at + 1);
    if (how === 'drop') return s.slice(0, at) + s.slice(at + 1);
    if (how === 'insert') return s.slice(0, at) + c + s.slice(at);
    return s.slice(0, at);
  });

function requestArb(p: Pools) {
  const receiptList = [...p.receipts.keys()];
  const inviteList = [...p.invites.keys()];
  const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
  const room = fc.oneof({ weight: 24, arbitrary: fc.constantFrom(...ROOMS) }, { weight: 1, arbitrary: anyString }, { weight: 1, arbitrary: fc.constantFrom('a'.repeat(65), 'lobby ', '../lobby', 'LOBBY', '') });
  const screenName = fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom('Ada', 'Moonbeam', 'Zoë', '  Ada  ', 'Ли Вэй', 'O\'Neil') },
    { weight: 2, arbitrary: fc.constantFrom('Admin', 'M0derator', 'owner', 'A', 'x'.repeat(33), '<b>Ada</b>', 'Ada\u200b') },
    { weight: 1, arbitrary: anyString },
  );
  const receipt = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...receiptList) },
    { weight: 2, arbitrary: fc.constantFrom(...receiptList).chain(mutate) },
    { weight: 1, arbitrary: anyString },
    { weight: 3, arbitrary: fc.constant(undefined) },
  );
  const invite = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...inviteList) },
    { weight: 1, arbitrary: fc.constantFrom(...inviteList).chain(mutate) },
    { weight: 6, arbitrary: fc.constant(undefined) },
  );
  const mode = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: fc.constantFrom('participant', 'viewer') }, { weight: 1, arbitrary: fc.constantFrom('owner', 'VIEWER', 1, null) });
  const extra = fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'identity', 'role', 'grants', 'video', 'ttl', 'name', 'canPublish', 'prototype'),
    fc.oneof(fc.jsonValue(), fc.constant({ roomAdmin: true, canPublish: true })),
    { maxKeys: 3 },
  );
  const objectBody = fc.record({ room, screenName, receipt, invite, mode, extra }).map(({ extra, ...b }) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(b)) if (v !== undefined) o[k] = v;
    // Own `__proto__` keys like an attacker's JSON has, not a prototype change.
    let text = JSON.stringify(o);
    const extras = Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`);
    if (extras.length) text = text.slice(0, -1) + (text.length > 2 ? ',' : '') + extras.join(',') + '}';
    return { text, body: o };
  });
  const body = fc.oneof(
    { weight: 12, arbitrary: objectBody },
    { weight: 2, arbitrary: objectBody.chain((b) => mutate(b.text).map((text) => ({ text, body: undefined }))) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null', body: undefined })) },
    { weight: 1, arbitrary: anyString.map((text) => ({ text, body: undefined })) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"room":"lobby"', '\uFEFF{}', '{"__proto__":{"roomAdmin":true}}').map((text) => ({ text, body: undefined })) },
  );
  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.constantFrom(...p.auths) },
    { weight: 2, arbitrary: fc.record({ identity: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 128 }), role: fc.constantFrom(...ROLES) }) },
  );
  const headers = fc.record({
    auth,
    garbageUser: fc.option(anyString, { freq: 8 }),
    gpc: fc.option(fc.constantFrom('1', '0', ' 1 ', 'yes'), { freq: 3 }),
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    forwarded: fc.option(fc.constantFrom('1.2.3.4', '::1, 9.9.9.9', 'garbage', ''), { freq: 4 }),
    bearer: fc.option(fc.constantFrom(...receiptList.slice(0, 20)).map((r) => `Bearer ${r}`), { freq: 8 }),
    bogusLength: fc.option(fc.constantFrom('0', '-1', '999999999', 'abc'), { freq: 10 }),
  });
  const method = fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') });
  const path = fc.oneof({ weight: 20, arbitrary: fc.constant('/api/parlor/token') }, { weight: 1, arbitrary: fc.constantFrom('/api/parlor/token/', '/api/parlor//token', '/api/parlor/%74oken', '/api/parlor/token?room=lobby', '/api/parlor/token/..%2ftoken') });
  const ip = fc.constantFrom('10.0.0.1', '10.0.0.2', '::1', undefined);
  return fc.record({ method, path, body, headers, ip, coherent: fc.boolean() });
}

test(`token endpoint: ${RUNS} fuzzed requests, no 500, every issued token within consent, role, room, identity and TTL`, { timeout: 60 * 60_000 }, async () => {
  const store = new MemoryStore();
  const errors: unknown[] = [];
  const handler = createParlorHandler({
    livekit: LK,
    secret: SECRET,
    store,
    roomService: new FakeRoomService(),
    authenticate,
    allowGuests: true,
    guestRole: 'participant',
    tokenTtlSeconds: TTL,
    rateLimit: false,
    policy: (room) => POLICIES[room] ?? { termsVersion: '1' },
    onError: (e) => errors.push(e),
  });
  const pools = await makePools(handler, store);
  const statuses = new Map<number, number>();
  let issued = 0;
  const started = Date.now();

  await fc.assert(
    fc.asyncProperty(requestArb(pools), async (r) => {
      // Half the runs line the room and the host session up with the receipt, so many tokens get issued and checked.
      const asked = r.body.body as { receipt?: string; room?: string } | undefined;
      const pooled = asked?.receipt ? pools.receipts.get(asked.receipt) : undefined;
      if (r.coherent && pooled && asked) {
        r.body.text = r.body.text.replace(JSON.stringify({ room: asked.room }).slice(1, -1), JSON.stringify({ room: pooled.record.room }).slice(1, -1));
        r.headers.auth = pools.auths.find((a) => a.identity === pooled.record.subject);
      }
      const headers = new Headers();
      if (r.headers.contentType) headers.set('content-type', r.headers.contentType);
      if (r.headers.auth) headers.set('x-user', userHeader(r.headers.auth));
      else if (r.headers.garbageUser !== null) headers.set('x-user', encodeURIComponent(r.headers.garbageUser));
      if (r.headers.gpc !== null) headers.set('sec-gpc', r.headers.gpc);
      if (r.headers.forwarded !== null) headers.set('x-forwarded-for', r.headers.forwarded);
      if (r.headers.bearer !== null) headers.set('authorization', r.headers.bearer);
      const init: RequestInit = { method: r.method, headers };
      if (r.method !== 'GET') init.body = r.body.text;
      const res = await handler(new Request('http://h.test' + r.path, init), r.ip ? { ip: r.ip } : {});
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      assert.notEqual(res.status, 500, `500 for ${JSON.stringify(r)}: ${text} ${String(errors.at(-1))}`);
      assert.ok([200, 400, 401, 403, 404, 405, 409, 413].includes(res.status), `unexpected ${res.status}: ${text}`);
      const json = JSON.parse(text) as Record<string, unknown>;
      if (res.status !== 200) {
        if (process.env['FUZZ_DEBUG']) console.log('DBG', text.slice(0, 200));
        assert.equal(typeof json['code'], 'string');
        return;
      }
      issued++;
      // Only a well-formed body can succeed; recover what was asked.
      const b = JSON.parse(r.body.text) as { room: string; receipt?: string; invite?: string; mode?: string };
      const claims = decodeJwt(json['token'] as string);
      const video = claims['video'] as Record<string, unknown>;
      const role = (claims['attributes'] as Record<string, string>)['parlor.role'] as Role;
      const auth = r.headers.auth;
      // An empty receipt or invite is the same as none (the server reads them as absent).
      const rec = b.receipt ? pools.receipts.get(b.receipt) : undefined;
      const inv = b.invite ? pools.invites.get(b.invite) : undefined;
      const policy = POLICIES[b.room] ?? { termsVersion: '1', requireBroadcastConsent: true, requireRecordingConsent: true, allowAnonymousViewers: true };

      assert.equal(typeof video['room'], 'string');
      assert.equal(video['room'], b.room, 'room is the one asked for');
      assert.ok((video['room'] as string).length > 0);
      // Identity: the host's, else the receipt's subject, else a fresh anonymous viewer.
      if (auth) assert.equal(claims.sub, auth.identity, 'identity is the authenticated one');
      else if (rec) assert.equal(claims.sub, rec.record.subject, 'identity is the receipt subject');
      else assert.match(claims.sub ?? '', /^viewer_[A-Za-z0-9_-]{16}$/, 'anonymous viewer identity');
      assert.equal(json['identity'], claims.sub);
      if (b.receipt) {
        assert.ok(rec, 'a token was issued only for an untampered receipt');
        assert.ok(rec.active, 'never for a withdrawn receipt');
        assert.equal(rec.record.room, b.room, 'never for another room’s receipt');
        if (auth) assert.equal(rec.record.subject, auth.identity, 'never for someone else’s receipt');
      }
      if (b.invite) assert.ok(inv && inv.room === b.room, 'never with a bad invite');
      // Consent narrows rights.
      if (video['canPublish'] === true) {
        assert.ok(rec, 'publishing needs a receipt');
        assert.ok(!policy.requireBroadcastConsent || rec.record.purposes.broadcast, 'no publish without broadcast consent');
        assert.ok(!policy.requireRecordingConsent || rec.record.purposes.recording, 'no publish without recording consent where required');
      }
      if (video['canPublishData'] === true) {
        assert.ok(rec?.record.purposes.terms && rec.record.policyVersion === policy.termsVersion, 'no data without the current terms');
      }
      // Role: never above what the host or a valid invite gives; viewers when asked.
      const entitled = Math.max(RANK[auth?.role ?? (rec ? 'participant' : 'viewer')], inv ? RANK[inv.role] : 0);
      assert.ok(RANK[role] <= entitled, `role ${role} within entitlement`);
      if (b.mode === 'viewer' || !rec) assert.equal(role, 'viewer');
      // roomAdmin for no one, moderators included: it would open LiveKit's room API past the kit.
      for (const k of ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'ingressAdmin', 'canUpdateOwnMetadata', 'recorder', 'agent']) {
        assert.equal(video[k], false, `${k} always false`);
      }
      // Lifetime.
      const exp = claims.exp ?? Infinity;
      assert.ok(exp - Date.now() / 1000 <= TTL + 1, 'TTL within the configured maximum');
      if (claims.nbf !== undefined) assert.ok(exp - claims.nbf <= TTL + 1);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true, includeErrorInReport: true },
  );
  const secs = (Date.now() - started) / 1000;
  figure('token-fuzz', { runs: RUNS, seed: SEED, issued, statuses: Object.fromEntries([...statuses].sort()), seconds: Math.round(secs), serverErrors: errors.length });
  assert.equal(errors.length, 0, 'onError never called');
  assert.ok(issued > RUNS / 50, `enough tokens were issued to check (${issued})`);
});

test('token endpoint with the default rate limits: floods get 429 with Retry-After, never 500', async () => {
  const handler = createParlorHandler({ livekit: LK, secret: SECRET, store: new MemoryStore(), roomService: new FakeRoomService(), onError: () => {} });
  const counts = new Map<number, number>();
  for (let i = 0; i < 100; i++) {
    const res = await handler(
      new Request('http://h.test/api/parlor/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"room":"lobby","screenName":"Ada","mode":"viewer"}' }),
      { ip: '203.0.113.7' },
    );
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
  }
  assert.equal(counts.get(200), 60, '60 per IP per minute pass');
  assert.equal(counts.get(429), 40, 'the rest are rate limited');
});
