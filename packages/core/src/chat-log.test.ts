import { expect } from '@esm-bundle/chai';
import { ChatLog } from './chat-log.js';

describe('ChatLog', () => {
  for (const n of [0, 1, 31, 32, 33, 1024, 1025, 33 * 32 + 7, 40_000]) {
    it(`keeps ${n} appended items in order, readable by index and slice`, () => {
      let log = ChatLog.empty<number>();
      for (let i = 0; i < n; i++) log = log.push(i);
      expect(log.size).to.equal(n);
      for (const i of [0, 1, 31, 32, 33, n - 1]) if (i >= 0 && i < n) expect(log.get(i)).to.equal(i);
      expect(log.get(n)).to.equal(undefined);
      expect(log.slice(Math.max(0, n - 50))).to.deep.equal(Array.from({ length: Math.min(50, n) }, (_, k) => Math.max(0, n - 50) + k));
      if (n <= 1025) expect([...log]).to.deep.equal(Array.from({ length: n }, (_, k) => k));
    });
  }

  it('leaves every earlier snapshot untouched by push and set', () => {
    let log = ChatLog.empty<string>();
    const snapshots: ChatLog<string>[] = [];
    for (let i = 0; i < 200; i++) {
      log = log.push(`m${i}`);
      snapshots.push(log);
    }
    const edited = log.set(5, 'edited').set(199, 'last');
    expect(edited.get(5)).to.equal('edited');
    expect(edited.get(199)).to.equal('last');
    expect(log.get(5)).to.equal('m5');
    expect(snapshots[10]!.size).to.equal(11);
    expect(snapshots[10]!.get(10)).to.equal('m10');
    expect(snapshots[10]!.get(11)).to.equal(undefined);
  });

  it('throws a RangeError when setting outside the log', () => {
    expect(() => ChatLog.from([1, 2]).set(2, 3)).to.throw(RangeError);
  });

  it('costs the same per append at 10,000 items as at 100 (no full copy)', () => {
    // Structural check rather than timing: an append copies at most one
    // 32-slot node per level, so the new log shares its root with the old.
    let log = ChatLog.from(Array.from({ length: 10_000 }, (_, i) => i));
    const before = log;
    log = log.push(10_000);
    const root = (l: ChatLog<number>) => (l as unknown as { root: unknown[] }).root;
    const shared = root(before).filter((node, i) => root(log)[i] === node).length;
    expect(shared).to.be.greaterThan(root(before).length - 2);
  });
});
