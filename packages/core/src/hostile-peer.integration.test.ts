// Whatever a peer sends, the client keeps working: a raw livekit-client
// participant plays the hostile peer against a real LiveKit server.
import { expect } from '@esm-bundle/chai';
import type { Room } from 'livekit-client';
import type { RoomClient } from './client.js';
import { eventually, joined, rawPeer, sleep, uniqueRoom, until } from './test/helpers.js';

/** Random letters, so compression cannot shrink the payload on the wire. */
function noise(bytes: number): string {
  const a = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 65_536) crypto.getRandomValues(a.subarray(i, i + 65_536));
  return Array.from(a, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** The longest gap between timer ticks while `during` runs: a frozen page shows as a long gap. */
async function longestStall(during: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 20);
  await during;
  clearInterval(timer);
  return worst;
}

describe('a hostile peer cannot break the client (real LiveKit)', function () {
  this.timeout(60_000);
  let client: RoomClient;
  let peer: Room;

  beforeEach(async () => {
    const room = uniqueRoom();
    client = await joined(room, 'Amber');
    peer = await rawPeer(room, 'raw-1', 'Raw');
    await until(client, (s) => s.participants.some((p) => p.identity === 'raw-1'), 15_000, 'peer visible');
  });
  afterEach(async () => {
    await client.leave();
    await peer.disconnect();
  });

  it('drops a 100 KB chat message without freezing, and later messages still arrive', async () => {
    const texts = () => client.getState().chat.toArray().map((m) => m.text);
    const stall = await longestStall(
      (async () => {
        // Declared size (sendText) and undeclared size (a stream written in chunks).
        await peer.localParticipant.sendText(noise(100_000), { topic: 'lk.chat' });
        const writer = await peer.localParticipant.streamText({ topic: 'lk.chat' });
        for (let i = 0; i < 25; i++) await writer.write(noise(4_000));
        await writer.close();
        await peer.localParticipant.sendText('still here', { topic: 'lk.chat' });
        await until(client, (s) => s.chat.size > 0, 15_000, 'the normal message');
      })(),
    );
    await sleep(500);
    expect(texts()).to.deep.equal(['still here']);
    expect(stall, 'longest main-thread stall (ms)').to.be.below(500);
  });

  it('ignores malformed control messages and deletions the sender has no right to', async () => {
    const mine = client.sendChat('keep me');
    await peer.localParticipant.sendText('raw own message', { topic: 'lk.chat', attributes: { 'parlor.id': 'raw-msg-1' } });
    await until(client, (s) => s.chat.size === 2, 15_000, 'both messages');
    for (const junk of [
      'not json',
      '{"v":1,"type":"delete"}',
      JSON.stringify({ v: 2, type: 'delete', id: mine.id }),
      JSON.stringify({ v: 1, type: 'delete', id: mine.id, role: 'moderator' }), // rights never come from the payload
      JSON.stringify({ v: 1, type: 'delete', id: mine.id }), // a participant deleting someone else's message
      JSON.stringify({ v: 1, type: 'hand', raised: 'yes' }),
      JSON.stringify({ v: 1, type: 'sync', ms: -5 }),
      `{"v":1,"type":"hand","raised":true,"pad":"${'x'.repeat(5000)}"}`,
      '[]',
      'null',
    ]) {
      await peer.localParticipant.sendText(junk, { topic: 'parlor.control' });
    }
    // The positive control: the peer may delete its own message.
    await peer.localParticipant.sendText(JSON.stringify({ v: 1, type: 'delete', id: 'raw-msg-1' }), { topic: 'parlor.control' });
    await eventually(() => client.getState().chat.toArray().some((m) => m.deleted), 10_000, 'own deletion applied');
    const byId = new Map(client.getState().chat.toArray().map((m) => [m.id, m]));
    expect(byId.get(mine.id)).to.include({ deleted: false, text: 'keep me' });
    expect(byId.get('raw-msg-1')?.deleted).to.equal(true);
    expect(client.getState().participants.find((p) => p.identity === 'raw-1')?.handRaised).to.equal(false);
    expect(client.getState().status).to.equal('connected');
  });

  it('does not let __proto__ or constructor attributes pollute anything', async () => {
    await peer.localParticipant.sendText('proto', {
      topic: 'lk.chat',
      // JSON.parse makes "__proto__" an own key, as a decoded wire message would.
      attributes: JSON.parse('{"__proto__":"{\\"polluted\\":\\"yes\\"}","constructor":"x","parlor.id":"proto-1","parlor.ts":"NaN"}'),
    });
    const s = await until(client, (st) => st.chat.size === 1, 15_000, 'the message');
    const m = s.chat.get(0)!;
    expect(m.id).to.equal('proto-1');
    expect(m.text).to.equal('proto');
    expect(Number.isFinite(m.timestamp)).to.equal(true);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).to.equal(false);
    expect(Object.getPrototypeOf(m)).to.equal(Object.prototype);
  });
});
