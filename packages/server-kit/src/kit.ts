import { join } from 'node:path';
import { roleSchema, type Role } from '@parlor/core/protocol';
import { HttpError } from './http-error.js';
import { trimSlashes } from './request.js';
import { assertSecret } from './signing.js';
import { createRoomService, type RoomService } from './livekit.js';
import { RateLimiter } from './rate-limit.js';
import { resolvePolicy, type ResolvedPolicy } from './policy.js';
import { DEFAULT_TOKEN_TTL_SECONDS } from './tokens.js';
import { DEFAULT_RECEIPT_TTL_SECONDS } from './receipts.js';
import { DEFAULT_INVITE_TTL_SECONDS } from './invites.js';
import { SqliteStore } from './store/sqlite.js';
import type { ParlorStore } from './store/types.js';
import type { ParlorOptions } from './options.js';
import type { KitRequest } from './request.js';

/** Default route prefix. */
export const DEFAULT_PREFIX = '/api/parlor';
/** Where the default SQLite store lives, relative to the working directory. */
export const DEFAULT_DB_PATH = join('.parlor', 'parlor.sqlite');

/** Options with defaults applied, plus the services every route shares. Internal. */
export interface Kit {
  options: ParlorOptions;
  prefix: string;
  allowGuests: boolean;
  guestRole: Role;
  tokenTtlSeconds: number;
  receiptTtlSeconds: number;
  inviteTtlSeconds: number;
  /** How many proxies in front append to `X-Forwarded-For` (`trustProxy`); 0: the header is ignored. */
  trustedProxies: number;
  store: ParlorStore;
  rooms: RoomService;
  limiter: RateLimiter;
  policy(room: string): Promise<ResolvedPolicy>;
  /** `options.onError`, or `console.error`. */
  onError(err: unknown): void;
}

function proxyCount(v: boolean | number | undefined): number {
  if (v === undefined || typeof v === 'boolean') return v ? 1 : 0;
  if (!Number.isInteger(v) || v < 1) throw new TypeError('trustProxy must be true, false or a positive whole number of proxies.');
  return v;
}

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`${name} must be a positive number of seconds.`);
  return Math.floor(v);
}

/** Checks options once, at startup, so misconfiguration fails loudly there and not per request. */
export function createKit(options: ParlorOptions): Kit {
  const lk = options.livekit;
  if (!lk || !lk.url || !lk.host || !lk.apiKey || !lk.apiSecret) {
    throw new TypeError('livekit.url, livekit.host, livekit.apiKey and livekit.apiSecret are required.');
  }
  assertSecret(options.secret);
  const prefix = trimSlashes(options.prefix ?? DEFAULT_PREFIX);
  if (prefix !== '' && !prefix.startsWith('/')) throw new TypeError('prefix must start with "/".');
  const allowGuests = options.allowGuests ?? options.authenticate === undefined;
  const guestRole = roleSchema.parse(options.guestRole ?? 'participant');
  return {
    options,
    prefix,
    allowGuests,
    guestRole,
    tokenTtlSeconds: positive('tokenTtlSeconds', options.tokenTtlSeconds, DEFAULT_TOKEN_TTL_SECONDS),
    receiptTtlSeconds: positive('receiptTtlSeconds', options.receiptTtlSeconds, DEFAULT_RECEIPT_TTL_SECONDS),
    inviteTtlSeconds: positive('inviteTtlSeconds', options.inviteTtlSeconds, DEFAULT_INVITE_TTL_SECONDS),
    trustedProxies: proxyCount(options.trustProxy),
    store: options.store ?? new SqliteStore({ path: DEFAULT_DB_PATH }),
    rooms: options.roomService ?? createRoomService(lk),
    limiter: new RateLimiter(options.rateLimit ?? {}),
    policy: (room) => resolvePolicy(options.policy, room, allowGuests),
    onError: options.onError ?? ((err: unknown) => console.error('[parlor]', err)),
  };
}

/**
 * The caller's IP: from the adapter, else (only with `trustProxy`) from
 * `X-Forwarded-For`. Each proxy appends the address it was connected from, so
 * only the last `trustedProxies` entries are theirs; anything to the left of
 * them the client may have written itself. The address the outermost trusted
 * proxy saw is the one `trustedProxies` from the end (the first entry, when
 * there are fewer).
 */
export function clientIp(kit: Kit, req: KitRequest, ctxIp: string | undefined): string | undefined {
  // Behind trusted proxies the adapter's socket address is the nearest proxy's, the same for
  // every visitor: the client is the entry the proxies appended. A request that came past them
  // (no header, a health check on the box say) counts by its own address.
  if (kit.trustedProxies > 0) {
    const hops = (req.headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '');
    if (hops.length > 0) return hops[Math.max(0, hops.length - kit.trustedProxies)];
  }
  return ctxIp;
}


/** Hands a fault that must not fail the request to `onError` (an HttpError's cause, when it has one). */
export function reportError(kit: Kit, err: unknown): void {
  kit.onError(err instanceof HttpError ? (err.cause ?? err) : err);
}
