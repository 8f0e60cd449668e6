// Recording consent against the real LiveKit server and real Chromium
// publishers: when a recording starts, publishers without recording consent
// lose publish at once; recording consent given in the room restores it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RoomServiceClient } from 'livekit-server-sdk';
import { createParlorHandler, type ParlorHandler } from '../handler.js';
import { MemoryStore } from '../store/memory.js';
import { egressEvent, signWebhook } from '../test/sign-webhook.js';
import { lk, until, startRawPeers, type RawPeers } from './live.js';



const ATTR = 'parlor.recording-consent';
const ROOM = `rec-it-${Date.now().toString(36)}`;
const rooms = new RoomServiceClient(lk.host, lk.apiKey, lk.apiSecret);
let parlor: ParlorHandler;
let peers: RawPeers;

before(async () => {
  parlor = createParlorHandler({
    livekit: lk,
    secret: 'integration-secret-integration-secret-0123',
    store: new MemoryStore(),
    allowGuests: true,
    // Recording consent is asked only if a recording starts.
    policy: { requireRecordingConsent: false },
  });
  peers = await startRawPeers();
});
after(async () => {
  await peers?.close();
});

async function call(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await parlor(new Request(`http://host.test/api/parlor${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: payload }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const consentBody = (recording: boolean, previousReceipt?: string) => ({
  room: ROOM, termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording, analytics: false },
  ...(previousReceipt && { previousReceipt }),
});

/** A guest with the given recording answer, connected in Chromium with its camera published. */
async function publisher(name: string, recording: boolean) {
  const c = await call('POST', '/consent', consentBody(recording));
  assert.equal(c.status, 201);
  const t = await call('POST', '/token', { room: ROOM, screenName: name, receipt: c.body['receipt'] });
  assert.equal(t.status, 200);
  const peer = await peers.open({ url: t.body['url'] as string, token: t.body['token'] as string });
  await peer.run(async (room) => { await room.localParticipant.setCameraEnabled(true); });
  const identity = t.body['identity'] as string;
  await until(`${name}'s camera on the server`, async () => (await rooms.getParticipant(ROOM, identity)).tracks.length > 0);
  return { identity, receipt: c.body['receipt'] as string, peer };
}
const server = (identity: string) => rooms.getParticipant(ROOM, identity);

test('a signed egress webhook unpublishes real publishers without recording consent, and consent restores them', async () => {
  const ada = await publisher('Ada', false);
  const bea = await publisher('Bea', true);
  const body = egressEvent('egress_started', ROOM, 'EG_it_1');
  const hook = await call('POST', '/webhook', body, { authorization: await signWebhook(body, lk) });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));

  await until("Ada's track to be unpublished", async () => (await server(ada.identity)).tracks.length === 0);
  const held = await server(ada.identity);
  assert.deepEqual([held.permission?.canPublish, held.permission?.canPublishData, held.attributes[ATTR]], [false, true, 'required']);
  await until('Ada’s client to see the mark', () => ada.peer.run((room) => room.localParticipant.attributes['parlor.recording-consent'] === 'required'));
  assert.equal((await server(bea.identity)).tracks.length, 1, 'Bea agreed to be recorded and keeps publishing');

  const late = await call('POST', '/consent', consentBody(false));
  const lateToken = await call('POST', '/token', { room: ROOM, screenName: 'Cy', receipt: late.body['receipt'] });
  assert.equal((lateToken.body['grants'] as { canPublish: boolean }).canPublish, false, 'no publish while recording');

  const again = await call('POST', '/consent', consentBody(true, ada.receipt));
  assert.equal(again.status, 201);
  await until('Ada’s publish right to come back', async () => (await server(ada.identity)).permission?.canPublish === true);
  assert.equal((await server(ada.identity)).attributes[ATTR], undefined);
  await until('Ada’s client to be allowed to publish', () => ada.peer.run((room) => room.localParticipant.permissions?.canPublish === true));
  await ada.peer.run(async (room) => { await room.localParticipant.setCameraEnabled(false); await room.localParticipant.setCameraEnabled(true); });
  await until('Ada’s camera back on the server', async () => (await server(ada.identity)).tracks.length > 0);

  const ended = egressEvent('egress_ended', ROOM, 'EG_it_1', 'EGRESS_COMPLETE');
  await call('POST', '/webhook', ended, { authorization: await signWebhook(ended, lk) });
  const after = await call('POST', '/token', { room: ROOM, screenName: 'Cy', receipt: late.body['receipt'] });
  assert.equal((after.body['grants'] as { canPublish: boolean }).canPublish, true, 'publish again once the recording ended');
});

test('enforceRecordingConsent, called by a host recording by other means, unpublishes a real track', async () => {
  const dee = await publisher('Dee', false);
  const result = await parlor.enforceRecordingConsent(ROOM);
  assert.ok(result.revoked.includes(dee.identity), JSON.stringify(result));
  await until("Dee's track to be unpublished", async () => (await server(dee.identity)).tracks.length === 0);
  assert.equal((await server(dee.identity)).attributes[ATTR], 'required');
});

test('when the room is no longer recorded, those whose publishing the recording took get it back (host setRecording, and an egress ending)', async () => {
  const eve = await publisher('Eve', false);
  const started = await parlor.setRecording(ROOM, true);
  assert.ok(started.revoked.includes(eve.identity), JSON.stringify(started));
  await until("Eve's track to be unpublished", async () => (await server(eve.identity)).tracks.length === 0);
  const stopped = await parlor.setRecording(ROOM, false);
  assert.ok(stopped.restored.includes(eve.identity), JSON.stringify(stopped));
  const back = await server(eve.identity);
  assert.deepEqual([back.permission?.canPublish, back.attributes[ATTR]], [true, undefined]);
  await until('Eve’s client to be allowed to publish', () => eve.peer.run((room) => room.localParticipant.permissions?.canPublish === true));

  // The same through LiveKit's egress webhooks.
  const on = egressEvent('egress_started', ROOM, 'EG_it_2');
  assert.equal((await call('POST', '/webhook', on, { authorization: await signWebhook(on, lk) })).status, 200);
  await until('Eve unpublished again', async () => (await server(eve.identity)).permission?.canPublish === false);
  const off = egressEvent('egress_ended', ROOM, 'EG_it_2', 'EGRESS_COMPLETE');
  assert.equal((await call('POST', '/webhook', off, { authorization: await signWebhook(off, lk) })).status, 200);
  const again = await server(eve.identity);
  assert.deepEqual([again.permission?.canPublish, again.attributes[ATTR]], [true, undefined]);
});
