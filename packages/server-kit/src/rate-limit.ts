import { ErrorCode } from '@parlor/core/protocol';
import { HttpError } from './http-error.js';
import type { RateLimitOptions, RateRule } from './options.js';

/** Defaults: generous for a person, tight for a script. */
export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
  token: { windowSeconds: 60, perIp: 60, perIdentity: 20 },
  consent: { windowSeconds: 60, perIp: 30, perIdentity: 10 },
  screenName: { windowSeconds: 60, perIp: 60, perIdentity: 20, perRoom: 600 },
};

interface Window {
  start: number;
  count: number;
}

/**
 * Fixed-window counters in process memory, keyed by route and IP or
 * identity. Per instance: several server-kit processes each count their own.
 * A window is dropped when it ends (a timer, not left for a later request to
 * sweep): an IP is held for its window and no longer, also the IP of a
 * request the consent route then refuses (a child's answer, docs/privacy.md).
 */
export class RateLimiter {
  /** Per window length, the windows in the order they started: so, in the order they end. */
  private readonly windows = new Map<number, Map<string, Window>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly rules: RateLimitOptions | false,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many windows are held (for tests and monitoring). */
  get size(): number {
    let n = 0;
    for (const byKey of this.windows.values()) n += byKey.size;
    return n;
  }

  /** Counts one hit for `key` under `route`'s rule; throws 429 `rate_limited` past the limit. */
  hit(route: keyof RateLimitOptions, kind: 'perIp' | 'perIdentity' | 'perRoom', key: string | undefined): void {
    if (this.rules === false || key === undefined) return;
    const rule: RateRule = this.rules[route] ?? DEFAULT_RATE_LIMITS[route];
    const limit = rule[kind] ?? DEFAULT_RATE_LIMITS[route][kind];
    if (limit === undefined) return;
    const windowMs = rule.windowSeconds * 1000;
    const t = this.now();
    this.drop(t);
    const k = `${route}:${kind}:${key}`;
    let byKey = this.windows.get(windowMs);
    if (!byKey) this.windows.set(windowMs, (byKey = new Map()));
    let w = byKey.get(k);
    // Ended: drop() leaves one only behind a window started later, if the clock went back.
    if (!w || t - w.start >= windowMs) {
      // Last in its map: the map stays in the order the windows end.
      byKey.delete(k);
      w = { start: t, count: 0 };
      byKey.set(k, w);
      this.wake(t + windowMs);
    }
    w.count++;
    if (w.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      throw new HttpError(429, ErrorCode.RateLimited, 'Too many requests; wait a moment and try again.', {
        retryAfter,
      });
    }
  }

  /** Drops every window ended by `t`: from the front of each map, so only what ended is visited. */
  private drop(t: number): void {
    for (const [windowMs, byKey] of this.windows) {
      for (const [k, w] of byKey) {
        if (t - w.start < windowMs) break;
        byKey.delete(k);
      }
    }
  }

  /** Runs {@link drop} when the first window still held ends (the timer does not keep a process alive). */
  private wake(at: number): void {
    if (at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    const timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      const t = this.now();
      this.drop(t);
      let next = Infinity;
      for (const [windowMs, byKey] of this.windows) {
        const first = byKey.values().next().value;
        if (first) next = Math.min(next, first.start + windowMs);
      }
      if (next < Infinity) this.wake(Math.max(next, t + 1));
    }, Math.max(0, at - this.now()));
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }
}
