import { expect } from '@esm-bundle/chai';
import { RateLimiter } from './rate-limiter.js';

/** A limiter on a clock the test moves. */
function limiter(perSecond: number, burst: number) {
  let now = 0;
  const rl = new RateLimiter(perSecond, burst, () => now);
  const takeAll = (key: string, n: number) => Array.from({ length: n }, () => rl.take(key)).filter(Boolean).length;
  return { rl, takeAll, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('shows a burst, then the rate, per key', () => {
    const { takeAll, advance } = limiter(10, 5);
    expect(takeAll('a', 8)).to.equal(5);
    expect(takeAll('b', 2), 'another sender has its own bucket').to.equal(2);
    advance(300);
    expect(takeAll('a', 8), '10/s for 0.3 s').to.equal(3);
  });

  it('an allowance lets a key over its rate by what the rate gives over the time asked about, once', () => {
    const { rl, takeAll } = limiter(10, 5);
    rl.allow('a', 2_000, 500, 1_000);
    expect(takeAll('a', 40)).to.equal(25);
    expect(takeAll('a', 5), 'used up').to.equal(0);
    expect(takeAll('b', 10), 'for that key only').to.equal(5);
  });

  it('an allowance ends after its time', () => {
    const { rl, takeAll, advance } = limiter(10, 5);
    expect(takeAll('a', 5)).to.equal(5);
    rl.allow('a', 2_000, 500, 1_000);
    advance(1_000);
    // The bucket refilled over that second; the allowance is gone.
    expect(takeAll('a', 40)).to.equal(5);
  });

  it('an allowance is what the rate gives over the time asked about, at most `max`', () => {
    const { rl, takeAll } = limiter(10, 0);
    rl.allow('a', 60_000, 50, 1_000);
    expect(takeAll('a', 100)).to.equal(50);
  });

  it('allowing again tops the allowance up to the new amount, counting what was used: asked four times, the largest once', async () => {
    const { rl, takeAll, advance } = limiter(10, 1);
    rl.allow('a', 2_000, 500, 1_000);
    rl.allow('a', 500, 500, 1_000);
    expect(takeAll('a', 40)).to.equal(21);
    // All used: the same amount again adds nothing, a larger one adds the difference.
    rl.allow('a', 2_000, 500, 1_000);
    advance(1); // not enough for a token of the rate
    expect(takeAll('a', 40)).to.equal(0);
    rl.allow('a', 3_000, 500, 1_000);
    expect(takeAll('a', 40)).to.equal(10);
    // Once it has run out, a new allowance starts afresh (the next outage).
    advance(1_000);
    rl.allow('a', 2_000, 500, 1_000);
    expect(takeAll('a', 40)).to.equal(1 + 20);
  });
});
