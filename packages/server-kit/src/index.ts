/**
 * `@parlor/server-kit`: what a host site runs for Parlor rooms: LiveKit
 * tokens, consent receipts, moderation, webhooks and data requests, as one
 * Fetch-API handler plus the building blocks under it.
 *
 * @packageDocumentation
 */
export { createParlorHandler, type HandlerContext, type ParlorHandler } from './handler.js';
export type {
  AuthContext,
  Authenticate,
  AuthResult,
  ConsentEvent,
  CorsOptions,
  LiveKitOptions,
  ParlorCallbacks,
  ParlorOptions,
  PolicyOption,
  RateLimitOptions,
  RateRule,
  RoomPolicy,
} from './options.js';
export { HttpError, type HttpErrorOptions } from './http-error.js';
export { mintToken, DEFAULT_TOKEN_TTL_SECONDS, type MintTokenOptions, type MintedToken } from './tokens.js';
export { ROLE_TEMPLATES, videoGrantFor, type GrantLimits, type RoleTemplate } from './grants.js';
export { signReceipt, verifyReceipt, type SignReceiptOptions, type VerifiedReceipt } from './receipts.js';
export { createInvite, verifyInvite, type CreateInviteOptions, type Invite } from './invites.js';
export { InvalidSignatureError, MIN_SECRET_LENGTH } from './signing.js';
export { verifyWebhook, InvalidWebhookError } from './webhooks.js';
export type {
  ParlorWebhookEvent,
  WebhookCallbacks,
  WebhookParticipant,
  WebhookRecording,
  WebhookRoom,
  WebhookTrack,
} from './webhook-events.js';
export { checkScreenName, screenNameKey, RESERVED_NAME_WORDS, RESERVED_WHOLE_NAMES } from './screen-name.js';
export { RECORDING_CONSENT_ATTR, RECORDING_CONSENT_REQUIRED } from './live-publish.js';
export { HOST_RECORDING_ID, type RecordingConsentResult } from './recording.js';
export type { RevokeInviteResponse } from './routes/invite.js';
export { DEFAULT_POLICY, ABSOLUTE_MINIMUM_AGE, mayPublishWith, type ResolvedPolicy } from './policy.js';
export { DEFAULT_RATE_LIMITS } from './rate-limit.js';
export type { RoomService } from './livekit.js';
export { MemoryStore } from './store/memory.js';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite.js';
export {
  ReceiptStatus,
  type AuditRecord,
  type BanRecord,
  type DeletedCounts,
  type InviteRecord,
  type ParlorStore,
  type RoomState,
  type StoredReceipt,
  type SubjectData,
} from './store/types.js';
