// Chat delivery across reconnects against the real LiveKit server: every id
// arrives once, none is lost, whichever side's connection breaks.
import { expect } from '@esm-bundle/chai';
import type { RoomClient } from './client.js';
import type { ConnectionStatus, ParticipantInfo } from './types.js';
import { codeOf, eventually, idCounts, joined, livekit, sleep, uniqueRoom, until } from './test/helpers.js';
import { CATCH_UP_MS } from './chat.js';

type Scenario = 'full-reconnect' | 'resume-reconnect';

/** Sends `n` numbered messages, `gap` ms apart; returns their ids. */
async function burst(client: RoomClient, label: string, n: number, gap = 30): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(client.sendChat(`${label} ${i}`).id);
    await sleep(gap);
  }
  return ids;
}

/** Every id in `ids` shows exactly once in `receiver`'s chat and arrived as exactly one `message` event. */
async function expectExactlyOnce(receiver: RoomClient, ids: readonly string[], events: Map<string, number>): Promise<void> {
  await eventually(() => ids.every((id) => idCounts(receiver).has(id)), 25_000, `all ${ids.length} messages at the receiver`);
  await sleep(1500); // late re-sends would show up as duplicates now
  const counts = idCounts(receiver);
  const lost = ids.filter((id) => !counts.has(id));
  const duplicated = [...counts].filter(([, n]) => n > 1);
  const doubleEvents = [...events].filter(([, n]) => n > 1);
  expect({ lost, duplicated, doubleEvents }).to.deep.equal({ lost: [], duplicated: [], doubleEvents: [] });
  expect(receiver.getState().chat.toArray().filter((m) => !m.local).length).to.equal(ids.length);
}

function countMessages(client: RoomClient): Map<string, number> {
  const events = new Map<string, number>();
  client.on('message', (m) => {
    if (!m.local) events.set(m.id, (events.get(m.id) ?? 0) + 1);
  });
  return events;
}

describe('chat delivery across reconnects (real LiveKit)', function () {
  this.timeout(90_000);
  const clients: RoomClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  async function pair(): Promise<[RoomClient, RoomClient]> {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a, b);
    await until(a, (s) => s.participants.length === 2, 15_000, 'A sees B');
    await until(b, (s) => s.participants.length === 2, 15_000, 'B sees A');
    return [a, b];
  }

  for (const scenario of ['full-reconnect', 'resume-reconnect'] as Scenario[]) {
    it(`loses and duplicates nothing when the sender goes through a ${scenario}`, async () => {
      const [a, b] = await pair();
      const events = countMessages(b);
      const statuses: ConnectionStatus[] = [];
      a.on('statusChanged', (s) => statuses.push(s));
      const left: ParticipantInfo[] = [];
      b.on('participantLeft', (p) => left.push(p));
      const ids = await burst(a, 'before', 5);
      void a.livekitRoom?.simulateScenario(scenario);
      await until(a, (s) => s.status === 'reconnecting', 10_000, 'A reconnecting');
      ids.push(...(await burst(a, 'during', 5, 10)));
      await until(a, (s) => s.status !== 'reconnecting', 45_000, 'A reconnected');
      ids.push(...(await burst(a, 'after', 5)));
      await expectExactlyOnce(b, ids, events);
      await until(a, (s) => s.chat.toArray().every((m) => m.status === 'sent'), 15_000, 'all sent');
      // A UI can show the break and the recovery, and never "disconnected" in between.
      expect(statuses).to.deep.equal(['reconnecting', 'connected']);
      expect(left.map((p) => p.name), 'B saw A leave during the reconnect').to.deep.equal([]);
      expect(b.getState().participants.map((p) => p.name).sort()).to.deep.equal(['Amber', 'Basil']);
    });

    it(`loses and duplicates nothing when the receiver goes through a ${scenario}`, async () => {
      const [a, b] = await pair();
      const events = countMessages(b);
      const left: ParticipantInfo[] = [];
      b.on('participantLeft', (p) => left.push(p));
      const ids = await burst(a, 'before', 5);
      void b.livekitRoom?.simulateScenario(scenario);
      await until(b, (s) => s.status === 'reconnecting', 10_000, 'B reconnecting');
      ids.push(...(await burst(a, 'during', 5, 10)));
      await until(b, (s) => s.status !== 'reconnecting', 45_000, 'B reconnected');
      expect(b.getState().status).to.equal('connected');
      ids.push(...(await burst(a, 'after', 5)));
      await expectExactlyOnce(b, ids, events);
      expect(left.map((p) => p.name), 'participants flashed out on B').to.deep.equal([]);
      expect(b.getState().participants.map((p) => p.name).sort()).to.deep.equal(['Amber', 'Basil']);
    });
  }

  it('a receiver back from a full reconnect gets all it missed, more than its display burst too', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    // Basil is shown at most 5 messages at once from one sender (50 by default).
    const b = await joined(room, 'Basil', {}, { client: { chat: { rateBurst: 5 } } });
    clients.push(a, b);
    await until(a, (s) => s.participants.length === 2, 15_000, 'A sees B');
    await until(b, (s) => s.participants.length === 2, 15_000, 'B sees A');
    const events = countMessages(b);
    const ids = await burst(a, 'before', 3, 100);
    void b.livekitRoom?.simulateScenario('full-reconnect');
    await until(b, (s) => s.status === 'reconnecting', 10_000, 'B reconnecting');
    // Three times Basil's burst, while Basil is away: they come back to Basil at once, in A's answer to its sync request.
    ids.push(...(await burst(a, 'during', 15, 10)));
    await until(b, (s) => s.status !== 'reconnecting', 45_000, 'B reconnected');
    await expectExactlyOnce(b, ids, events);
    // Unasked, the limit holds as before: a burst from A now is cut to what the rate allows
    // (once the allowance of the last try of B's request, 15 s, has surely run out).
    await sleep(CATCH_UP_MS + 2_000);
    const flood = await burst(a, 'flood', 20, 0);
    await sleep(2_000);
    const shown = flood.filter((id) => idCounts(b).has(id)).length;
    expect(shown, 'the allowance is over').to.be.within(5, 14);
  });

  it('loses and duplicates nothing when the LiveKit server restarts', async () => {
    const [a, b] = await pair();
    const eventsB = countMessages(b);
    const eventsA = countMessages(a);
    const fromA = await burst(a, 'a before', 3);
    const fromB = await burst(b, 'b before', 3);
    // Neither page's list empties while the other is on its way back, nor says anyone left or came.
    const comings: string[] = [];
    const fewest = { a: 2, b: 2 };
    for (const [key, c] of [['a', a], ['b', b]] as const) {
      c.on('participantLeft', (p) => comings.push(`${key}: ${p.name} left`));
      c.on('participantJoined', (p) => comings.push(`${key}: ${p.name} joined`));
      c.subscribe((s) => void (fewest[key] = Math.min(fewest[key], s.participants.length)));
    }
    const restarted = fetch('/test/livekit/restart', { method: 'POST' });
    await until(a, (s) => s.status === 'reconnecting', 20_000, 'A notices the restart');
    fromA.push(...(await burst(a, 'a during', 4, 50)));
    fromB.push(...(await burst(b, 'b during', 4, 50)));
    const res = await restarted;
    expect(res.status, await res.clone().text()).to.equal(200);
    await until(a, (s) => s.status === 'connected', 45_000, 'A back');
    await until(b, (s) => s.status === 'connected', 45_000, 'B back');
    fromA.push(...(await burst(a, 'a after', 3)));
    fromB.push(...(await burst(b, 'b after', 3)));
    await expectExactlyOnce(b, fromA, eventsB);
    await expectExactlyOnce(a, fromB, eventsA);
    expect(a.getState().participants.map((p) => p.name).sort()).to.deep.equal(['Amber', 'Basil']);
    expect(fewest, 'people listed at the fewest').to.deep.equal({ a: 2, b: 2 });
    expect(comings).to.deep.equal([]);
  });

  it('a reconnect that fails ends in "disconnected" (connection_lost); queued and just-sent messages show failed, and survive a rejoin to be retried', async () => {
    const room = uniqueRoom();
    // Give up after two quick attempts instead of livekit-client's ~45 s default.
    const quick = { reconnectPolicy: { nextRetryDelayInMs: (c: { retryCount: number }) => (c.retryCount < 2 ? 100 : null) } };
    const a = await joined(room, 'Amber', {}, { client: { livekit: { ...livekit, roomOptions: quick } } });
    clients.push(a);
    const statuses: ConnectionStatus[] = [];
    a.on('statusChanged', (s) => statuses.push(s));
    const errors: string[] = [];
    a.on('error', (e) => errors.push(e.code));
    const RealWebSocket = window.WebSocket;
    // Every new signalling connection fails, as when the network is gone for good.
    window.WebSocket = class extends RealWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super('ws://127.0.0.1:9/', protocols);
        void url;
      }
    };
    // Sent just before the break: LiveKit may have dropped it (its re-send was due after the reconnect).
    const justBefore = a.sendChat('just before the break');
    await until(a, (st) => st.chat.toArray().find((m) => m.id === justBefore.id)?.status === 'sent', 10_000, 'sent');
    try {
      void a.livekitRoom?.simulateScenario('full-reconnect');
      await until(a, (s) => s.status === 'reconnecting', 10_000, 'reconnecting');
      const queued = a.sendChat('into the void');
      const s = await until(a, (st) => st.status === 'disconnected', 30_000, 'gave up');
      expect(s.disconnectReason).to.equal('connection_lost');
      expect(s.error?.code).to.equal('network');
      expect(errors).to.deep.equal(['network']);
      expect(statuses).to.deep.equal(['reconnecting', 'disconnected']);
      expect(s.chat.toArray().find((m) => m.id === queued.id)?.status).to.equal('failed');
      expect(s.chat.toArray().find((m) => m.id === justBefore.id)?.status).to.equal('failed');
      expect(a.livekitRoom).to.equal(undefined);
    } finally {
      window.WebSocket = RealWebSocket;
    }
    // Back online: rejoining keeps the conversation, and the failed messages can be sent.
    const b = await joined(room, 'Basil');
    clients.push(b);
    a.reset();
    await a.join({ screenName: 'Amber' });
    const kept = a.getState().chat.toArray();
    expect(kept.map((m) => [m.text, m.status])).to.deep.equal([
      ['just before the break', 'failed'],
      ['into the void', 'failed'],
    ]);
    // A failed message deleted by its author is never sent again: not_found, as no such message is.
    await a.deleteMessage(kept[1]!.id);
    expect(await codeOf(() => a.retryMessage(kept[1]!.id))).to.equal('not_found');
    expect(await codeOf(() => a.retryMessage('nope'))).to.equal('not_found');
    a.retryMessage(kept[0]!.id);
    // One on its way is left as it is.
    a.retryMessage(kept[0]!.id);
    await until(b, (st) => st.chat.toArray().some((m) => m.text === 'just before the break'), 15_000, 'B gets the one retried');
    await until(a, (st) => st.chat.get(0)?.status === 'sent', 15_000, 'sent');
    await sleep(500);
    expect(b.getState().chat.toArray().filter((m) => !m.deleted).map((m) => m.text)).to.deep.equal(['just before the break']);
  });
});
