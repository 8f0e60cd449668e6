import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { TrackSource } from 'livekit-server-sdk';
import type { Role } from '@parlor/core/protocol';
import type { AuthResult } from './options.js';
import { setup } from './test/harness.js';
import { egressEvent, signWebhook } from './test/sign-webhook.js';

const ATTR = 'parlor.recording-consent';
const auth = async (req: Request): Promise<AuthResult | null> => {
  const [identity, role] = (req.headers.get('x-user') ?? '').split(':');
  return identity ? { identity, role: (role ?? 'participant') as Role } : null;
};

/** LiveKit's participant_joined webhook body for `identity` in the lobby. */
const joinedEvent = (id: string, identity: string) =>
  JSON.stringify({
    event: 'participant_joined', id, createdAt: '1700000000',
    room: { name: 'lobby', sid: 'RM_1', numParticipants: 5 },
    participant: { identity, name: 'Late', sid: `PA_${id}` },
  });

/** A room whose policy asks for recording consent only when a recording starts, with three publishers. */
async function room() {
  const ctx = setup({ policy: { requireRecordingConsent: false }, authenticate: auth, allowGuests: true });
  const bob = await ctx.consent('lobby', { recording: false });
  const carl = await ctx.consent('lobby', { recording: true });
  ctx.rooms.add('lobby', bob.subject, { role: 'participant', tracks: [TrackSource.CAMERA] });
  ctx.rooms.add('lobby', carl.subject, { role: 'participant', tracks: [TrackSource.CAMERA] });
  ctx.rooms.add('lobby', 'ingress-cam', { kind: 1, tracks: [TrackSource.CAMERA] });
  ctx.rooms.add('lobby', 'watcher', { role: 'viewer', hidden: true, canPublish: false });
  const person = (id: string) => ctx.rooms.rooms.get('lobby')!.people.get(id)!;
  const webhook = async (body: string) => ctx.call('POST', '/webhook', body, { authorization: await signWebhook(body) });
  // One name per person: two people cannot go by the same one in a room.
  const names = new Map<string, string>();
  const token = async (receipt: string) => {
    const subject = JSON.parse(Buffer.from(receipt.split('.')[1]!, 'base64url').toString()).sub as string;
    if (!names.has(subject)) names.set(subject, `Dee ${'abcdefghij'[names.size]}`);
    const r = await ctx.call('POST', '/token', { room: 'lobby', screenName: names.get(subject), receipt });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const claims = decodeJwt(r.body['token'] as string) as { video?: { canPublish?: boolean }; attributes?: Record<string, string> };
    return { canPublish: claims.video?.canPublish, mark: claims.attributes?.[ATTR] };
  };
  return { ...ctx, bob, carl, person, webhook, token };
}

test('when a recording starts, publishers without recording consent lose publish at once and are asked again', async () => {
  const ctx = await room();
  assert.equal((await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1', 'EGRESS_STARTING'))).status, 200);
  const bob = ctx.person(ctx.bob.subject);
  assert.deepEqual([bob.permission?.canPublish, bob.permission?.canPublishData, bob.attributes[ATTR]], [false, true, 'required']);
  assert.equal(ctx.person(ctx.carl.subject).permission?.canPublish, true, 'recording consent given: untouched');
  assert.equal(ctx.person('ingress-cam').permission?.canPublish, true, "the host's own ingress is left alone");
  const touched = ctx.rooms.calls.filter((c) => c.method === 'updateParticipant').map((c) => c.args[1]);
  assert.deepEqual(touched, [ctx.bob.subject], 'the hidden viewer, who cannot publish, is not touched either');
  assert.deepEqual((await ctx.store.getRoomState('lobby')).recordings, ['EG_1']);
});

test('while a room is recorded, tokens without recording consent carry no publish right, and do again after it ends', async () => {
  const ctx = await room();
  const fresh = await ctx.consent('lobby', { recording: false });
  assert.deepEqual(await ctx.token(fresh.receipt), { canPublish: true, mark: undefined });
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_2'));
  assert.deepEqual(await ctx.token(fresh.receipt), { canPublish: false, mark: 'required' });
  assert.deepEqual(await ctx.token(ctx.carl.receipt), { canPublish: true, mark: undefined });
  await ctx.webhook(egressEvent('egress_ended', 'lobby', 'EG_1', 'EGRESS_COMPLETE'));
  assert.equal((await ctx.token(fresh.receipt)).canPublish, false, 'EG_2 still records');
  await ctx.webhook(egressEvent('egress_updated', 'lobby', 'EG_2', 'EGRESS_FAILED'));
  assert.deepEqual(await ctx.token(fresh.receipt), { canPublish: true, mark: undefined });
});

test('giving recording consent while in the room restores publish at once and clears the mark', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  const r = await ctx.call('POST', '/consent', {
    room: 'lobby', termsVersion: '1', age: 30, previousReceipt: ctx.bob.receipt,
    purposes: { terms: true, broadcast: true, recording: true, analytics: false },
  });
  assert.equal(r.status, 201);
  const bob = ctx.person(ctx.bob.subject);
  assert.deepEqual([bob.permission?.canPublish, bob.permission?.canPublishSources, bob.attributes[ATTR]], [true, [TrackSource.CAMERA, TrackSource.MICROPHONE], undefined]);
});

test('a room that asks recording consent of everyone on camera: a token without it carries no publish right but the mark, and agreeing in the room gives publishing back', async () => {
  const ctx = setup({ policy: { requireRecordingConsent: true }, allowGuests: true });
  const token = async (receipt: string, screenName: string) => {
    const r = await ctx.call('POST', '/token', { room: 'lobby', screenName, receipt });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const claims = decodeJwt(r.body['token'] as string) as { video?: { canPublish?: boolean }; attributes?: Record<string, string> };
    return { canPublish: claims.video?.canPublish, mark: claims.attributes?.[ATTR] };
  };
  const noRecording = await ctx.consent('lobby', { recording: false });
  const noCamera = await ctx.consent('lobby', { broadcast: false, recording: false });
  const both = await ctx.consent('lobby', { recording: true });
  assert.deepEqual(await token(noRecording.receipt, 'Ann'), { canPublish: false, mark: 'required' });
  assert.deepEqual(await token(noCamera.receipt, 'Ben'), { canPublish: false, mark: undefined }, 'the camera declined too: not a question of recording');
  assert.deepEqual(await token(both.receipt, 'Cy'), { canPublish: true, mark: undefined });
  // In the room, as LiveKit has them from that token: agreeing to be recorded gives publishing back.
  const ann = ctx.rooms.add('lobby', noRecording.subject, { role: 'participant', canPublish: false });
  ann.attributes[ATTR] = 'required';
  const r = await ctx.call('POST', '/consent', {
    room: 'lobby', termsVersion: '1', age: 30, previousReceipt: noRecording.receipt,
    purposes: { terms: true, broadcast: true, recording: true, analytics: false },
  });
  assert.equal(r.status, 201);
  const now = ctx.rooms.rooms.get('lobby')!.people.get(noRecording.subject)!;
  assert.deepEqual([now.permission?.canPublish, now.attributes[ATTR]], [true, undefined]);
});

test('recording consent does not undo a moderator who took publish rights away', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  assert.equal(ctx.person(ctx.bob.subject).attributes[ATTR], 'required');
  const rl = await ctx.call('POST', '/moderation/revoke-live', { room: 'lobby', target: ctx.bob.subject }, { 'x-user': 'mia:moderator' });
  assert.equal(rl.status, 200);
  assert.equal(ctx.person(ctx.bob.subject).attributes[ATTR], undefined, 'the moderator revoke clears the recording mark');
  await ctx.call('POST', '/consent', {
    room: 'lobby', termsVersion: '1', age: 30, previousReceipt: ctx.bob.receipt,
    purposes: { terms: true, broadcast: true, recording: true, analytics: false },
  });
  assert.equal(ctx.person(ctx.bob.subject).permission?.canPublish, false);
});

test('approve-live refuses someone without recording consent while the room is recorded', async () => {
  const ctx = await room();
  const approve = () => ctx.call('POST', '/moderation/approve-live', { room: 'lobby', target: ctx.bob.subject }, { 'x-user': 'mia:moderator' });
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  assert.equal((await approve()).body['code'], 'not_agreed');
  await ctx.webhook(egressEvent('egress_ended', 'lobby', 'EG_1', 'EGRESS_COMPLETE'));
  assert.equal((await approve()).status, 200);
  assert.equal(ctx.person(ctx.bob.subject).attributes[ATTR], undefined);
});

test('someone joining a recorded room with an older token is held back when the join webhook arrives', async () => {
  const ctx = await room();
  await ctx.handler.setRecording('lobby', true);
  const late = await ctx.consent('lobby', { recording: false });
  ctx.rooms.add('lobby', late.subject, { role: 'participant' });
  assert.equal((await ctx.webhook(joinedEvent('EV_join', late.subject))).status, 200);
  assert.equal(ctx.person(late.subject).attributes[ATTR], 'required');
});

test("a signed-in user's newest consent is the one that counts: an older recording yes does not keep them on air", async () => {
  const ctx = await room();
  const u = { 'x-user': 'u' };
  const yes = await ctx.consent('lobby', { recording: true }, u);
  await ctx.consent('lobby', { recording: false }, u); // no previousReceipt: a signed-in user need not present one
  ctx.rooms.add('lobby', 'u', { role: 'participant', tracks: [TrackSource.CAMERA] });
  assert.deepEqual(await ctx.handler.setRecording('lobby', true), { room: 'lobby', revoked: [ctx.bob.subject, 'u'], restored: [] });
  assert.equal((await ctx.store.getReceipt(yes.id))?.status, 'superseded', '/me/data shows the older answer replaced');
});

test('recording consent on an expired receipt or under terms since replaced does not count', async () => {
  let termsVersion = '1';
  const ctx = setup({ policy: () => ({ requireRecordingConsent: false, termsVersion }) });
  const expired = await ctx.consent('lobby', { recording: true });
  const stored = await ctx.store.getReceipt(expired.id);
  await ctx.store.putReceipt({ ...stored!, expiresAt: new Date(Date.now() - 1000).toISOString() });
  const old = await ctx.consent('lobby', { recording: true });
  const current = await ctx.consent('lobby', { recording: true });
  for (const s of [expired, old, current]) ctx.rooms.add('lobby', s.subject, { role: 'participant' });
  assert.deepEqual(await ctx.handler.enforceRecordingConsent('lobby'), { room: 'lobby', revoked: [expired.subject], restored: [] });
  termsVersion = '2';
  assert.deepEqual(await ctx.handler.enforceRecordingConsent('lobby'), { room: 'lobby', revoked: [old.subject, current.subject], restored: [] });
});

test('setRecording and enforceRecordingConsent are building blocks the host can call', async () => {
  const ctx = await room();
  assert.deepEqual(await ctx.handler.enforceRecordingConsent('lobby'), { room: 'lobby', revoked: [ctx.bob.subject], restored: [] });
  assert.deepEqual((await ctx.store.getRoomState('lobby')).recordings ?? [], [], 'enforcing alone does not mark the room recorded');
  const fresh = await ctx.consent('lobby', { recording: false });
  assert.deepEqual(await ctx.handler.setRecording('lobby', true), { room: 'lobby', revoked: [], restored: [] }, 'bob is already held back');
  assert.equal((await ctx.token(fresh.receipt)).canPublish, false);
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_9'));
  const stopped = await ctx.handler.setRecording('lobby', false);
  assert.equal((await ctx.token(fresh.receipt)).canPublish, true, 'false forgets webhook-tracked recordings too');
  assert.deepEqual(stopped.restored, [ctx.bob.subject], 'bob, held back for the recording, may publish again');
});

test('a finished room forgets its recordings', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  const finished = JSON.stringify({ event: 'room_finished', id: 'EV_fin', createdAt: '1700000000', room: { name: 'lobby', sid: 'RM_1' } });
  await ctx.webhook(finished);
  assert.deepEqual((await ctx.store.getRoomState('lobby')).recordings, []);
});

test("a finished room keeps the host's own setRecording(true): only false ends it", async () => {
  const ctx = await room();
  await ctx.handler.setRecording('lobby', true);
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_1'));
  const finished = JSON.stringify({ event: 'room_finished', id: 'EV_fin_host', createdAt: '1700000000', room: { name: 'lobby', sid: 'RM_1' } });
  assert.equal((await ctx.webhook(finished)).status, 200);
  assert.deepEqual((await ctx.store.getRoomState('lobby')).recordings, ['host'], 'the egress is forgotten, the host recording is not');
  const fresh = await ctx.consent('lobby', { recording: false });
  assert.deepEqual(await ctx.token(fresh.receipt), { canPublish: false, mark: 'required' });
});

test('LiveKit being down during enforcement releases the webhook so the retry enforces', async () => {
  const ctx = await room();
  const body = egressEvent('egress_started', 'lobby', 'EG_1');
  ctx.rooms.down = true;
  assert.equal((await ctx.webhook(body)).status, 503);
  ctx.rooms.down = false;
  assert.equal((await ctx.webhook(body)).body['duplicate'], false);
  assert.equal(ctx.person(ctx.bob.subject).attributes[ATTR], 'required');
});

test('every client is told the room is recorded: the server kit mirrors it into room metadata, other keys kept', async () => {
  const ctx = await room();
  const meta = () => JSON.parse(ctx.rooms.rooms.get('lobby')!.metadata || '{}') as Record<string, unknown>;
  ctx.rooms.rooms.get('lobby')!.metadata = JSON.stringify({ theme: 'host-owned' });
  // A recording the host runs itself: LiveKit knows nothing of it, so metadata is the only way clients learn.
  await ctx.handler.setRecording('lobby', true);
  assert.deepEqual([meta()['recording'], meta()['theme']], [true, 'host-owned']);
  await ctx.handler.setRecording('lobby', false);
  assert.equal(meta()['recording'], false);
  // And one learned from LiveKit's egress webhooks.
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_7'));
  assert.equal(meta()['recording'], true);
  await ctx.webhook(egressEvent('egress_ended', 'lobby', 'EG_7', 'EGRESS_COMPLETE'));
  assert.equal(meta()['recording'], false);
});

test('a room created after the host marked it recorded shows the recording once LiveKit reports it started', async () => {
  const ctx = await room();
  await ctx.handler.setRecording('later', true); // no such LiveKit room yet: nothing to write to
  ctx.rooms.add('later', 'first-in');
  assert.equal(ctx.rooms.rooms.get('later')!.metadata, '');
  const started = JSON.stringify({ event: 'room_started', id: 'EV_started_later', createdAt: '1700000000', room: { name: 'later', sid: 'RM_later' } });
  assert.equal((await ctx.webhook(started)).status, 200);
  assert.equal((JSON.parse(ctx.rooms.rooms.get('later')!.metadata) as { recording?: boolean }).recording, true);
});

test('recording consent is enforced even when showing the recording fails; the webhook fails so LiveKit retries, and the retry shows it', async () => {
  const ctx = await room();
  const write = ctx.rooms.updateRoomMetadata.bind(ctx.rooms);
  ctx.rooms.updateRoomMetadata = async () => {
    throw new TypeError('fetch failed');
  };
  const started = egressEvent('egress_started', 'lobby', 'EG_5');
  assert.equal((await ctx.webhook(started)).status, 503, 'LiveKit retries a 5xx');
  assert.equal(ctx.person(ctx.bob.subject).permission?.canPublish, false, 'consent enforced first');
  ctx.rooms.updateRoomMetadata = write;
  // The retry: nothing new to store (changed is false), but the metadata still lacks the recording.
  assert.equal((await ctx.webhook(started)).status, 200);
  assert.equal((JSON.parse(ctx.rooms.rooms.get('lobby')!.metadata) as { recording?: boolean }).recording, true);
});

test('a join into a recorded room repairs metadata that does not show it (room_started missed)', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_8'));
  ctx.rooms.rooms.get('lobby')!.metadata = JSON.stringify({ theme: 'host-owned' }); // as if overwritten
  const late = await ctx.consent('lobby', { recording: true });
  ctx.rooms.add('lobby', late.subject, { role: 'participant' });
  assert.equal((await ctx.webhook(joinedEvent('EV_join_repair', late.subject))).status, 200);
  const meta = JSON.parse(ctx.rooms.rooms.get('lobby')!.metadata) as { recording?: boolean; theme?: string };
  assert.deepEqual([meta.recording, meta.theme], [true, 'host-owned']);
});

test('a room with nothing to show gets no metadata written when it starts', async () => {
  const ctx = await room();
  ctx.rooms.add('plain', 'someone');
  ctx.rooms.rooms.get('plain')!.metadata = 'host text, not JSON';
  const started = JSON.stringify({ event: 'room_started', id: 'EV_started_plain', createdAt: '1700000000', room: { name: 'plain', sid: 'RM_plain' } });
  assert.equal((await ctx.webhook(started)).status, 200);
  assert.equal(ctx.rooms.rooms.get('plain')!.metadata, 'host text, not JSON');
  assert.equal(ctx.rooms.calls.filter((c) => c.method === 'updateRoomMetadata').length, 0);
});

test('an egress update that changes nothing writes no metadata (every write reaches every client)', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_6'));
  const writes = () => ctx.rooms.calls.filter((c) => c.method === 'updateRoomMetadata').length;
  const before = writes();
  assert.equal(before, 1);
  await ctx.webhook(egressEvent('egress_updated', 'lobby', 'EG_6'));
  assert.equal(writes(), before);
});

test('when the recording ends, those it held back get publishing back; someone who joins afterwards with a token marked during it too', async () => {
  const ctx = await room();
  await ctx.webhook(egressEvent('egress_started', 'lobby', 'EG_r'));
  assert.equal(ctx.person(ctx.bob.subject).permission?.canPublish, false);
  // Dee gets a token while the room is recorded (marked, no publish), and joins after it ended.
  const dee = await ctx.consent('lobby', { recording: false });
  assert.deepEqual(await ctx.token(dee.receipt), { canPublish: false, mark: 'required' });
  await ctx.webhook(egressEvent('egress_ended', 'lobby', 'EG_r', 'EGRESS_COMPLETE'));
  const bob = ctx.person(ctx.bob.subject);
  assert.deepEqual([bob.permission?.canPublish, bob.attributes[ATTR]], [true, undefined], 'bob is back on air');
  ctx.rooms.add('lobby', dee.subject, { role: 'participant', canPublish: false }).attributes[ATTR] = 'required';
  const joined = JSON.parse(joinedEvent('EV_dee', dee.subject)) as { participant: Record<string, unknown> };
  joined.participant['attributes'] = { [ATTR]: 'required' };
  assert.equal((await ctx.webhook(JSON.stringify(joined))).status, 200);
  assert.deepEqual([ctx.person(dee.subject).permission?.canPublish, ctx.person(dee.subject).attributes[ATTR]], [true, undefined]);
});

test('publishing given back after a recording never shows someone who watches unseen', async () => {
  const ctx = await room();
  const dee = await ctx.consent('lobby', { recording: true });
  // Marked as held back by a recording (as the kit marks), while watching hidden.
  const p = ctx.rooms.add('lobby', dee.subject, { role: 'viewer', hidden: true, canPublish: false });
  p.attributes[ATTR] = 'required';
  assert.deepEqual((await ctx.handler.setRecording('lobby', false)).restored, [dee.subject]);
  const after = ctx.person(dee.subject);
  assert.deepEqual([after.permission?.canPublish, after.permission?.hidden], [true, true]);
});
