/** A token bucket per key; used to limit how fast one sender's messages are shown. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  /** Extra messages a key may still use, until when: what it missed while we were away. */
  readonly #allowances = new Map<string, { tokens: number; until: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Lets `key` go over its rate by `tokens` more messages, for the next
   * `forMs`. Allowing again keeps the larger of the two; they never add up.
   */
  allow(key: string, tokens: number, forMs: number): void {
    const t = this.now();
    const old = this.#allowances.get(key);
    const left = old && old.until > t ? old.tokens : 0;
    this.#allowances.set(key, { tokens: Math.max(left, tokens), until: t + forMs });
  }

  /** Takes one token for `key`; false when the key is over its rate (and its allowance, if any). */
  take(key: string): boolean {
    const t = this.now();
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    const extra = this.#allowances.get(key);
    if (!extra) return false;
    if (extra.until <= t || extra.tokens < 1) {
      this.#allowances.delete(key);
      return false;
    }
    extra.tokens -= 1;
    return true;
  }
}
