import { expect } from '@esm-bundle/chai';
import { ReconnectSync } from './reconnect-sync.js';
import type { ControlMessage } from './wire.js';

const TIMING = { retryMs: [40, 40, 40], unaskedMs: [40, 120], windowMs: 300 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A host that records what would go on the wire. */
function recorder() {
  const asked: string[] = [];
  const resent: string[][] = [];
  const host = {
    send: async (m: ControlMessage, to: string[]) => {
      expect(m.type).to.equal('sync');
      asked.push(...to);
    },
    resendTo: async (to: readonly string[]) => {
      resent.push([...to]);
    },
  };
  return { asked, resent, sync: new ReconnectSync(host, TIMING) };
}
const talker = (identity: string) => ({ identity, canAnswer: true });
const viewer = (identity: string) => ({ identity, canAnswer: false });

describe('ReconnectSync: catching up with peers after a reconnect', () => {
  it('asks each peer again until it answers, then re-sends ours to that peer only, once', async () => {
    const { asked, resent, sync } = recorder();
    sync.reconnected(5_000, [talker('a'), talker('b')], true);
    expect(asked).to.deep.equal(['a', 'b']);
    await wait(60);
    expect(asked).to.deep.equal(['a', 'b', 'a', 'b'], 'asked again: no answer yet');
    sync.answered('a');
    expect(resent).to.deep.equal([['a']]);
    sync.answered('a');
    expect(resent, 'a second answer re-sends nothing').to.have.length(1);
    await wait(150);
    expect(asked.filter((x) => x === 'a'), 'a is not asked after its answer').to.have.length(2);
    expect(asked.filter((x) => x === 'b'), 'b: the first ask and each retry').to.have.length(4);
    expect(resent, 'b never answered: ours go to it anyway, once, after the last try').to.deep.equal([['a'], ['b']]);
    sync.stop();
  });

  it('an answer nobody asked for re-sends nothing', () => {
    const { resent, sync } = recorder();
    sync.answered('stranger');
    sync.reconnected(1_000, [], true);
    sync.answered('stranger');
    expect(resent).to.deep.equal([]);
  });

  it('peers that cannot answer are not asked: one re-send to all of them at each step', async () => {
    const { asked, resent, sync } = recorder();
    sync.reconnected(1_000, [viewer('v1'), viewer('v2'), talker('t')], true);
    expect(asked).to.deep.equal(['t']);
    sync.answered('t');
    await wait(200);
    expect(resent).to.deep.equal([['t'], ['v1', 'v2'], ['v1', 'v2']]);
  });

  it('a peer known before the break that comes back within the window is caught up with; a newcomer is not', async () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.reconnected(1_000, [], true);
    sync.peerActive(talker('new'));
    sync.peerActive(talker('old'));
    sync.peerActive(talker('old'));
    expect(asked, 'asked once, not once per event').to.deep.equal(['old']);
    sync.stop();
  });

  it('after the window, a known peer coming back is left alone', async () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.reconnected(1_000, [], true);
    await wait(350);
    sync.peerActive(talker('old'));
    expect(asked).to.deep.equal([]);
  });

  it('before any reconnect, a peer becoming active is just a join', () => {
    const { asked, sync } = recorder();
    sync.saw('old');
    sync.peerActive(talker('old'));
    expect(asked).to.deep.equal([]);
  });

  it('a peer that leaves, or a connection that ends, stops the tries', async () => {
    const { asked, resent, sync } = recorder();
    sync.reconnected(1_000, [talker('a'), talker('b'), viewer('v')], true);
    sync.peerLeft('a');
    await wait(60);
    expect(asked).to.deep.equal(['a', 'b', 'b']);
    expect(resent, 'the viewer’s first step').to.deep.equal([['v']]);
    sync.stop();
    await wait(200);
    expect(asked).to.have.length(3);
    expect(resent, 'no second step, and b gets no last-try re-send').to.deep.equal([['v']]);
  });

  it('without data rights of our own, nobody is asked and nothing re-sent', async () => {
    const { asked, resent, sync } = recorder();
    sync.saw('old');
    sync.reconnected(1_000, [talker('a'), viewer('v')], false);
    sync.peerActive(talker('old'));
    await wait(200);
    expect(asked).to.deep.equal([]);
    expect(resent).to.deep.equal([]);
  });

  it('asks peers to cover the outage, the time since the reconnect and a margin', async () => {
    const seen: number[] = [];
    const sync = new ReconnectSync({ send: async (m) => void (m.type === 'sync' && seen.push(m.ms)), resendTo: async () => {} }, TIMING);
    sync.reconnected(5_000, [talker('a')], true);
    await wait(50);
    sync.stop();
    expect(seen[0]).to.be.within(7_000, 7_010);
    expect(seen[1]).to.be.within(7_040, 7_100);
  });
});
