// A deleted message stays deleted for people who were away: its author never
// sends it again, and a delete that arrives before its message still counts.
import { expect } from '@esm-bundle/chai';
import type { Room } from 'livekit-client';
import type { RoomClient } from './client.js';
import { joined, rawPeer, sleep, uniqueRoom, until } from './test/helpers.js';

const control = (peer: Room, message: object) => peer.localParticipant.sendText(JSON.stringify(message), { topic: 'parlor.control' });

describe('deleted chat messages (real server kit and LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  const peers: Room[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
    for (const p of peers.splice(0)) await p.disconnect();
  });

  it('a deleted message is not in what its author sends a peer back from an outage', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    clients.push(a);
    const b = await rawPeer(room, 'away-1', 'Away');
    peers.push(b);
    const received: string[] = [];
    b.registerTextStreamHandler('lk.chat', async (reader) => {
      received.push(await reader.readAll());
    });
    await until(a, (s) => s.participants.some((p) => p.identity === 'away-1'), 15_000, 'A sees B');
    const gone = a.sendChat('deleted later');
    a.sendChat('kept');
    await until(a, (s) => s.chat.size === 2 && s.chat.toArray().every((m) => m.status === 'sent'), 15_000, 'both sent');
    await a.deleteMessage(gone.id);
    // B says it was away for a minute: A sends it what it sent meanwhile.
    await control(b, { v: 1, type: 'sync', ms: 60_000 });
    await sleep(2_000);
    expect(received.filter((t) => t === 'kept'), 'the kept message, sent again (the sync was answered)').to.have.length(2);
    expect(received.filter((t) => t === 'deleted later'), 'the deleted one, never again').to.have.length(1);
  });

  it('a delete that arrives before its message: the message arrives deleted (only from its author or a moderator)', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    clients.push(a);
    const author = await rawPeer(room, 'author-1', 'Author');
    const other = await rawPeer(room, 'other-1', 'Other');
    peers.push(author, other);
    await until(a, (s) => s.participants.length === 3, 15_000, 'A sees both peers');
    const send = (peer: Room, id: string, text: string) =>
      peer.localParticipant.sendText(text, { topic: 'lk.chat', attributes: { 'parlor.id': id, 'parlor.v': '1' } });
    await control(author, { v: 1, type: 'delete', id: 'msg-own-1' });
    await control(other, { v: 1, type: 'delete', id: 'msg-not-theirs-1' });
    await sleep(300);
    await send(author, 'msg-own-1', 'written, then deleted by its author');
    await send(author, 'msg-not-theirs-1', 'someone else tried to delete this');
    const s = await until(a, (st) => st.chat.size === 2, 15_000, 'both messages at A');
    const byId = new Map(s.chat.toArray().map((m) => [m.id, m]));
    expect([byId.get('msg-own-1')?.deleted, byId.get('msg-own-1')?.text]).to.deep.equal([true, '']);
    expect([byId.get('msg-not-theirs-1')?.deleted, byId.get('msg-not-theirs-1')?.text]).to.deep.equal([false, 'someone else tried to delete this']);
  });
});
