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
  windowMs: number;
}

/**
 * Fixed-window counters in process memory, keyed by route and IP or
 * identity. Per instance: several server-kit processes each count their own.
 */
export class RateLimiter {
  private windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(
    private readonly rules: RateLimitOptions | false,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key` under `route`'s rule; throws 429 `rate_limited` past the limit. */
  hit(route: keyof RateLimitOptions, kind: 'perIp' | 'perIdentity' | 'perRoom', key: string | undefined): void {
    if (this.rules === false || key === undefined) return;
    const rule: RateRule = this.rules[route] ?? DEFAULT_RATE_LIMITS[route];
    const limit = rule[kind] ?? DEFAULT_RATE_LIMITS[route][kind];
    if (limit === undefined) return;
    const windowMs = rule.windowSeconds * 1000;
    const t = this.now();
    this.sweep(t);
    const k = `${route}:${kind}:${key}`;
    let w = this.windows.get(k);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0, windowMs };
      this.windows.set(k, w);
    }
    w.count++;
    if (w.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      throw new HttpError(429, ErrorCode.RateLimited, 'Too many requests; wait a moment and try again.', {
        retryAfter,
      });
    }
  }

  /** Drops expired windows now and then so memory stays bounded by active clients. */
  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
  }
}
