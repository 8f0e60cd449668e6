import { expect } from '@esm-bundle/chai';
import { ReconnectSync } from './reconnect-sync.js';
import type { ControlMessage } from './wire.js';

// Tries at 0, 40, 80 ms; unanswered: ours go 40 ms after the last try. Unasked re-sends at 40 and 120 ms.
const TIMING = { retryMs: [40, 40], unaskedMs: [40, 120], windowMs: 300, batchMs: 10 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A host that records what would go on the wire. */
function recorder(hidden = false) {
  const asked: string[] = [];
  const types: string[] = [];
  const resent: (string[] | 'everyone')[] = [];
  const host = {
    send: async (m: ControlMessage, to: string[]) => {
      types.push(m.type);
      asked.push(...to);
    },
    resendTo: async (to: readonly string[] | undefined) => {
      resent.push(to ? [...to] : 'everyone');
    },
    asking: () => {},
    hasHidden: () => hidden,
  };
  return { asked, types, resent, sync: new ReconnectSync(host, TIMING) };
}
const talker = (identity: string) => ({ identity, canAnswer: true });
const viewer = (identity: string) => ({ identity, canAnswer: false });

describe('ReconnectSync: catching up with peers after a reconnect', () => {
  it('asks each peer again until it answers, then re-sends ours to the peers that answered, once', async () => {
    const { asked, types, resent, sync } = recorder();
    sync.reconnected(5_000, [talker('a'), talker('b'), talker('c')], true);
    expect(asked).to.deep.equal(['a', 'b', 'c']);
    await wait(60);
    expect(asked).to.deep.equal(['a', 'b', 'c', 'a', 'b', 'c'], 'asked again: no answer yet');
    sync.answered('a');
    sync.answered('b');
    sync.answered('a');
    await wait(20);
    expect(resent, 'one re-send for both, once').to.deep.equal([['a', 'b']]);
    await wait(150);
    expect(asked.filter((x) => x === 'a'), 'a is not asked after its answer').to.have.length(2);
    expect(asked.filter((x) => x === 'c'), 'c: the first ask and each retry').to.have.length(3);
    expect(resent, 'c never answered: ours go to it anyway, once, after the last try').to.deep.equal([['a', 'b'], ['c']]);
    expect(new Set(types)).to.deep.equal(new Set(['sync']));
    sync.stop();
  });

  it('an answer nobody asked for re-sends nothing', async () => {
    const { resent, sync } = recorder();
    sync.answered('stranger');
    sync.reconnected(1_000, [], true);
    sync.answered('stranger');
    await wait(30);
    expect(resent).to.deep.equal([]);
    sync.stop();
  });

  it('visible peers that cannot answer are not asked: one re-send to all of them at each step', async () => {
    const { asked, resent, sync } = recorder();
    sync.reconnected(1_000, [viewer('v1'), viewer('v2'), talker('t')], true);
    expect(asked).to.deep.equal(['t']);
    sync.answered('t');
    await wait(200);
    expect(resent).to.deep.equal([['t'], ['v1', 'v2'], ['v1', 'v2']]);
    sync.stop();
  });

  it('hidden viewers may be in the room: the unasked steps re-send to everyone', async () => {
    const { resent, sync } = recorder(true);
    sync.reconnected(1_000, [], true);
    await wait(200);
    expect(resent).to.deep.equal(['everyone', 'everyone']);
  });

  it('a peer known before the break that comes back within the window is caught up with; a newcomer is not', () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.reconnected(1_000, [], true);
    sync.peerActive(talker('new'));
    sync.peerActive(talker('old'));
    sync.peerActive(talker('old'));
    expect(asked, 'asked once, not once per event').to.deep.equal(['old']);
    sync.stop();
  });

  it('a peer that left while we were connected is owed nothing when it comes back', () => {
    const { asked, sync } = recorder();
    sync.saw('gone');
    sync.forget('gone');
    sync.reconnected(1_000, [], true);
    sync.peerActive(talker('gone'));
    expect(asked).to.deep.equal([]);
    sync.stop();
  });

  it('after the window, a known peer coming back is left alone', async () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.reconnected(1_000, [], true);
    await wait(350);
    sync.peerActive(talker('old'));
    expect(asked).to.deep.equal([]);
    sync.stop();
  });

  it('before any reconnect, or after stop(), a peer becoming active is just a join', () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.peerActive(talker('old'));
    sync.reconnected(1_000, [], true);
    sync.stop();
    sync.peerActive(talker('old'));
    expect(asked).to.deep.equal([]);
  });

  it('a peer that leaves, or a connection that ends, stops the tries and the re-sends', async () => {
    const { asked, resent, sync } = recorder();
    sync.reconnected(1_000, [talker('a'), talker('b'), viewer('v')], true);
    sync.peerLeft('a');
    await wait(60);
    expect(asked).to.deep.equal(['a', 'b', 'b']);
    expect(resent, 'the viewer’s first step').to.deep.equal([['v']]);
    sync.answered('b');
    sync.stop();
    await wait(200);
    expect(asked).to.have.length(3);
    expect(resent, 'no second step, no re-send for b').to.deep.equal([['v']]);
  });

  it('without data rights of our own, nobody is asked and nothing re-sent', async () => {
    const { asked, resent, sync } = recorder(true);
    sync.saw('old');
    sync.reconnected(1_000, [talker('a'), viewer('v')], false);
    sync.peerActive(talker('old'));
    await wait(200);
    expect(asked).to.deep.equal([]);
    expect(resent).to.deep.equal([]);
  });

  it('asks peers to cover the outage, the time since the reconnect and a margin', async () => {
    const seen: number[] = [];
    const host = { send: async (m: ControlMessage) => void (m.type === 'sync' && seen.push(m.ms)), resendTo: async () => {}, asking: () => {}, hasHidden: () => false };
    const sync = new ReconnectSync(host, TIMING);
    sync.reconnected(5_000, [talker('a')], true);
    await wait(50);
    sync.stop();
    expect(seen[0]).to.be.within(7_000, 7_020);
    expect(seen[1]).to.be.within(7_040, 7_400);
  });
});
