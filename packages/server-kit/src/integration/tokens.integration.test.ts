// The lean minting path against the real LiveKit server and real Chromium
// peers: LiveKit accepts the token mintToken signs with node:crypto, applies
// every grant, name and attribute in it exactly as for the same token made by
// livekit-server-sdk's AccessToken, and refuses one signed with another secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, RoomServiceClient, TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import { Attr, type Role } from '@parlor/core/protocol';
import { videoGrantFor, type GrantLimits } from '../grants.js';
import { mintToken } from '../tokens.js';
import { lk, until, startRawPeers, type RawPeers } from './live.js';



const ROOM = `lean-it-${Date.now().toString(36)}`;
const rooms = new RoomServiceClient(lk.host, lk.apiKey, lk.apiSecret);
let peers: RawPeers;

before(async () => {
  peers = await startRawPeers();
});
after(async () => {
  await peers?.close();
});

/** What LiveKit made of a participant's token: the fields a grant, name or attribute decides. */
function asSeen(p: ParticipantInfo) {
  const perm = p.permission;
  return {
    name: p.name,
    attributes: p.attributes,
    canPublish: perm?.canPublish,
    canPublishSources: [...(perm?.canPublishSources ?? [])].sort(),
    canSubscribe: perm?.canSubscribe,
    canPublishData: perm?.canPublishData,
    canUpdateMetadata: perm?.canUpdateMetadata,
    hidden: perm?.hidden,
    recorder: perm?.recorder,
    agent: perm?.agent,
    canSubscribeMetrics: perm?.canSubscribeMetrics,
  };
}

const variants: { role: Role; limits: GrantLimits; attributes?: Record<string, string> }[] = [
  { role: 'participant', limits: { mayPublish: true, mayChat: true } },
  { role: 'moderator', limits: { mayPublish: true, mayChat: false } },
  { role: 'broadcaster', limits: { mayPublish: false, mayChat: true }, attributes: { 'parlor.recording-consent': 'required' } },
];

test('LiveKit admits a lean token and applies it exactly as the same AccessToken token', async () => {
  for (const [i, v] of variants.entries()) {
    const name = `Zoë ${v.role}`;
    const attributes = { ...v.attributes, [Attr.Role]: v.role };
    const lean = await mintToken({ ...lk, room: ROOM, identity: `lean-${i}`, name, role: v.role, limits: v.limits, ...(v.attributes && { attributes: v.attributes }) });
    const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity: `ref-${i}`, name, ttl: 600, attributes });
    at.addGrant(videoGrantFor(ROOM, v.role, v.limits));
    const ref = await at.toJwt();

    const a = await peers.open({ url: lk.url, token: lean.token });
    const b = await peers.open({ url: lk.url, token: ref });
    assert.equal(await a.run((room) => room.state), 'connected');
    const seenA = await until('the lean peer on the server', async () => rooms.getParticipant(ROOM, `lean-${i}`));
    const seenB = await until('the reference peer on the server', async () => rooms.getParticipant(ROOM, `ref-${i}`));
    assert.deepEqual(asSeen(seenA), asSeen(seenB), v.role);
    assert.equal(seenA.name, name);
    assert.equal(seenA.attributes[Attr.Role], v.role);
    assert.equal(seenA.permission?.canPublish, lean.grants.canPublish);
    assert.equal(seenA.permission?.canPublishData, lean.grants.canPublishData);
    // The client sees the same rights it was granted.
    assert.equal(await a.run((room) => room.localParticipant.permissions?.canPublish === true), lean.grants.canPublish);
    if (lean.grants.canPublish) {
      assert.deepEqual([...(seenA.permission?.canPublishSources ?? [])].sort(), v.role === 'participant'
        ? [TrackSource.CAMERA, TrackSource.MICROPHONE]
        : [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]);
      await a.run(async (room) => { await room.localParticipant.setCameraEnabled(true); });
      await until('the lean peer camera published', async () => (await rooms.getParticipant(ROOM, `lean-${i}`)).tracks.length > 0);
    }
    await a.close();
    await b.close();
  }
});

test('a lean viewer token joins hidden and subscribe-only', async () => {
  const viewer = await mintToken({ ...lk, room: ROOM, identity: 'lean-viewer', name: 'Watcher', role: 'viewer', limits: { mayPublish: false, mayChat: false } });
  const peer = await peers.open({ url: lk.url, token: viewer.token });
  try {
    assert.equal(await peer.run((room) => room.state), 'connected');
    const p = await until('the viewer on the server', async () => rooms.getParticipant(ROOM, 'lean-viewer'));
    assert.deepEqual([p.permission?.hidden, p.permission?.canPublish, p.permission?.canPublishData, p.permission?.canSubscribe], [true, false, false, true]);
  } finally {
    await peer.close();
  }
});

test('LiveKit refuses a lean token signed with another secret', async () => {
  const forged = await mintToken({ ...lk, apiSecret: `${lk.apiSecret}-forged`, room: ROOM, identity: 'lean-forged', name: 'Mallory', role: 'owner', limits: { mayPublish: true, mayChat: true } });
  const peer = await peers.open({ url: lk.url, token: forged.token, connect: false });
  try {
    const outcome = await peer.run(`async (_room, LK) => {
      const room = new LK.Room();
      try {
        await room.connect(${JSON.stringify(lk.url)}, ${JSON.stringify(forged.token)}, { rtcConfig: { iceServers: [] } });
        return 'connected';
      } catch (e) {
        return 'refused';
      }
    }`);
    assert.equal(outcome, 'refused');
    assert.ok(!(await rooms.listParticipants(ROOM)).some((p) => p.identity === 'lean-forged'));
  } finally {
    await peer.close();
  }
});

test("a moderator's token from the kit cannot call LiveKit's room API itself (it would make itself owner)", async () => {
  const mod = await mintToken({ ...lk, room: ROOM, identity: 'lean-mod', name: 'Mod', role: 'moderator', limits: { mayPublish: true, mayChat: true } });
  const peer = await peers.open({ url: lk.url, token: mod.token });
  /** LiveKit's own UpdateParticipant (Twirp), called with `token`, making lean-mod an owner. */
  const promote = (token: string) =>
    fetch(`${lk.host}/twirp/livekit.RoomService/UpdateParticipant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ room: ROOM, identity: 'lean-mod', attributes: { [Attr.Role]: 'owner' } }),
    });
  try {
    await until('the moderator on the server', async () => rooms.getParticipant(ROOM, 'lean-mod'));
    const r = await promote(mod.token);
    assert.ok(r.status === 401 || r.status === 403, `LiveKit answered ${r.status}`);
    assert.equal((await rooms.getParticipant(ROOM, 'lean-mod')).attributes[Attr.Role], 'moderator');
    // The control: a token with LiveKit's roomAdmin (what moderators carried before) can.
    const admin = new AccessToken(lk.apiKey, lk.apiSecret, { identity: 'lean-admin' });
    admin.addGrant({ room: ROOM, roomAdmin: true });
    assert.equal((await promote(await admin.toJwt())).status, 200);
    await until('the role rewritten by the admin token', async () => (await rooms.getParticipant(ROOM, 'lean-mod')).attributes[Attr.Role] === 'owner');
  } finally {
    await peer.close();
  }
});
