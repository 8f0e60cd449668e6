interface Bucket {
  tokens: number;
  at: number;
  /** Messages still allowed over the rate (what the key may owe us after we were away), until `until`. */
  extra: number;
  /** All that was allowed since the allowance began: asking again tops it up to the new amount, no more. */
  granted: number;
  until: number;
}

/** A token bucket per key; used to limit how fast one sender's messages are shown. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Lets `key` go over its rate, for the next `forMs`, by what the rate gives
   * over `ms` (at most `max` messages). Allowing again while an allowance
   * lasts extends it, and tops it up to the new amount counting what was
   * already used: a key asked four times gets the largest amount once, not
   * four times.
   */
  allow(key: string, ms: number, max: number, forMs: number): void {
    const t = this.now();
    const b = this.#bucket(key, t);
    if (b.until <= t) b.extra = b.granted = 0;
    const more = Math.max(0, Math.min(max, (ms / 1000) * this.perSecond) - b.granted);
    b.extra += more;
    b.granted += more;
    b.until = t + forMs;
  }

  /** Takes one token for `key`; false when the key is over its rate (and its allowance, if any). */
  take(key: string): boolean {
    const t = this.now();
    const b = this.#bucket(key, t);
    if (b.tokens >= 1) b.tokens--;
    else if (b.extra >= 1 && b.until > t) b.extra--;
    else return false;
    return true;
  }

  /** The key's bucket, refilled up to now. */
  #bucket(key: string, t: number): Bucket {
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: t, extra: 0, granted: 0, until: 0 };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.#buckets.set(key, b);
    return b;
  }
}
