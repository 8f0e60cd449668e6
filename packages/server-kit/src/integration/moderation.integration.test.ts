// Against the real LiveKit server (node scripts/with-livekit.mjs …) and real
// Chromium peers: kick, revoke publish and webhooks as a host would see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Role } from '@parlor/core/protocol';
import { createParlorHandler } from '../handler.js';
import { toNodeHandler } from '../node.js';
import { MemoryStore } from '../store/memory.js';
import type { ParlorWebhookEvent } from '../webhook-events.js';
import { env, lk, until, startRawPeers, type Peer, type RawPeers } from './live.js';

const port = Number(env('PARLOR_WEBHOOK_PORT'));


const ROOM = `kit-it-${Date.now().toString(36)}`;
const events: ParlorWebhookEvent[] = [];
const rooms = new RoomServiceClient(lk.host, lk.apiKey, lk.apiSecret);
let server: Server;
let peers: RawPeers;
const base = `http://127.0.0.1:${port}/api/parlor`;

before(async () => {
  const handler = createParlorHandler({
    livekit: lk,
    secret: 'integration-secret-integration-secret-0123',
    store: new MemoryStore(),
    authenticate: async (req) => {
      const u = req.headers.get('x-user');
      return u ? { identity: u.split(':')[0]!, role: u.split(':')[1] as Role } : null;
    },
    allowGuests: true,
    onWebhook: (e) => void events.push(e),
  });
  server = createServer(toNodeHandler(handler));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  peers = await startRawPeers();
});

after(async () => {
  await peers?.close();
  await new Promise((r) => server?.close(r));
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** A guest with full consent, connected in Chromium with its camera published. */
async function liveGuest(name: string): Promise<{ identity: string; receipt: string; token: string; peer: Peer }> {
  const c = await post('/consent', { room: ROOM, termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
  assert.equal(c.status, 201);
  const receipt = c.body['receipt'] as string;
  const t = await post('/token', { room: ROOM, screenName: name, receipt });
  assert.equal(t.status, 200);
  const peer = await peers.open({ url: t.body['url'] as string, token: t.body['token'] as string });
  await peer.run(async (room) => { await room.localParticipant.setCameraEnabled(true); });
  const identity = t.body['identity'] as string;
  await until('camera published on the server', async () => (await rooms.getParticipant(ROOM, identity)).tracks.length > 0);
  return { identity, receipt, token: t.body['token'] as string, peer };
}

const cameraCount = async (identity: string) => (await rooms.getParticipant(ROOM, identity)).tracks.length;

test('revoke-live unpublishes a real track, a kick removes the real participant, a ban keeps them out', async () => {
  const { identity, peer, token, receipt } = await liveGuest('Ada');
  const mod = { 'x-user': 'mia:moderator' };
  assert.equal((await post('/moderation/revoke-live', { room: ROOM, target: identity }, mod)).status, 200);
  await until('the track to be unpublished', async () => (await cameraCount(identity)) === 0);
  // The server drops the track before its permission update reaches the peer's
  // WebSocket, so the peer is polled too (reading it once failed in CI).
  await until('the peer to learn it may not publish', () => peer.run((room) => room.localParticipant.permissions?.canPublish === false));

  assert.equal((await post('/moderation/kick', { room: ROOM, target: identity }, mod)).status, 200);
  // Likewise the leave can reach the peer before the server's list drops it.
  await until('the peer to be disconnected and gone from the server', async () =>
    (await peer.run((room) => room.state === 'disconnected')) &&
    !(await rooms.listParticipants(ROOM)).some((p) => p.identity === identity),
  );

  // A ban persists; LiveKit still accepts the old unexpired token, so the kit removes the person when the join webhook arrives.
  assert.equal((await post('/moderation/ban', { room: ROOM, target: identity }, mod)).status, 200);
  const rejoin = await peers.open({ url: lk.url, token, connect: false });
  // Connecting may fail part-way or succeed briefly: either way the person must end up out of the room.
  await rejoin.run(`async (_room, LK) => {
    window.room = new LK.Room();
    await window.room.connect(${JSON.stringify(lk.url)}, ${JSON.stringify(token)}, { rtcConfig: { iceServers: [] } }).catch(() => {});
  }`);
  await until('the rejoin to reach LiveKit (a second participant_joined)', async () =>
    events.filter((e) => e.event === 'participant_joined' && e.participant?.identity === identity).length >= 2,
  );
  await until('the banned peer to be out of the room', async () =>
    (await rejoin.run((room) => room.state === 'disconnected')) &&
    !(await rooms.listParticipants(ROOM)).some((p) => p.identity === identity),
  );
  assert.equal((await post('/token', { room: ROOM, screenName: 'Ada', receipt })).body['code'], 'banned');
});

test('withdrawing consent unpublishes a real track at once', async () => {
  const { identity, receipt } = await liveGuest('Grace');
  const r = await post('/consent', {}, { authorization: `Bearer ${receipt}` }, 'DELETE');
  assert.equal(r.status, 200);
  assert.equal(r.body['revokedLive'], true);
  await until('the track to be unpublished', async () => (await cameraCount(identity)) === 0);
  const perm = (await rooms.getParticipant(ROOM, identity)).permission;
  assert.deepEqual([perm?.canPublish, perm?.canPublishData, perm?.canSubscribe], [false, false, true]);
});

test('deleting my data unpublishes a real track at once and takes chat away, as withdrawing does', async () => {
  const { identity, receipt, peer } = await liveGuest('Hedy');
  const r = await post('/me/deletion', {}, { authorization: `Bearer ${receipt}` });
  assert.equal(r.status, 200);
  await until('the track to be unpublished', async () => (await cameraCount(identity)) === 0);
  const perm = (await rooms.getParticipant(ROOM, identity)).permission;
  assert.deepEqual([perm?.canPublish, perm?.canPublishData, perm?.canSubscribe], [false, false, true]);
  await until('the peer to learn it may neither publish nor chat', () =>
    peer.run((room) => room.localParticipant.permissions?.canPublish === false && room.localParticipant.permissions?.canPublishData === false),
  );
  // Turning the camera on again publishes nothing.
  await peer.run(async (room) => { await room.localParticipant.setCameraEnabled(true).catch(() => {}); });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(await cameraCount(identity), 0);
});

test('webhooks from LiveKit arrive verified, typed and de-duplicated', async () => {
  await until('participant_joined and track_published webhooks', async () =>
    events.some((e) => e.event === 'participant_joined' && e.room?.name === ROOM && e.participant?.role === 'participant') &&
    events.some((e) => e.event === 'track_published' && e.track?.source === 'camera'),
  );
  await until('participant_left for the kicked peer', async () => events.some((e) => e.event === 'participant_left' && e.room?.name === ROOM));
  const ids = events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'every event id processed once');
});
