// Moderation and refusals end to end: the real server kit decides, LiveKit
// enforces, and the client shows a stable code for each.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import { MAX_MESSAGE_BYTES } from './wire.js';
import { codeOf, eventually, joined, livekit, sleep, uniqueRoom, until } from './test/helpers.js';


async function moderatorIn(room: string, endpoint = '/api/parlor'): Promise<RoomClient> {
  const { invite } = (await (await fetch(`/test/invite?room=${room}&role=moderator`)).json()) as { invite: string };
  return joined(room, 'Marigold', { invite }, { client: { endpoint } });
}

describe('moderation and refusals (real server kit and LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  /** Amber and a moderator in a room of their own, the moderator seeing her (both left for afterEach). */
  async function amberAndModerator(): Promise<[RoomClient, RoomClient]> {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const m = await moderatorIn(room);
    clients.push(a, m);
    await until(m, (s) => s.participants.length === 2, 15_000, 'M sees A');
    return [a, m];
  }

  it('refuses to join without consent (consent_required) and refuses an oversized message (message_too_large)', async () => {
    const room = uniqueRoom();
    const c = new RoomClient({ endpoint: '/api/parlor', room, livekit });
    clients.push(c);
    expect(await codeOf(c.join({ screenName: 'Moonbeam' }))).to.equal('consent_required');
    const a = await joined(room, 'Amber');
    clients.push(a);
    const errors: string[] = [];
    a.on('error', (e) => errors.push(e.code));
    expect(await codeOf(() => a.sendChat('x'.repeat(MAX_MESSAGE_BYTES + 1)))).to.equal('message_too_large');
    expect(errors).to.deep.equal(['message_too_large']);
    expect(a.getState().chat.size).to.equal(0);
  });

  it('a moderator can still act after the join token has expired (with the token LiveKit refreshed)', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    // This kit's LiveKit tokens last 3 s; LiveKit sends refreshed ones to the connected client.
    const m = await moderatorIn(room, '/api/parlor-short-ttl');
    clients.push(a, m);
    await until(m, (s) => s.participants.length === 2, 15_000, 'M sees A');
    await sleep(4_000);
    await m.kick(a.getState().local!.identity);
    await until(a, (s) => s.disconnectReason === 'kicked', 15_000, 'A kicked');
  });

  it('a moderator who left moderates no more: not_connected, nothing sent with the old token', async () => {
    const [a, m] = await amberAndModerator();
    await m.leave();
    expect(await codeOf(m.kick(a.getState().local!.identity))).to.equal('not_connected');
    expect(await codeOf(m.lockRoom(true))).to.equal('not_connected');
    // Joining again, before the new token: the left room's token is not used either.
    const rejoin = m.join({ screenName: 'Marigold' }).catch(() => {});
    expect(await codeOf(m.kick(a.getState().local!.identity))).to.equal('not_connected');
    await rejoin;
    await sleep(500);
    expect(a.getState().status).to.equal('connected');
  });

  it('a moderator deletes anyone’s message; everyone sees it deleted', async () => {
    const [a, m] = await amberAndModerator();
    await until(a, (s) => s.participants.length === 2, 15_000, 'A sees M');
    const sent = a.sendChat('rude words');
    await until(m, (s) => s.chat.size === 1, 15_000, 'M has the message');
    expect(a.getState().participants.map((p) => `${p.name}:${p.role}`).sort()).to.deep.equal(['Amber:broadcaster', 'Marigold:moderator']);
    expect(m.getState().chat.get(0)?.id).to.equal(sent.id);
    await m.deleteMessage(sent.id);
    expect(m.getState().chat.get(0)?.deleted).to.equal(true);
    await until(a, (s) => s.chat.get(0)?.deleted === true, 15_000, 'deleted at A');
    expect(a.getState().chat.get(0)?.text).to.equal('');
  });

  it('slow mode holds back a second message (rate_limited with retryAfter); moderators are exempt', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const m = await moderatorIn(room);
    clients.push(a, m);
    await m.setSlowMode(30);
    await until(a, (s) => s.roomMetadata.slowModeSeconds === 30, 15_000, 'slow mode reaches A');
    a.sendChat('one');
    let err: unknown;
    try {
      a.sendChat('two');
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ParlorError);
    expect((err as ParlorError).code).to.equal('rate_limited');
    expect((err as ParlorError).retryAfter).to.be.within(1, 30);
    m.sendChat('mod one');
    m.sendChat('mod two');
    expect(a.getState().chat.toArray().filter((x) => x.local).length).to.equal(1);
  });

  it('a moderator mutes a microphone and closes a camera: the person’s state shows them off, and mutedByModerator says who did it', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber', { camera: true, microphone: true });
    const m = await moderatorIn(room);
    clients.push(a, m);
    const muted: string[] = [];
    a.on('mutedByModerator', (source) => muted.push(source));
    // Turning your own off says nothing (the last assertion counts every event).
    await a.setMicrophone(false);
    await a.setMicrophone(true);
    const id = a.getState().local!.identity;
    await until(m, (s) => !!s.participants.find((p) => p.identity === id)?.microphone && !!s.participants.find((p) => p.identity === id)?.camera, 15_000, 'M sees A live');
    await m.mute(id);
    await until(a, (s) => s.local?.microphone === false, 15_000, 'A muted');
    await eventually(() => muted.length === 1, 5_000, 'one mutedByModerator');
    await m.closeCamera(id);
    await until(a, (s) => s.local?.camera === false, 15_000, 'A camera closed');
    await eventually(() => muted.length === 2, 5_000, 'a second mutedByModerator');
    // Muting a microphone already off changes nothing, and says nothing.
    await m.mute(id);
    await sleep(1_500);
    expect(muted).to.deep.equal(['microphone', 'camera']);
  });

  it('a raised hand goes down on every page once a moderator lets the person go live, or once they withdraw their consent', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber', {}, { purposes: { broadcast: false } });
    const b = await joined(room, 'Basil', {}, { purposes: { broadcast: false } });
    const m = await moderatorIn(room);
    clients.push(a, b, m);
    const hand = (c: RoomClient, who: RoomClient) => c.getState().participants.find((p) => p.identity === who.getState().local!.identity)?.handRaised;
    await a.changeConsent({ broadcast: true });
    let approved = 0;
    a.on('liveApproved', () => approved++);
    b.on('liveApproved', () => approved += 100);
    const asked: string[] = [];
    m.on('handRaised', (p) => asked.push(p.name));
    await a.raiseHand(true);
    await b.raiseHand(true);
    await until(m, () => hand(m, a) === true && hand(m, b) === true, 15_000, 'M sees both hands');
    // The same hand sent again (as a page does to whoever becomes active) is not a new request.
    await a.raiseHand(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(asked.sort(), 'one handRaised per raised hand').to.deep.equal(['Amber', 'Basil']);
    expect(a.getState().local?.handRaised).to.equal(true);
    const canPublish = () => m.getState().participants.find((p) => p.identity === a.getState().local!.identity)?.canPublish;
    expect(canPublish(), 'not on camera yet').to.equal(false);

    await m.approveLive(a.getState().local!.identity);
    await until(a, (s) => s.local?.can.publish === true, 15_000, 'A may publish');
    await until(a, (s) => s.local?.handRaised === false, 5_000, 'A’s own hand down');
    expect(approved, 'A told once that a moderator let them on (liveApproved), B not').to.equal(1);
    await until(m, () => hand(m, a) === false, 5_000, 'A’s hand down at M');
    expect(canPublish(), 'M sees that A may go on camera now').to.equal(true);

    await b.withdrawConsent();
    await until(b, (s) => s.local?.can.chat === false, 15_000, 'B lost data rights');
    await until(m, () => hand(m, b) === false, 5_000, 'B’s hand down at M');
    expect(b.getState().local?.handRaised).to.equal(false);
    expect(approved, 'a hand lowered by a withdrawal is not an approval').to.equal(1);
  });

  it('kick shows "kicked"; a ban keeps the person out (banned); a locked room refuses newcomers (room_locked)', async () => {
    const [a, m] = await amberAndModerator();
    const room = a.getState().room;
    const kicked: string[] = [];
    a.on('kicked', () => kicked.push('kicked'));
    await m.kick(a.getState().local!.identity, 'spam');
    const s = await until(a, (st) => st.status === 'disconnected', 15_000, 'A removed');
    expect(s.disconnectReason).to.equal('kicked');
    expect(s.error?.code).to.equal('kicked');
    expect(kicked).to.deep.equal(['kicked']);

    // Back in with the same consent (same identity), then banned.
    a.reset();
    await a.join({ screenName: 'Amber' });
    await until(m, (st) => st.participants.length === 2, 15_000, 'A back');
    await m.ban(a.getState().local!.identity);
    const banned = await until(a, (st) => st.status === 'disconnected', 15_000, 'A removed again');
    // The server kit marks why before removing, so the live ban reads as a ban, not a kick.
    expect(banned.disconnectReason).to.equal('banned');
    a.reset();
    expect(await codeOf(a.join({ screenName: 'Amber' }))).to.equal('banned');

    await m.lockRoom(true);
    await eventually(() => m.getState().roomMetadata.locked === true, 10_000, 'lock in room metadata');
    expect(await codeOf(joined(room, 'Basil'))).to.equal('room_locked');

    // Consent and join in one request, into the locked room: the join is refused, the consent is kept.
    const c = new RoomClient({ endpoint: '/api/parlor', room, livekit });
    clients.push(c);
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    const answers = { age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } };
    expect(await codeOf(c.join({ screenName: 'Clover', consent: answers }))).to.equal('room_locked');
    expect(errors).to.deep.equal(['room_locked']);
    expect(c.getState().status).to.equal('failed');
    const kept = c.getState().consent;
    expect(kept?.record.room).to.equal(room);
    // Unlocked, the kept receipt is enough: the same person (same subject) joins without answering again.
    await m.lockRoom(false);
    await c.join({ screenName: 'Clover' });
    expect(c.getState().local?.identity).to.equal(kept?.record.subject);
  });
});
