import { TokenVerifier } from 'livekit-server-sdk';
import { Attr, ErrorCode, roleSchema, type ConsentRecord, type Role } from '@parlor/core/protocol';
import { HttpError, refuse } from './http-error.js';
import { canModerate, type AuthResult } from './options.js';
import { verifyReceipt } from './receipts.js';
import { banBinds } from './moderation.js';
import { bearer } from './validate.js';
import type { Kit } from './kit.js';
import type { KitRequest } from './request.js';

/** A caller the host vouched for, with a checked role. */
export interface Caller {
  identity: string;
  role: Role;
  name?: string;
}

/** Something@something.tld: the shape of an email address, wherever it sits in the string. */
const EMAIL_SHAPED = /[^\s@]@[^\s@]+\.[^\s@]/;

/**
 * Throws (a server fault, for `onError`) when the host's identity for someone about to get a LiveKit
 * token is shaped like an email address: LiveKit shows every participant's identity to everyone in
 * the room, beside their screen name (a best-effort check: other identifying ids are the host's to
 * avoid). Their data stays theirs to see, withdraw and delete under it.
 */
export function checkRoomIdentity(caller: Caller): void {
  if (EMAIL_SHAPED.test(caller.identity)) {
    throw new Error('authenticate() returned an email address as the identity; everyone in the room can read it. Return an opaque id (your user id).');
  }
}

/**
 * Asks the host's `authenticate`; validates what it returns so a host bug
 * cannot mint a token for an empty identity or an unknown role.
 */
export async function authenticate(kit: Kit, req: KitRequest, route: string, room?: string): Promise<Caller | null> {
  const fn = kit.options.authenticate;
  if (!fn) return null;
  const r: AuthResult | null = await fn(req.request(), room === undefined ? { route } : { route, room });
  if (!r) return null;
  if (typeof r.identity !== 'string' || r.identity.length === 0 || r.identity.length > 128) {
    throw new Error('authenticate() returned an invalid identity (1–128 characters required).');
  }
  const role = roleSchema.safeParse(r.role ?? 'participant');
  if (!role.success) throw new Error(`authenticate() returned an unknown role: ${String(r.role)}`);
  const caller: Caller = { identity: r.identity, role: role.data };
  if (r.name) caller.name = r.name;
  return caller;
}

/**
 * Verifies a receipt string, mapping failure to 403 `consent_required`. `allowExpired` for what a
 * person may always do with their data (withdraw): an expired receipt is still theirs.
 */
export async function checkedReceipt(kit: Kit, receipt: string, allowExpired = false): Promise<ConsentRecord> {
  try {
    return (await verifyReceipt(receipt, kit.options.secret, { allowExpired })).record;
  } catch {
    throw refuse.consentRequired('The consent receipt is invalid or expired; please answer the consent step again.');
  }
}

/**
 * Whose data a `/me` request is about: the host session's identity, else the
 * subject of a receipt presented as `Authorization: Bearer <receipt>`.
 */
export async function dataSubject(kit: Kit, req: KitRequest, route: string): Promise<string> {
  const caller = await authenticate(kit, req, route);
  if (caller) return caller.identity;
  const token = bearer(req);
  if (!token) throw refuse.unauthorized('Sign in, or present your consent receipt as a Bearer token.');
  try {
    // Expired or not: seeing and deleting one's data outlives the consent's year.
    return (await verifyReceipt(token, kit.options.secret, { allowExpired: true })).record.subject;
  } catch {
    throw refuse.unauthorized('The receipt presented is invalid or expired.');
  }
}

/**
 * A moderator or owner of `room`: per the host's `authenticate`, or per a
 * LiveKit token this kit minted (`Authorization: Bearer <token>`), whose room
 * must match and whose role attribute must be moderator or owner.
 */
export async function moderatorOf(kit: Kit, req: KitRequest, room: string, route: string): Promise<Caller> {
  const caller = await authenticate(kit, req, route, room);
  // Banned there since (by someone who outranks them), however they come: a session, or a room
  // token that outlives the removal by up to its TTL.
  const unlessBanned = async (who: Caller): Promise<Caller> => {
    if (banBinds(await kit.store.getBan(room, who.identity), who.role)) throw refuse.forbidden('You are banned from this room.');
    return who;
  };
  if (caller && canModerate(caller.role)) return unlessBanned(caller);
  const token = bearer(req);
  if (token) {
    const lk = kit.options.livekit;
    let claims;
    try {
      claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(token, 0);
    } catch {
      throw refuse.unauthorized('The room token presented is invalid or expired.');
    }
    const role = roleSchema.safeParse(claims.attributes?.[Attr.Role]);
    const identity = claims.sub;
    if (claims.video?.room !== room) throw refuse.forbidden('That token is for another room.');
    // The role attribute, trusted only from a token whose holder cannot have written it: one that
    // may update its own attributes, or carries LiveKit's roomAdmin (the host's own tokens may;
    // the kit's never do, nor tokens LiveKit refreshes from them), could have set it itself.
    const video = claims.video;
    const attributesAreTheKits = video.canUpdateOwnMetadata !== true && video.roomAdmin !== true;
    if (role.success && canModerate(role.data) && identity && attributesAreTheKits) return unlessBanned({ identity, role: role.data });
    throw new HttpError(403, ErrorCode.Forbidden, 'Only moderators and owners may do that.');
  }
  if (caller) throw new HttpError(403, ErrorCode.Forbidden, 'Only moderators and owners may do that.');
  throw refuse.unauthorized('Sign in as a moderator, or present your room token.');
}
