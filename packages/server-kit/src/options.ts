import { ROLE_RANK, type ConsentRecord, type Policy, type Role } from '@parlor/core/protocol';
import type { AuditRecord, ParlorStore } from './store/types.js';
import type { ParlorWebhookEvent, WebhookCallbacks } from './webhook-events.js';
import type { RoomService } from './livekit.js';
import type { DeletedCounts } from './store/types.js';

/** Where and how to reach the LiveKit server. */
export interface LiveKitOptions {
  /** WebSocket URL handed to browsers, e.g. `wss://lk.example.com`. */
  url: string;
  /** HTTP(S) URL the server kit calls for room administration, e.g. `https://lk.example.com`. */
  host: string;
  apiKey: string;
  apiSecret: string;
}

/** Who the host says the caller is. */
export interface AuthResult {
  /**
   * Stable and unique per person, 1–128 characters. LiveKit shows it to everyone in the room
   * (beside the screen name): use an opaque id such as your user id, never a name; no token is
   * given to one shaped like an email address (500, passed to `onError`).
   */
  identity: string;
  /** Defaults to `participant`. */
  role?: Role;
  /** The host's own display name for this person; when set it is used instead of the requested screen name. */
  name?: string;
}

/** What the server kit knows when it asks the host to authenticate a request. */
export interface AuthContext {
  /** Which route is asking, e.g. `token`, `consent`, `moderation`. */
  route: string;
  /** The room the request is about, when the route has one. */
  room?: string;
}

/**
 * The host's session check. The request body has already been read: look at
 * cookies and headers only. Return `null` for "not signed in".
 */
export type Authenticate = (req: Request, ctx: AuthContext) => AuthResult | null | Promise<AuthResult | null>;

/** Per-room policy a host configures; everything is optional. */
export interface RoomPolicy extends Partial<Omit<Policy, 'room' | 'allowGuests'>> {
  /** The youngest age let in, in whole years (at least 13; default 18). Checked on the server and never sent to the page. */
  minimumAge?: number;
  /** Most participants let in at once (hidden viewers, moderators and owners are not counted); unlimited when unset. */
  maxParticipants?: number;
  /** Let people watch (hidden, subscribe only, no chat) without consent or sign-in. Default true. */
  allowAnonymousViewers?: boolean;
}

/** A fixed policy for every room, or one computed per room. */
export type PolicyOption = RoomPolicy | ((room: string) => RoomPolicy | Promise<RoomPolicy>);

/** Requests allowed per window, counted per client IP and per identity (and, where a rule says, per room). */
export interface RateRule {
  windowSeconds: number;
  perIp: number;
  perIdentity: number;
  /** Requests about one room, from anyone (the name check's only; default 600 a minute there). */
  perRoom?: number;
}

/** Rate limits for the routes a stranger can call. */
export interface RateLimitOptions {
  token?: RateRule;
  consent?: RateRule;
  /** `POST …/screen-name`, the name check before the consent step: per IP, per identity when known, per room. */
  screenName?: RateRule;
}

/**
 * Cross-origin access for browsers on other origins (the widget on
 * `app.example.com` calling the kit on `api.example.com`). Off by default:
 * same-origin hosts need nothing.
 */
export interface CorsOptions {
  /** Exact origins, e.g. `['https://app.example.com']`, or `'*'` for any site (never with `credentials`). */
  origins: readonly string[] | '*';
  /** Let browsers send cookies cross-origin (`Access-Control-Allow-Credentials`), for a cookie-based `authenticate`. Default false. */
  credentials?: boolean;
  /** How long browsers may cache a preflight answer. Default 600. */
  maxAgeSeconds?: number;
  /**
   * Request headers the page may send besides `content-type` and `authorization`, e.g. the
   * CSRF header core's `headers` option adds: `['x-csrf-token']`. Without them listed, the
   * browser refuses the request before it is sent. Default none.
   */
  allowHeaders?: readonly string[];
}

/** What `onConsent` and `onWithdraw` receive. */
export interface ConsentEvent {
  record: ConsentRecord;
  /** The signed receipt (compact JWS) the person holds. */
  receipt: string;
}

/** Host callbacks; each may be async. A callback that throws turns the request into a 500. */
export interface ParlorCallbacks {
  /** A consent was given (a receipt was issued and stored). */
  onConsent?: (event: ConsentEvent) => void | Promise<void>;
  /** A consent was withdrawn or replaced by a newer answer. */
  onWithdraw?: (event: ConsentEvent) => void | Promise<void>;
  /** A person asked for deletion; the kit already purged its side. Purge yours. */
  onDeletionRequest?: (subject: string, deleted: DeletedCounts) => void | Promise<void>;
  /** A moderation action (or invite) happened; keep it for accountability. */
  onAudit?: (record: AuditRecord) => void | Promise<void>;
  /** Every verified, de-duplicated LiveKit webhook. */
  onWebhook?: (event: ParlorWebhookEvent) => void | Promise<void>;
  /** Typed per-event webhook callbacks. */
  webhooks?: WebhookCallbacks;
  /** Internal faults (LiveKit down, a callback threw): log them. Never sent to clients. */
  onError?: (err: unknown) => void;
}

/** Options of {@link createParlorHandler}. */
export interface ParlorOptions extends ParlorCallbacks {
  livekit: LiveKitOptions;
  /** At least 32 characters; signs consent receipts and invites (HS256). Keep it out of the browser. */
  secret: string;
  /** Path prefix of every route. Default `/api/parlor`. */
  prefix?: string;
  /** The host's session check; without it everyone is a guest. */
  authenticate?: Authenticate;
  /** Let people without a host session join under a generated `guest_…` identity. Default: true only when no `authenticate` is given. */
  allowGuests?: boolean;
  /** Role of guests. Default `participant`. */
  guestRole?: Role;
  /** Room policy. Defaults: minimum age 18, terms version `1`, broadcast and recording consent required. */
  policy?: PolicyOption;
  /** LiveKit token lifetime. Default 600 (10 minutes). */
  tokenTtlSeconds?: number;
  /** Consent receipt lifetime. Default one year. */
  receiptTtlSeconds?: number;
  /** Default invite lifetime. Default 7 days. */
  inviteTtlSeconds?: number;
  /** Where receipts, bans, audit records, invites and webhook ids live. Default: `SqliteStore` at `./.parlor/parlor.sqlite`. */
  store?: ParlorStore;
  /** Words no screen name may contain (case-, accent- and spacing-insensitive). */
  screenNameDenyList?: readonly string[];
  /** Limits on `token` and `consent`, or `false` to turn them off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Take the client IP from `X-Forwarded-For`, before the address the adapter gives (behind a proxy,
   * that is the proxy's; a request without the header counts by it). Only behind a proxy you run.
   * `true`: one proxy, so the last entry (the one it appended) is the client; a number: that many
   * proxies in a chain, each appending, so the entry that many from the end. Entries further left
   * are whatever the client sent and are never used. Default false.
   */
  trustProxy?: boolean | number;
  /** Answer CORS preflights and add CORS headers for these origins. Default: off. */
  cors?: CorsOptions;
  /** Replace the LiveKit room service (tests, custom transports). Default: livekit-server-sdk `RoomServiceClient`. */
  roomService?: RoomService;
}

/** Privilege order of roles; higher may moderate and invite lower (shared with the widget, from core's protocol). */
export { ROLE_RANK };

/** True for roles that may moderate a room. */
export function canModerate(role: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK.moderator;
}
