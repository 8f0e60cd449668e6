/**
 * The HTTP contract between `@parlor/core` (browser) and `@parlor/server-kit`
 * (host server), defined once so the two sides cannot drift apart.
 *
 * Written with `zod/mini` and a namespace import: full zod costs ~26 KB gz in
 * a browser bundle, `zod/mini` ~5 KB, and a named import defeats
 * tree-shaking. Each schema, and each `.check()` chain in one, is marked
 * `@__PURE__`, so a bundler drops the ones a browser never uses (the
 * server's request and store schemas) instead of keeping every method call.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini';

/** Roles a participant can hold; the server kit maps each to LiveKit grants. */
export const Role = {
  Owner: 'owner',
  Moderator: 'moderator',
  Broadcaster: 'broadcaster',
  Participant: 'participant',
  Viewer: 'viewer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
export const roleSchema = /* @__PURE__ */ z.enum(ROLES);
/** Privilege order of roles; higher may moderate and invite lower (the server kit refuses any action on equal or higher standing). */
export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, participant: 1, broadcaster: 2, moderator: 3, owner: 4 };

/** Stable error codes shared by HTTP responses and client-side `ParlorError`s. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  TokenRejected: 'token_rejected',
  ConsentRequired: 'consent_required',
  ConsentOutdated: 'consent_outdated',
  /** The `previousReceipt` named was replaced or withdrawn since (in another tab, say): it can no longer be changed. */
  ConsentReplaced: 'consent_replaced',
  /** A moderator's approve-live for someone who has not agreed to be on camera (or, where it is needed, to be recorded). */
  NotAgreed: 'not_agreed',
  UnderAge: 'under_age',
  Banned: 'banned',
  Kicked: 'kicked',
  RoomFull: 'room_full',
  RoomLocked: 'room_locked',
  InvalidInvite: 'invalid_invite',
  /** Client only: the page's room name is one the server kit would refuse (1–64 letters, digits, `-`, `_`). */
  InvalidRoom: 'invalid_room',
  ScreenNameRejected: 'screen_name_rejected',
  /** The screen name looks like a staff role ("Admin", "Moderator"…), which only moderators and owners may use. */
  ScreenNameReserved: 'screen_name_reserved',
  /** Someone else in the room already appears under that screen name (or one that reads the same). */
  ScreenNameTaken: 'screen_name_taken',
  RateLimited: 'rate_limited',
  PayloadTooLarge: 'payload_too_large',
  MessageTooLarge: 'message_too_large',
  CameraDenied: 'camera_denied',
  NoDevice: 'no_device',
  Network: 'network',
  ServerUnreachable: 'server_unreachable',
  ServerError: 'server_error',
  NotConnected: 'not_connected',
  NotAllowed: 'not_allowed',
  /** Client only: the browser refused to play sound until the next click or key. */
  AudioBlocked: 'audio_blocked',
  Aborted: 'aborted',
  Vetoed: 'vetoed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const errorCodeSchema = /* @__PURE__ */ z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

/** One validation problem, as zod reports it (trimmed to what crosses the wire). */
export const issueSchema = /* @__PURE__ */ z.object({
  code: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type Issue = z.infer<typeof issueSchema>;

/** A zod issue as zod (full or mini) reports it. */
export interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Trims zod issues to what crosses the wire (no echoed input values). */
export function toIssues(raw: readonly RawIssue[]): Issue[] {
  return raw.map((i) => ({
    code: i.code,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
}

/** Body of every 4xx/5xx answer from the server kit. */
export const errorBodySchema = /* @__PURE__ */ z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.optional(z.array(issueSchema)),
  retryAfter: z.optional(z.number()),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Room names: what LiveKit accepts and a URL can carry without escaping. */
export const roomNameSchema = /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/));

export const SCREEN_NAME_MAX = 32;
/**
 * Screen names: letters (any script), digits, spaces and a little punctuation.
 * Control characters, angle brackets and zero-width characters are refused so a
 * name cannot carry markup or pretend to be something it is not.
 */
export const screenNameSchema = /* @__PURE__ */ z.string().check(
  z.trim(),
  z.minLength(2),
  z.maxLength(SCREEN_NAME_MAX),
  // Said in words: zod's own message would show the pattern itself.
  z.regex(/^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ._'-]*$/u, "Use letters, digits, spaces and . _ ' - only, starting with a letter or digit."),
);

/** How a person joins: `viewer` subscribes only (hidden, never asked for a camera). */
export const joinModeSchema = /* @__PURE__ */ z.enum(['participant', 'viewer']);

/** `GET {prefix}/policy?room=…` answer: what the room requires before joining. */
export const policySchema = /* @__PURE__ */ z.object({
  room: z.string(),
  termsUrl: z.string(),
  privacyUrl: z.optional(z.string()),
  termsVersion: z.string(),
  // No minimum age: the age is asked neutrally, and the threshold is never sent to the page.
  requireBroadcastConsent: z.boolean(),
  requireRecordingConsent: z.boolean(),
  allowGuests: z.boolean(),
  jurisdiction: z.optional(z.string()),
  /** Whether people may watch (hidden, subscribe only, no chat) without consent or sign-in. */
  allowAnonymousViewers: z.optional(z.boolean()),
  /** Whether the room is being recorded as the policy is asked for: the consent step says so before anyone joins. */
  recording: z.optional(z.boolean()),
});
export type Policy = z.infer<typeof policySchema>;

/** Purposes a person can consent to; `terms` is required to join at all. */
export const purposesSchema = /* @__PURE__ */ z.object({
  terms: z.boolean(),
  broadcast: z.boolean(),
  recording: z.boolean(),
  analytics: z.boolean(),
});
export type Purposes = z.infer<typeof purposesSchema>;

/** The oldest age an answer may give (the oldest person on record lived to 122): above it, a typing slip. */
export const MAX_AGE = 120;

/** `POST {prefix}/consent` body. Age is asked neutrally: the threshold is never sent to the client form. */
export const consentRequestSchema = /* @__PURE__ */ z.object({
  room: roomNameSchema,
  termsVersion: /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(64)),
  age: /* @__PURE__ */ z.int().check(z.minimum(0), z.maximum(MAX_AGE)),
  purposes: purposesSchema,
  /** Replace an earlier receipt of the same subject (changing an answer). */
  previousReceipt: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
  /**
   * The page's `navigator.globalPrivacyControl`: `true` records the opt-out as `Sec-GPC: 1` does
   * (a browser extension may set one and not the other). `false` never cancels the header.
   */
  gpc: z.optional(z.boolean()),
  /**
   * Join too, in the same request: what `POST …/token` would be sent (its
   * room and receipt are this consent's). The answer then carries the token
   * (`join`) or why there is none (`joinError`); the consent is recorded
   * either way. Saves Join a round trip.
   */
  join: z.optional(
    z.object({
      screenName: screenNameSchema,
      invite: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
      mode: z.optional(joinModeSchema),
    }),
  ),
});
export type ConsentRequest = z.infer<typeof consentRequestSchema>;

/** The fields of a consent record (after ISO/IEC TS 27560 / Kantara consent receipts). */
export const consentRecordSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  subject: z.string(),
  room: z.string(),
  purposes: purposesSchema,
  policyVersion: z.string(),
  issuedAt: z.string(),
  method: z.string(),
  jurisdiction: z.optional(z.string()),
  gpc: z.boolean(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;


/** `POST {prefix}/token` body. Identity is never taken from here. */
export const tokenRequestSchema = /* @__PURE__ */ z.object({
  room: roomNameSchema,
  screenName: screenNameSchema,
  receipt: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
  invite: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
  /** Join as a viewer (subscribe only) even when allowed more. */
  mode: z.optional(joinModeSchema),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** `POST {prefix}/screen-name` body: would this name be accepted in `room` (asked before the consent step)? */
export const screenNameCheckSchema = /* @__PURE__ */ z.object({
  room: roomNameSchema,
  screenName: screenNameSchema,
  invite: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
  /**
   * The receipt the join would name (the page's, or the one "remember me" kept under this name):
   * the person's own session in the room, under the same subject, does not count as someone else.
   */
  receipt: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
});
export type ScreenNameCheck = z.infer<typeof screenNameCheckSchema>;

/** `POST {prefix}/screen-name` answer: the name as the room would show it (trimmed). Refusals are errors. */
export const screenNameCheckResponseSchema = /* @__PURE__ */ z.object({ screenName: z.string() });
export type ScreenNameCheckResponse = z.infer<typeof screenNameCheckResponseSchema>;

export const grantsSchema = /* @__PURE__ */ z.object({
  canPublish: z.boolean(),
  canSubscribe: z.boolean(),
  canPublishData: z.boolean(),
  canModerate: z.boolean(),
  hidden: z.boolean(),
});
export type Grants = z.infer<typeof grantsSchema>;

export const tokenResponseSchema = /* @__PURE__ */ z.object({
  token: z.string(),
  url: z.string(),
  identity: z.string(),
  screenName: z.string(),
  role: roleSchema,
  grants: grantsSchema,
  expiresAt: z.string(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const consentResponseSchema = /* @__PURE__ */ z.object({
  receipt: z.string(),
  record: consentRecordSchema,
  /**
   * Asked with `join`: the token, as `POST …/token` answers it (`tokenResponseSchema`)…
   * Checked apart from the receipt, so an answer a client cannot read never costs it the receipt.
   */
  join: z.optional(z.unknown()),
  /** …or the status and error body (`errorBodySchema`) `POST …/token` would have answered instead (the consent stands). */
  joinError: z.optional(z.object({ status: z.int(), error: z.unknown() })),
});
/** The `POST …/consent` answer as {@link consentResponseSchema} checks it: `join` and `joinError` still to be checked. */
export type CheckedConsentResponse = z.infer<typeof consentResponseSchema>;
/** The `POST …/consent` answer. */
export type ConsentResponse = Omit<CheckedConsentResponse, 'join' | 'joinError'> & {
  join?: TokenResponse;
  joinError?: { status: number; error: ErrorBody };
};

export const ModerationAction = {
  Kick: 'kick',
  Ban: 'ban',
  Unban: 'unban',
  Mute: 'mute',
  CloseCamera: 'close-camera',
  ApproveLive: 'approve-live',
  RevokeLive: 'revoke-live',
  Lock: 'lock',
  Unlock: 'unlock',
  SlowMode: 'slow-mode',
} as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];
export const moderationActionSchema = /* @__PURE__ */ z.enum(
  Object.values(ModerationAction) as [ModerationAction, ...ModerationAction[]],
);

/** `POST {prefix}/moderation/:action` body. */
export const moderationRequestSchema = /* @__PURE__ */ z.object({
  room: roomNameSchema,
  target: z.optional(/* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(128))),
  reason: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(500))),
  /** Slow mode: seconds between messages per sender; 0 turns it off. */
  seconds: z.optional(/* @__PURE__ */ z.int().check(z.minimum(0), z.maximum(3600))),
});
export type ModerationRequest = z.infer<typeof moderationRequestSchema>;

export const moderationResponseSchema = /* @__PURE__ */ z.object({
  ok: z.literal(true),
  action: moderationActionSchema,
  auditId: z.string(),
});
export type ModerationResponse = z.infer<typeof moderationResponseSchema>;

/** Participant attribute keys the server kit sets in the token; clients read roles from here, never from payloads. */
export const Attr = {
  Role: 'parlor.role',
  HandRaised: 'parlor.hand',
  /** Set by the server kit just before it removes someone: `kicked` or `banned`. */
  Removed: 'parlor.removed',
  /**
   * Set by the server kit to `required` while only missing recording consent
   * holds back someone who may otherwise publish (a running recording, or a
   * policy that requires it); cleared when publishing comes back. Others in
   * the room can read it, as every participant attribute.
   */
  RecordingConsent: 'parlor.recording-consent',
} as const;

/** The value of `Attr.RecordingConsent` while a recording holds someone back. */
export const RECORDING_CONSENT_REQUIRED = 'required';

/** Room metadata (set by the server kit) as JSON. */
export const roomMetadataSchema = /* @__PURE__ */ z.object({
  locked: z.optional(z.boolean()),
  slowModeSeconds: z.optional(z.int()),
  /** Set by the server kit while it knows of a recording (including one the host runs itself, which LiveKit cannot see). */
  recording: z.optional(z.boolean()),
});
export type RoomMetadata = z.infer<typeof roomMetadataSchema>;

/** Route paths under the handler's prefix. */
export const Routes = {
  policy: '/policy',
  consent: '/consent',
  token: '/token',
  screenName: '/screen-name',
  moderation: '/moderation',
  webhook: '/webhook',
  myData: '/me/data',
  deletion: '/me/deletion',
  invite: '/invite',
} as const;

/** `DELETE {prefix}/consent` body; the receipt may come as `Authorization: Bearer <receipt>` instead. */
export const withdrawRequestSchema = /* @__PURE__ */ z.object({
  receipt: z.optional(/* @__PURE__ */ z.string().check(z.maxLength(4096))),
});
export type WithdrawRequest = z.infer<typeof withdrawRequestSchema>;

export const withdrawResponseSchema = /* @__PURE__ */ z.object({
  withdrawn: z.literal(true),
  id: z.string(),
  /** Publish rights were taken away in the live room at once. */
  revokedLive: z.boolean(),
});
export type WithdrawResponse = z.infer<typeof withdrawResponseSchema>;

/**
 * `GET {prefix}/consent` (the receipt as `Authorization: Bearer <receipt>`):
 * whether that consent still stands. `deleted`: no longer on record (the
 * person's data was deleted). Anything but `active` means the receipt gets no
 * more tokens: the person answers the consent step again.
 */
export const consentStatusResponseSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  status: z.enum(['active', 'withdrawn', 'superseded', 'deleted']),
});
export type ConsentStatusResponse = z.infer<typeof consentStatusResponseSchema>;

/** One stored consent as `GET {prefix}/me/data` returns it. */
export const storedReceiptSchema = /* @__PURE__ */ z.object({
  record: consentRecordSchema,
  receipt: z.string(),
  status: z.enum(['active', 'withdrawn', 'superseded']),
  statusAt: z.string(),
  expiresAt: z.string(),
});

export const banRecordSchema = /* @__PURE__ */ z.object({
  room: z.string(),
  identity: z.string(),
  reason: z.optional(z.string()),
  by: z.string(),
  byRole: z.optional(roleSchema),
  at: z.string(),
});

export const inviteRecordSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  room: z.string(),
  role: roleSchema,
  createdBy: z.string(),
  expiresAt: z.string(),
  revoked: z.boolean(),
});

export const auditRecordSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  at: z.string(),
  room: z.string(),
  action: z.string(),
  actor: z.string(),
  actorRole: roleSchema,
  target: z.optional(z.string()),
  reason: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});

/** `GET {prefix}/me/data`: everything the server kit holds about the caller. */
export const myDataResponseSchema = /* @__PURE__ */ z.object({
  subject: z.string(),
  receipts: z.array(storedReceiptSchema),
  /** Bans of the caller, and bans the caller issued. */
  bans: z.array(banRecordSchema),
  /** Moderation records about or by the caller. */
  audits: z.array(auditRecordSchema),
  /** Invites the caller created. */
  invites: z.array(inviteRecordSchema),
});
export type MyDataResponse = z.infer<typeof myDataResponseSchema>;

/** `POST {prefix}/me/deletion`: what was purged. */
export const deletionResponseSchema = /* @__PURE__ */ z.object({
  subject: z.string(),
  deleted: z.object({ receipts: z.int(), bans: z.int(), audits: z.int() }),
});
export type DeletionResponse = z.infer<typeof deletionResponseSchema>;

/** `POST {prefix}/invite` body (owners and moderators; the role must rank below the caller's). */
export const inviteRequestSchema = /* @__PURE__ */ z.object({
  room: roomNameSchema,
  role: roleSchema,
  ttlSeconds: z.optional(/* @__PURE__ */ z.int().check(z.minimum(60), z.maximum(30 * 24 * 3600))),
});
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

export const inviteResponseSchema = /* @__PURE__ */ z.object({
  invite: z.string(),
  id: z.string(),
  room: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});
export type InviteResponse = z.infer<typeof inviteResponseSchema>;
