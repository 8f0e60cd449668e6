// RoomClient against the real server kit and the real LiveKit server.
import { expect } from '@esm-bundle/chai';
import { Room } from 'livekit-client';
import { RoomClient } from './client.js';
import type { ParlorError } from './errors.js';
import { joined, livekit, uniqueRoom, until } from './test/helpers.js';

describe('RoomClient with a real LiveKit server', () => {
  const clients: RoomClient[] = [];
  const rooms: Room[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave();
    for (const r of rooms.splice(0)) await r.disconnect();
  });

  it('connects and shows the local participant under the screen name', async () => {
    const a = await joined(uniqueRoom(), 'Amber');
    clients.push(a);
    const s = a.getState();
    expect(s.status).to.equal('connected');
    expect(s.local?.screenName).to.equal('Amber');
    expect(s.local?.identity).to.match(/^guest_/);
    expect(s.participants[0]?.name).to.equal('Amber');
    expect(s.local?.can.chat).to.equal(true);
  });

  it('join() with the consent answers: one request records them and answers the token; the consent is kept', async () => {
    const client = new RoomClient({ endpoint: '/api/parlor', room: uniqueRoom(), livekit });
    clients.push(client);
    const heard: string[] = [];
    client.on('consentChanged', (c) => heard.push(c?.receipt ?? 'none'));
    client.on('error', (e) => heard.push(`error ${e.code}`));
    performance.clearResourceTimings();
    await client.join({ screenName: 'Onetrip', consent: { age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } } });
    const s = client.getState();
    expect(s.status).to.equal('connected');
    expect(s.consent?.record.subject).to.equal(s.local?.identity);
    expect(heard).to.deep.equal([s.consent?.receipt]);
    const calls = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/api/parlor/'));
    expect(calls).to.deep.equal(['/api/parlor/policy', '/api/parlor/consent']);
  });

  it('join() with answers the server refuses (under the room minimum age): one error, nothing kept, failed', async () => {
    const client = new RoomClient({ endpoint: '/api/parlor', room: uniqueRoom(), livekit });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    let thrown: unknown;
    try {
      await client.join({ screenName: 'Young', consent: { age: 16, purposes: { terms: true, broadcast: false, recording: false, analytics: false } } });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as ParlorError).code).to.equal('under_age');
    expect(errors).to.deep.equal(['under_age']);
    expect(client.getState().consent).to.equal(undefined);
    expect(client.getState().status).to.equal('failed');
  });

  it('delivers chat between two clients under the sender’s screen name', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a, b);
    await until(a, (s) => s.participants.some((p) => p.name === 'Basil'));
    const sent = a.sendChat('hello Basil');
    const got = await until(b, (s) => s.chat.size > 0);
    expect(got.chat.get(0)).to.include({ id: sent.id, text: 'hello Basil', status: 'received' });
    expect(got.chat.get(0)?.from.name).to.equal('Amber');
    await until(a, (s) => s.chat.get(0)?.status === 'sent');
  });

  it('reads and writes lk.chat with a plain livekit-client participant', async () => {
    const roomName = uniqueRoom();
    const a = await joined(roomName, 'Amber');
    clients.push(a);
    const res = await fetch(`/test/token?room=${roomName}&identity=plain-1&name=Plain`);
    const { token, url } = (await res.json()) as { token: string; url: string };
    const plain = new Room();
    rooms.push(plain);
    const received: string[] = [];
    plain.registerTextStreamHandler('lk.chat', async (reader) => {
      received.push(await reader.readAll());
    });
    await plain.connect(url, token, { rtcConfig: { iceServers: [] } });
    await until(a, (s) => s.participants.some((p) => p.identity === 'plain-1'));
    await plain.localParticipant.sendText('from a plain client', { topic: 'lk.chat' });
    const s = await until(a, (st) => st.chat.size === 1);
    expect(s.chat.get(0)?.text).to.equal('from a plain client');
    expect(s.chat.get(0)?.from.name).to.equal('Plain');
    a.sendChat('from Parlor');
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).to.deep.equal(['from Parlor']);
  });

  it('sees the other participant leave', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a);
    await until(a, (s) => s.participants.length === 2);
    await b.leave();
    await until(a, (s) => s.participants.length === 1);
    expect(b.getState().disconnectReason).to.equal('left');
  });

  it('leave() ends in disconnected even when livekit-client fails to disconnect', async () => {
    const b = await joined(uniqueRoom(), 'Basil');
    const lk = b.livekitRoom!;
    const real = lk.disconnect.bind(lk);
    lk.disconnect = () => Promise.reject(new Error('disconnect failed'));
    try {
      await b.leave();
      expect(b.getState().status).to.equal('disconnected');
      expect(b.getState().disconnectReason).to.equal('left');
    } finally {
      await real();
    }
  });

  /** Amber and Basil in a room of their own, each seeing the other (only Amber is left for afterEach). */
  async function amberAndBasil(): Promise<[RoomClient, RoomClient]> {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a);
    await until(a, (s) => s.participants.length === 2);
    return [a, b];
  }

  /** Drops `c`'s connection as a network change would (a full reconnect follows). */
  async function away(c: RoomClient): Promise<void> {
    void c.livekitRoom?.simulateScenario('full-reconnect');
    await until(c, (s) => s.status === 'reconnecting', 10_000, 'reconnecting');
  }

  it('after a reconnect, someone not back is listed a while (without media), then leaves the list with participantLeft', async function () {
    this.timeout(40_000);
    const [a, b] = await amberAndBasil();
    await b.setCamera(true);
    await until(a, (s) => s.participants.some((p) => p.name === 'Basil' && p.camera !== undefined), 15_000, 'Basil on camera');
    const left: string[] = [];
    a.on('participantLeft', (p) => left.push(p.name));
    await away(a);
    // Basil leaves for good while Amber is away.
    await b.leave();
    await until(a, (s) => s.status === 'connected', 30_000, 'A back');
    const back = Date.now();
    expect(a.getState().participants.map((p) => p.name).sort(), 'Basil still listed just after').to.deep.equal(['Amber', 'Basil']);
    const basil = a.getState().participants.find((p) => p.name === 'Basil')!;
    expect([basil.camera === undefined, basil.connectionQuality], 'listed without media, as lost').to.deep.equal([true, 'lost']);
    await until(a, (s) => s.participants.length === 1, 15_000, 'Basil gone from the list');
    expect(Date.now() - back, 'after the grace').to.be.within(6_000, 12_000);
    expect(left).to.deep.equal(['Basil']);
  });

  it('after a reconnect, someone back who then leaves within the grace goes at once', async function () {
    this.timeout(40_000);
    const [a, b] = await amberAndBasil();
    await away(a);
    await until(a, (s) => s.status === 'connected', 30_000, 'A back');
    await until(a, (s) => s.participants.some((p) => p.name === 'Basil' && p.connectionQuality !== 'lost'), 10_000, 'Basil seen back');
    const back = Date.now();
    await b.leave();
    await until(a, (s) => s.participants.length === 1, 10_000, 'Basil gone');
    expect(Date.now() - back, 'not held for the rest of the grace').to.be.below(4_000);
  });
});
