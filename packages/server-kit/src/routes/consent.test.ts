import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentResponseSchema, consentStatusResponseSchema, errorBodySchema, tokenResponseSchema, type ConsentRecord } from '@parlor/core/protocol';
import { verifyReceipt } from '../receipts.js';
import { SECRET, setup } from '../test/harness.js';
import { MemoryStore } from '../store/memory.js';
import type { ConsentEvent } from '../options.js';
import { TrackSource } from 'livekit-server-sdk';

const body = (over: Record<string, unknown> = {}) => ({
  room: 'lobby',
  termsVersion: '1',
  age: 30,
  purposes: { terms: true, broadcast: true, recording: false, analytics: true },
  ...over,
});

test('consent answers with a signed receipt that verifies and matches the stored record', async () => {
  const seen: ConsentEvent[] = [];
  const ctx = setup({ policy: { jurisdiction: 'EU', termsVersion: '1' }, onConsent: (e) => void seen.push(e) });
  const r = await ctx.call('POST', '/consent', body());
  assert.equal(r.status, 201);
  const { receipt, record } = consentResponseSchema.parse(r.body);
  const verified = await verifyReceipt(receipt, SECRET);
  assert.deepEqual(verified.record, record);
  assert.deepEqual(record.purposes, { terms: true, broadcast: true, recording: false, analytics: true });
  assert.equal(record.policyVersion, '1');
  assert.equal(record.jurisdiction, 'EU');
  assert.equal(record.gpc, false);
  assert.equal(record.method, 'web-form:opt-in;analytics:opt-out');
  assert.ok(Math.abs(Date.parse(record.issuedAt) - Date.now()) < 5000);
  assert.equal((await ctx.store.getReceipt(record.id))?.status, 'active');
  assert.deepEqual(seen.map((e) => e.record), [record]);
  assert.equal(seen[0]?.receipt, receipt);
});

test('Sec-GPC: 1 records an analytics opt-out whatever the form said', async () => {
  const { call } = setup();
  const r = await call('POST', '/consent', body(), { 'sec-gpc': '1' });
  const record = r.body['record'] as ConsentRecord;
  assert.equal(record.gpc, true);
  assert.equal(record.purposes.analytics, false);
});

test('the page\u2019s own GPC signal (gpc: true in the body) is recorded as the header is; gpc: false never cancels the header', async () => {
  const { call } = setup();
  const fromPage = (await call('POST', '/consent', body({ gpc: true }))).body['record'] as ConsentRecord;
  assert.deepEqual([fromPage.gpc, fromPage.purposes.analytics], [true, false]);
  const both = (await call('POST', '/consent', body({ gpc: false }), { 'sec-gpc': '1' })).body['record'] as ConsentRecord;
  assert.deepEqual([both.gpc, both.purposes.analytics], [true, false]);
  const neither = (await call('POST', '/consent', body({ gpc: false }))).body['record'] as ConsentRecord;
  assert.deepEqual([neither.gpc, neither.purposes.analytics], [false, true]);
});

for (const age of [0, 5, 12]) {
  test(`an age of ${age} is refused and nothing about the person is stored or passed on`, async () => {
    const events: unknown[] = [];
    const ctx = setup({ authenticate: async () => ({ identity: 'kid' }), onConsent: (e) => void events.push(e), onAudit: (e) => void events.push(e) });
    const r = await ctx.call('POST', '/consent', body({ age }));
    assert.equal(r.status, 403);
    assert.equal(r.body['code'], 'under_age');
    assert.doesNotMatch(r.body['message'] as string, /\d/);
    assert.deepEqual(events, []);
    assert.deepEqual(await ctx.store.exportSubject('kid'), { subject: 'kid', receipts: [], bans: [], audits: [], invites: [] });
  });
}

test('an age over 120 (a typing slip) or not in whole years is a 400 with the issue on `age`; 120 is accepted', async () => {
  const ctx = setup();
  for (const age of [121, 150, 30.5, -1]) {
    const r = await ctx.call('POST', '/consent', body({ age }));
    const err = errorBodySchema.parse(r.body);
    assert.deepEqual([r.status, err.code], [400, 'bad_request'], String(age));
    assert.deepEqual(err.issues?.map((i) => i.path.join('.')), ['age'], String(age));
  }
  assert.equal((await ctx.call('POST', '/consent', body({ age: 120 }))).status, 201);
});

test('under the room minimum the refusal is the same neutral answer', async () => {
  const ctx = setup({ policy: { minimumAge: 21 } });
  const young = await ctx.call('POST', '/consent', body({ age: 20 }));
  const child = await ctx.call('POST', '/consent', body({ age: 10 }));
  assert.equal(young.status, 403);
  assert.deepEqual(young.body, child.body);
  assert.equal((await ctx.call('POST', '/consent', body({ age: 21 }))).status, 201);
});

test('the default minimum age is 18: 17 is refused with nothing stored, 18 is accepted', async () => {
  const events: unknown[] = [];
  // No policy at all: the threshold comes from the kit's defaults.
  const ctx = setup({ authenticate: async (req) => ({ identity: req.headers.get('x-user') ?? 'x' }), onConsent: (e) => void events.push(e), onAudit: (e) => void events.push(e) });
  const young = await ctx.call('POST', '/consent', body({ age: 17 }), { 'x-user': 'teen' });
  assert.equal(young.status, 403);
  assert.equal(errorBodySchema.parse(young.body).code, 'under_age');
  assert.doesNotMatch(young.body['message'] as string, /\d/);
  assert.deepEqual(events, []);
  // Every kind of record the store can export for the person is empty, whatever kinds it gains later.
  const kept = Object.entries(await ctx.store.exportSubject('teen')).filter(([k, v]) => k !== 'subject' && !(Array.isArray(v) && v.length === 0));
  assert.deepEqual(kept, []);
  const adult = await ctx.call('POST', '/consent', body({ age: 18 }), { 'x-user': 'adult' });
  assert.equal(adult.status, 201);
  assert.equal(consentResponseSchema.parse(adult.body).record.subject, 'adult');
  assert.equal(events.length, 1);
});

const refusals: { name: string; over: Record<string, unknown>; status: number; code: string }[] = [
  { name: 'outdated terms version', over: { termsVersion: '0' }, status: 409, code: 'consent_outdated' },
  { name: 'declined terms', over: { purposes: { terms: false, broadcast: true, recording: true, analytics: false } }, status: 403, code: 'consent_required' },
  { name: 'a non-integer age', over: { age: 30.5 }, status: 400, code: 'bad_request' },
  { name: 'a missing purpose', over: { purposes: { terms: true } }, status: 400, code: 'bad_request' },
  { name: 'a forged previous receipt', over: { previousReceipt: 'a.b.c' }, status: 403, code: 'consent_required' },
];
for (const c of refusals) {
  test(`consent refuses ${c.name}`, async () => {
    const ctx = setup();
    const r = await ctx.call('POST', '/consent', body(c.over));
    assert.equal(r.status, c.status);
    assert.equal(errorBodySchema.parse(r.body).code, c.code);
    assert.equal(ctx.errors.length, 0);
  });
}

test('consent needs a session when the host allows no guests', async () => {
  const ctx = setup({ authenticate: async () => null });
  const r = await ctx.call('POST', '/consent', body());
  assert.equal(r.status, 401);
  assert.equal(r.body['code'], 'unauthorized');
});

test('changing an answer keeps the subject, supersedes the old receipt and revokes live publishing', async () => {
  const withdrawn: ConsentRecord[] = [];
  const ctx = setup({ onWithdraw: (e) => void withdrawn.push(e.record) });
  const first = await ctx.consent();
  ctx.rooms.add('lobby', first.subject, { tracks: [TrackSource.CAMERA] });
  const r = await ctx.call('POST', '/consent', body({ previousReceipt: first.receipt, purposes: { terms: true, broadcast: false, recording: true, analytics: false } }));
  assert.equal(r.status, 201);
  assert.equal((r.body['record'] as ConsentRecord).subject, first.subject);
  assert.equal((await ctx.store.getReceipt(first.id))?.status, 'superseded');
  assert.deepEqual(withdrawn.map((w) => w.id), [first.id]);
  const update = ctx.rooms.calls.find((c) => c.method === 'updateParticipant');
  assert.deepEqual((update?.args[2] as { permission: object }).permission, {
    canSubscribe: true, canPublish: false, canPublishSources: [], canPublishData: true, hidden: false, canUpdateMetadata: false,
  });
  const old = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: first.receipt });
  assert.equal(old.body['code'], 'consent_required');
});

test('narrowing consent while LiveKit fails leaves nothing half-done; the retry keeps the subject, revokes and reports once', async () => {
  const withdrawn: string[] = [];
  const consented: string[] = [];
  const ctx = setup({ onWithdraw: (e) => void withdrawn.push(e.record.id), onConsent: (e) => void consented.push(e.record.id) });
  const first = await ctx.consent();
  consented.length = 0;
  ctx.rooms.add('lobby', first.subject, { tracks: [TrackSource.CAMERA] });
  const narrow = body({ previousReceipt: first.receipt, purposes: { terms: true, broadcast: false, recording: true, analytics: false } });
  ctx.rooms.down = true;
  assert.equal((await ctx.call('POST', '/consent', narrow)).status, 503);
  assert.deepEqual((await ctx.store.listReceipts(first.subject)).map((r) => [r.record.id, r.status]), [[first.id, 'active']], 'nothing stored, nothing replaced');
  ctx.rooms.down = false;
  const r = await ctx.call('POST', '/consent', narrow);
  assert.equal(r.status, 201);
  const record = r.body['record'] as ConsentRecord;
  assert.equal(record.subject, first.subject, 'the retry is the same person');
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get(first.subject)?.permission?.canPublish, false);
  assert.deepEqual([withdrawn, consented], [[first.id], [record.id]]);
});

test('only an active previousReceipt names the person: an old copy, replaced or withdrawn, cannot take their subject back', async () => {
  const ctx = setup();
  const first = await ctx.consent();
  // The visitor answers again (first is superseded), then someone holding an old copy of first tries.
  const second = consentResponseSchema.parse((await ctx.call('POST', '/consent', body({ previousReceipt: first.receipt }))).body);
  assert.equal(second.record.subject, first.subject);
  const receiptsBefore = await ctx.store.listReceipts(first.subject);
  const fromOldCopy = await ctx.call('POST', '/consent', body({ previousReceipt: first.receipt }));
  // Refused, not answered under a fresh identity: a tab holding the old copy would be left in the room
  // as someone the server no longer links to its answer. Nothing is stored.
  assert.equal(fromOldCopy.status, 409);
  assert.equal(fromOldCopy.body['code'], 'consent_replaced');
  assert.deepEqual(await ctx.store.listReceipts(first.subject), receiptsBefore, 'nothing stored or replaced');
  assert.equal((await ctx.store.getReceipt(second.record.id))?.status, 'active', "the person's current answer stands");
  // Withdrawn (a leaked receipt made useless): it names nobody either.
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: second.receipt })).status, 200);
  const fromWithdrawn = await ctx.call('POST', '/consent', body({ previousReceipt: second.receipt }));
  assert.equal(fromWithdrawn.status, 409);
  // Without it, the same answers are a new person's, as always.
  const fresh = consentResponseSchema.parse((await ctx.call('POST', '/consent', body())).body);
  assert.notEqual(fresh.record.subject, first.subject);
});

test("a signed-in user's replaced previousReceipt is no obstacle: the session names the person", async () => {
  const ctx = setup({ authenticate: async () => ({ identity: 'u' }) });
  const first = await ctx.consent();
  await ctx.consent();
  const again = await ctx.call('POST', '/consent', body({ previousReceipt: first.receipt }));
  assert.equal(again.status, 201);
  assert.equal((again.body['record'] as ConsentRecord).subject, 'u');
});

test("a signed-in user's new answer replaces their earlier one for the room even without previousReceipt", async () => {
  const withdrawn: string[] = [];
  const ctx = setup({ authenticate: async () => ({ identity: 'u' }), onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const first = await ctx.consent();
  const other = await ctx.consent('hall');
  ctx.rooms.add('lobby', 'u', { tracks: [TrackSource.CAMERA] });
  const second = await ctx.consent('lobby', { broadcast: false });
  assert.deepEqual(
    (await ctx.store.listReceipts('u')).map((r) => [r.record.id, r.status]).sort(),
    [[first.id, 'superseded'], [other.id, 'active'], [second.id, 'active']].sort(),
    'only the same room is replaced',
  );
  assert.deepEqual(withdrawn, [first.id]);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get('u')?.permission?.canPublish, false, 'narrowed: publishing revoked');
  const old = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: first.receipt });
  assert.equal(old.body['code'], 'consent_required');
});

test('withdrawing consent revokes publish and chat in the live room at once and calls onWithdraw', async () => {
  const withdrawn: string[] = [];
  const ctx = setup({ onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const { receipt, subject, id } = await ctx.consent();
  ctx.rooms.add('lobby', subject);
  const r = await ctx.call('DELETE', '/consent', undefined, { authorization: `Bearer ${receipt}` });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { withdrawn: true, id, revokedLive: true });
  const perm = ctx.rooms.rooms.get('lobby')?.people.get(subject)?.permission;
  assert.equal(perm?.canPublish, false);
  assert.equal(perm?.canPublishData, false);
  assert.equal(perm?.canSubscribe, true);
  assert.deepEqual(withdrawn, [id]);
  const again = await ctx.call('DELETE', '/consent', { receipt });
  assert.equal(again.status, 200);
  assert.deepEqual(withdrawn, [id], 'a repeated withdrawal is not reported twice');
});

test('withdrawing ends every active consent of the person for the room, even two given at the same moment', async () => {
  const withdrawn: string[] = [];
  // Two tabs answering at once: each reads the person's receipts before the other's is stored,
  // so neither supersedes the other and both stay active.
  const store = new MemoryStore();
  let waiting: (() => void)[] | undefined;
  const list = store.listReceipts.bind(store);
  store.listReceipts = async (subject) => {
    const result = await list(subject);
    if (waiting) {
      const queue = waiting;
      const both = new Promise<void>((resolve) => queue.push(resolve));
      if (queue.length === 2) for (const go of queue.splice(0)) go();
      await both;
    }
    return result;
  };
  const ctx = setup({ store, authenticate: async () => ({ identity: 'u' }), onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const other = await ctx.consent('hall');
  waiting = [];
  const [a, b] = await Promise.all([ctx.consent(), ctx.consent()]);
  waiting = undefined;
  const active = async () => (await ctx.store.listReceipts('u')).filter((r) => r.status === 'active').map((r) => r.record.id).sort();
  assert.deepEqual(await active(), [other.id, a.id, b.id].sort(), 'precondition: both answers of the same moment are active');
  const r = await ctx.call('DELETE', '/consent', { receipt: b.receipt });
  assert.equal(r.status, 200);
  assert.deepEqual(await active(), [other.id], 'only the other room’s consent is left');
  assert.deepEqual(withdrawn.sort(), [a.id, b.id].sort(), 'each reported once');
  const token = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: a.receipt });
  assert.equal(token.body['code'], 'consent_required');
});

/** A MemoryStore whose status changes wait until two are asked for: both callers have read the receipt as active. */
function storeMeetingAtStatusChange(): { store: MemoryStore; gate: () => void } {
  const store = new MemoryStore();
  let queue: (() => void)[] | undefined;
  const set = store.setReceiptStatus.bind(store);
  store.setReceiptStatus = async (...args) => {
    if (queue) {
      const q = queue;
      const both = new Promise<void>((resolve) => q.push(resolve));
      if (q.length === 2) {
        queue = undefined;
        for (const go of q) go();
      }
      await both;
    }
    return set(...args);
  };
  return { store, gate: () => void (queue = []) };
}

test('two withdrawals of the same consent at the very same moment record and report it once', async () => {
  const withdrawn: string[] = [];
  const { store, gate } = storeMeetingAtStatusChange();
  const ctx = setup({ store, onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const { receipt, id } = await ctx.consent();
  gate();
  const answers = await Promise.all([ctx.call('DELETE', '/consent', { receipt }), ctx.call('DELETE', '/consent', { receipt })]);
  assert.deepEqual(answers.map((a) => a.status), [200, 200]);
  assert.deepEqual(withdrawn, [id], 'onWithdraw once');
  assert.equal((await ctx.store.getReceipt(id))?.status, 'withdrawn');
});

test('a new answer and a withdrawal of the answer it replaces, at the same moment, report the old one once', async () => {
  const withdrawn: string[] = [];
  const { store, gate } = storeMeetingAtStatusChange();
  const ctx = setup({ store, authenticate: async () => ({ identity: 'u' }), onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const first = await ctx.consent();
  gate();
  const [withdrawal, answer] = await Promise.all([ctx.call('DELETE', '/consent', { receipt: first.receipt }), ctx.call('POST', '/consent', body({ previousReceipt: first.receipt }))]);
  assert.deepEqual([withdrawal.status, answer.status], [200, 201]);
  assert.deepEqual(withdrawn, [first.id], 'the old answer is reported once');
  assert.notEqual((await ctx.store.getReceipt(first.id))?.status, 'active');
});

test("withdrawing with a receipt a newer answer replaced (another window's) ends the person's consent for the room: the newer answer too", async () => {
  const withdrawn: string[] = [];
  const ctx = setup({ authenticate: async () => ({ identity: 'u' }), onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const first = await ctx.consent();
  const second = await ctx.consent();
  const other = await ctx.consent('hall');
  ctx.rooms.add('lobby', 'u', { tracks: [TrackSource.CAMERA] });
  const r = await ctx.call('DELETE', '/consent', { receipt: first.receipt });
  assert.equal(r.status, 200);
  assert.deepEqual([r.body['withdrawn'], r.body['revokedLive']], [true, true]);
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get('u')?.permission?.canPublish, false, 'live rights end');
  assert.deepEqual(withdrawn, [first.id, second.id], 'the replaced one (when replaced), then the newer one');
  assert.equal((await ctx.store.getReceipt(second.id))?.status, 'withdrawn');
  assert.equal((await ctx.store.getReceipt(other.id))?.status, 'active', 'another room is another consent');
  // Presented again: nothing more to end.
  const again = await ctx.call('DELETE', '/consent', { receipt: first.receipt });
  assert.deepEqual([again.status, again.body['revokedLive']], [200, false]);
  const fresh = await ctx.consent();
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: second.receipt })).body['revokedLive'], false, 'a withdrawn receipt does not end a consent given afresh since');
  assert.equal((await ctx.store.getReceipt(fresh.id))?.status, 'active');
});

test('withdrawing while LiveKit fails changes nothing; the retry revokes and calls onWithdraw exactly once', async () => {
  const withdrawn: string[] = [];
  const ctx = setup({ onWithdraw: (e) => void withdrawn.push(e.record.id) });
  const { receipt, subject, id } = await ctx.consent();
  ctx.rooms.add('lobby', subject);
  ctx.rooms.down = true;
  assert.equal((await ctx.call('DELETE', '/consent', { receipt })).status, 503);
  assert.deepEqual(withdrawn, []);
  ctx.rooms.down = false;
  const r = await ctx.call('DELETE', '/consent', { receipt });
  assert.deepEqual([r.status, r.body], [200, { withdrawn: true, id, revokedLive: true }]);
  assert.equal((await ctx.store.getReceipt(id))?.status, 'withdrawn');
  assert.equal(ctx.rooms.rooms.get('lobby')?.people.get(subject)?.permission?.canPublish, false);
  assert.deepEqual(withdrawn, [id]);
});

const withdrawRefusals: { name: string; body?: unknown; headers?: Record<string, string>; status: number; code: string }[] = [
  { name: 'no receipt at all', status: 400, code: 'bad_request' },
  { name: 'a forged receipt', body: { receipt: 'e30.e30.sig' }, status: 403, code: 'consent_required' },
  { name: 'malformed JSON', body: '{', status: 400, code: 'bad_request' },
];
for (const c of withdrawRefusals) {
  test(`withdrawal refuses ${c.name}`, async () => {
    const ctx = setup();
    const r = await ctx.call('DELETE', '/consent', c.body, c.headers);
    assert.equal(r.status, c.status);
    assert.equal(r.body['code'], c.code);
  });
}

test('GET /consent tells a receipt\'s holder whether that consent still stands: active, superseded, withdrawn, deleted', async () => {
  const ctx = setup();
  const status = async (receipt: string) => {
    const r = await ctx.call('GET', '/consent', undefined, { authorization: `Bearer ${receipt}` });
    assert.equal(r.status, 200);
    return consentStatusResponseSchema.parse(r.body);
  };
  const first = await ctx.consent();
  assert.deepEqual(await status(first.receipt), { id: first.id, status: 'active' });
  const changed = await ctx.call('POST', '/consent', body({ previousReceipt: first.receipt }));
  const second = consentResponseSchema.parse(changed.body);
  assert.equal(second.record.subject, first.subject);
  assert.deepEqual(await status(first.receipt), { id: first.id, status: 'superseded' });
  const id = second.record.id;
  assert.deepEqual(await status(second.receipt), { id, status: 'active' });
  assert.equal((await ctx.call('DELETE', '/consent', { receipt: second.receipt })).status, 200);
  assert.deepEqual(await status(second.receipt), { id, status: 'withdrawn' });
  assert.equal((await ctx.call('POST', '/me/deletion', undefined, { authorization: `Bearer ${second.receipt}` })).status, 200);
  assert.deepEqual(await status(second.receipt), { id, status: 'deleted' });
});

const statusRefusals: { name: string; headers: Record<string, string>; status: number; code: string }[] = [
  { name: 'no receipt', headers: {}, status: 401, code: 'unauthorized' },
  { name: 'a forged receipt', headers: { authorization: 'Bearer e30.e30.sig' }, status: 403, code: 'consent_required' },
];
for (const c of statusRefusals) {
  test(`GET /consent refuses ${c.name}, saying nothing of any consent`, async () => {
    const ctx = setup();
    await ctx.consent();
    const r = await ctx.call('GET', '/consent', undefined, c.headers);
    assert.deepEqual([r.status, r.body['code'], 'status' in r.body], [c.status, c.code, false]);
  });
}

test('a signed-in user cannot withdraw someone else’s consent', async () => {
  const ctx = setup({ authenticate: async (req) => ({ identity: req.headers.get('x-user') ?? 'x' }) });
  const { receipt } = await ctx.consent('lobby', {}, { 'x-user': 'alice' });
  const r = await ctx.call('DELETE', '/consent', { receipt }, { 'x-user': 'mallory' });
  assert.equal(r.status, 403);
  assert.equal(r.body['code'], 'forbidden');
});

test('the consent route rate-limits per IP', async () => {
  const ctx = setup({ rateLimit: { consent: { windowSeconds: 60, perIp: 2, perIdentity: 10 } } });
  await ctx.consent();
  await ctx.consent();
  const r = await ctx.call('POST', '/consent', body());
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});

test('with join, the same request answers the token for the new receipt, as POST /token would', async () => {
  const seen: ConsentEvent[] = [];
  const ctx = setup({ onConsent: (e) => void seen.push(e) });
  const r = await ctx.call('POST', '/consent', body({ purposes: { terms: true, broadcast: true, recording: true, analytics: false }, join: { screenName: 'Ada' } }));
  assert.equal(r.status, 201);
  const res = consentResponseSchema.parse(r.body);
  assert.equal(res.joinError, undefined);
  const join = tokenResponseSchema.parse(res.join);
  assert.equal(join.identity, res.record.subject);
  assert.equal(join.screenName, 'Ada');
  assert.equal(join.role, 'participant');
  assert.equal(join.grants.canPublish, true);
  assert.equal((await ctx.store.getReceipt(res.record.id))?.status, 'active');
  assert.deepEqual(seen.map((e) => e.record.id), [res.record.id]);
  // The same grants a separate POST /token gives for that receipt.
  const t = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: res.receipt });
  assert.equal(t.status, 200);
  assert.deepEqual(t.body['grants'], join.grants);
  assert.equal(t.body['identity'], join.identity);
});

test('with join into a locked room: the consent is recorded and answered, the refusal comes as joinError', async () => {
  const ctx = setup();
  await ctx.store.setRoomState('lobby', { locked: true, slowModeSeconds: 0 });
  const r = await ctx.call('POST', '/consent', body({ join: { screenName: 'Ada' } }));
  assert.equal(r.status, 201);
  const res = consentResponseSchema.parse(r.body);
  assert.equal(res.join, undefined);
  assert.equal(res.joinError?.status, 403);
  assert.equal(errorBodySchema.parse(res.joinError?.error).code, 'room_locked');
  assert.equal((await ctx.store.getReceipt(res.record.id))?.status, 'active');
  // Nothing accepted is lost: once unlocked, the receipt gets the token.
  await ctx.store.setRoomState('lobby', { locked: false, slowModeSeconds: 0 });
  const t = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: res.receipt });
  assert.equal(t.status, 200);
});

test('with join: a screen name the token route refuses comes back as its joinError; a malformed join field is a 400 before anything is stored', async () => {
  const ctx = setup({ screenNameDenyList: ['admin'] });
  const r = await ctx.call('POST', '/consent', body({ join: { screenName: 'Admin' } }));
  assert.equal(r.status, 201);
  const res = consentResponseSchema.parse(r.body);
  const direct = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Admin', receipt: res.receipt });
  assert.equal(direct.body['code'], 'screen_name_reserved');
  assert.equal(res.joinError?.status, direct.status);
  assert.deepEqual(res.joinError?.error, errorBodySchema.parse(direct.body));
  const events: unknown[] = [];
  const strict = setup({ onConsent: (e) => void events.push(e) });
  const bad = await strict.call('POST', '/consent', body({ join: { screenName: '<b>' } }));
  assert.equal(bad.status, 400);
  assert.ok((errorBodySchema.parse(bad.body).issues ?? []).some((i) => i.path.join('.') === 'join.screenName'));
  assert.deepEqual(events, []);
});

test('with join, under age: the same neutral refusal, and nothing stored', async () => {
  const events: unknown[] = [];
  const ctx = setup({ authenticate: async () => ({ identity: 'kid' }), onConsent: (e) => void events.push(e) });
  const r = await ctx.call('POST', '/consent', body({ age: 12, join: { screenName: 'Kid' } }));
  assert.equal(r.status, 403);
  assert.equal(r.body['code'], 'under_age');
  assert.equal(r.body['join'], undefined);
  assert.deepEqual(events, []);
  assert.deepEqual(await ctx.store.exportSubject('kid'), { subject: 'kid', receipts: [], bans: [], audits: [], invites: [] });
});

test("with join, the host's authenticate is asked once, and the token is for the signed-in person", async () => {
  const asked: string[] = [];
  const ctx = setup({ authenticate: async (_req, { route }) => (asked.push(route), { identity: 'user-ada', role: 'participant' }) });
  const r = await ctx.call('POST', '/consent', body({ join: { screenName: 'Ada' } }));
  assert.equal(r.status, 201);
  const res = consentResponseSchema.parse(r.body);
  assert.deepEqual(asked, ['consent']);
  assert.equal(res.record.subject, 'user-ada');
  assert.equal(tokenResponseSchema.parse(res.join).identity, 'user-ada');
});
