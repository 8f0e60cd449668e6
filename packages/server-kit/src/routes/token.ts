import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  roleSchema,
  tokenRequestSchema,
  type ConsentRecord,
  type ConsentRequest,
  type ConsentResponse,
  type Role,
  type TokenRequest,
  type TokenResponse,
} from '@parlor/core/protocol';
import { HttpError, json, refuse, toHttpError, type Reply } from '../http-error.js';
import { authenticate, checkedReceipt, checkRoomIdentity, type Caller } from '../identity.js';
import { verifyInvite, type Invite } from '../invites.js';
import { clientIp, type Kit } from '../kit.js';
import { livekitCall } from '../livekit.js';
import { banBinds } from '../moderation.js';
import { canModerate, ROLE_RANK } from '../options.js';
import { limitsFor, mayPublishWith, type ResolvedPolicy } from '../policy.js';
import { ROLE_TEMPLATES } from '../grants.js';
import { RECORDING_CONSENT_ATTR, RECORDING_CONSENT_REQUIRED } from '../live-publish.js';
import { isRecording } from '../recording.js';
import { checkScreenName, screenNameKey } from '../screen-name.js';
import { ReceiptStatus } from '../store/types.js';
import { presenceOf, type Present } from '../presence.js';
import { mintTokenSync } from '../tokens.js';
import { readJson } from '../validate.js';
import type { KitRequest } from '../request.js';

/** `guest_…` / `viewer_…` identities: random, unlinkable, never from the request. */
export const randomIdentity = (kind: 'guest' | 'viewer') => `${kind}_${randomBytes(12).toString('base64url')}`;

/** A receipt that verifies, is for this room and subject, and is still active in the store. */
export async function activeConsent(kit: Kit, receipt: string, room: string, caller: Caller | null): Promise<ConsentRecord> {
  const record = await checkedReceipt(kit, receipt);
  if (record.room !== room) throw refuse.consentRequired('That consent was given for another room.');
  if (caller && record.subject !== caller.identity) throw refuse.consentRequired('That consent belongs to someone else.');
  const stored = await kit.store.getReceipt(record.id);
  if (!stored || stored.status !== ReceiptStatus.Active) {
    throw refuse.consentRequired('That consent was withdrawn or replaced; please answer the consent step again.');
  }
  return record;
}

/** `role`, or the invite's when that is higher (an invite never lowers anyone). */
export const raisedBy = (role: Role, invite: Invite | undefined): Role => (invite && ROLE_RANK[invite.role] > ROLE_RANK[role] ? invite.role : role);

/** A valid, unrevoked invite for `room`; else 403 `invalid_invite`. */
export async function checkedInvite(kit: Kit, invite: string, room: string): Promise<Invite> {
  const bad = () => new HttpError(403, ErrorCode.InvalidInvite, 'This invite link is invalid or has expired.');
  let inv: Invite;
  try {
    inv = await verifyInvite(invite, kit.options.secret);
  } catch {
    throw bad();
  }
  if (inv.room !== room || (await kit.store.getInvite(inv.id))?.revoked) throw bad();
  return inv;
}

/**
 * Marks a would-be publisher held back only by missing recording consent (a running recording, or a
 * room that asks it of everyone on camera), so the client can ask for it; agreeing gives publishing
 * back at once (`restoreAfterConsent`).
 */
function recordingAttributes(policy: ResolvedPolicy, record: ConsentRecord | undefined, role: Role, recording: boolean) {
  if (!record || record.purposes.recording || !(recording || policy.requireRecordingConsent) || ROLE_TEMPLATES[role].publishSources.length === 0) return undefined;
  return mayPublishWith(policy, { ...record.purposes, recording: true }, recording) ? { [RECORDING_CONSENT_ATTR]: RECORDING_CONSENT_REQUIRED } : undefined;
}

/** Who asks to enter a room, for {@link checkRoomOpen}. */
export interface Entrant {
  /** Unknown only for a name check by a guest with no consent yet (`claim: false`): everyone else in the room counts. */
  identity: string | undefined;
  role: Role;
  standing: Role;
  entitled: Role;
  screenName: string;
  chosen: boolean;
}

/**
 * Bans (judged by `standing`), the lock (moderators and owners still enter, in viewer mode too:
 * `entitled` is the role before viewer mode lowered it), the participant limit (`role`, as joining)
 * and, for a name the person chose (`chosen`), that no one else in the room already shows under it:
 * someone could otherwise speak in chat as another person. One LiveKit lookup serves both, and the
 * person counts as arriving from the moment they pass (see RoomPresence), unless `claim` is false
 * (the name check before the consent step: the same answer, nothing kept).
 */
export async function checkRoomOpen(kit: Kit, policy: ResolvedPolicy, room: string, who: Entrant, claim = true): Promise<void> {
  const { identity, role } = who;
  const limited = policy.maxParticipants !== undefined && role !== 'viewer' && !canModerate(role);
  // A hidden viewer's name is shown to no one.
  const named = who.chosen && role !== 'viewer';
  const presence = presenceOf(kit);
  const arriving: Present | undefined =
    claim && identity !== undefined ? { identity, name: who.screenName, hidden: ROLE_TEMPLATES[role].hidden, role } : undefined;
  if (identity !== undefined && banBinds(await kit.store.getBan(room, identity), who.standing)) {
    throw new HttpError(403, ErrorCode.Banned, 'You cannot join this room.');
  }
  if (!canModerate(who.entitled) && (await kit.store.getRoomState(room)).locked) {
    throw new HttpError(403, ErrorCode.RoomLocked, 'This room is locked right now.');
  }
  if (!limited && !named) {
    if (arriving) presence.arrived(room, arriving);
    return;
  }
  // On its way since the request began (warmPresence): usually answered by now.
  const listing = await presence.lookup(room);
  presence.claim(room, listing, arriving, (present) => {
    const others = present.filter((p) => p.identity !== identity && !p.hidden);
    if (limited) {
      // Moderators and owners do not take a seat (the role is the attribute this kit put in their token).
      const seated = new Set(others.filter((p) => !canModerate(roleSchema.safeParse(p.role).data ?? 'viewer')).map((p) => p.identity));
      if (seated.size >= policy.maxParticipants!) throw new HttpError(409, ErrorCode.RoomFull, 'This room is full right now.');
    }
    const key = named ? screenNameKey(who.screenName) : undefined;
    if (key !== undefined && others.some((p) => screenNameKey(p.name) === key)) {
      throw new HttpError(409, ErrorCode.ScreenNameTaken, 'Someone in the room already goes by that name; choose another.');
    }
  });
}

/**
 * Starts LiveKit's lookup of `room` (shared for a second, see RoomPresence) so that the name and
 * seat checks find it answered or on its way; its failure counts only where it is awaited.
 */
export function warmPresence(kit: Kit, room: string): void {
  presenceOf(kit).lookup(room).catch(() => {});
}

/**
 * `POST …/token`: decides who the caller is (host session, verified receipt
 * subject, or anonymous viewer), what their role and consents allow, and
 * mints a LiveKit token with exactly that.
 */
export async function tokenRoute(kit: Kit, req: KitRequest, ctxIp?: string): Promise<Reply> {
  kit.limiter.hit('token', 'perIp', clientIp(kit, req, ctxIp));
  return json(await issueToken(kit, req, await readJson(req, tokenRequestSchema)));
}

/**
 * `join` of `POST …/consent`: the token for the receipt that request just
 * issued, or the status and error `POST …/token` would have answered. The
 * consent stands either way, so the client keeps its receipt.
 */
export async function tokenAfterConsent(
  kit: Kit,
  req: KitRequest,
  ctxIp: string | undefined,
  room: string,
  receipt: string,
  join: NonNullable<ConsentRequest['join']>,
  known: KnownConsent,
): Promise<Pick<ConsentResponse, 'join' | 'joinError'>> {
  try {
    kit.limiter.hit('token', 'perIp', clientIp(kit, req, ctxIp));
    return { join: await issueToken(kit, req, { ...join, room, receipt }, known) };
  } catch (err) {
    const e = toHttpError(err, kit.onError);
    return { joinError: { status: e.status, error: e.toJSON() } };
  }
}

/**
 * What the consent route has just established for the receipt it issued:
 * the room's policy, the host's answer to `authenticate`, and the record
 * (stored as active), so the token needs none of them read or checked again.
 */
export interface KnownConsent {
  policy: ResolvedPolicy;
  caller: Caller | null;
  record: ConsentRecord;
}

async function issueToken(kit: Kit, req: KitRequest, body: TokenRequest, known?: KnownConsent): Promise<TokenResponse> {
  // Someone who will be seen in the room: LiveKit is asked who is there while the rest is checked.
  if (body.mode !== 'viewer') warmPresence(kit, body.room);
  const policy = known?.policy ?? (await kit.policy(body.room));
  const caller = known ? known.caller : await authenticate(kit, req, 'token', body.room);
  if (caller) checkRoomIdentity(caller);
  const invite = body.invite ? await checkedInvite(kit, body.invite, body.room) : undefined;

  let identity: string;
  let role: Role;
  let record: ConsentRecord | undefined;
  if (!caller && !kit.allowGuests && !(body.mode === 'viewer' && !body.receipt && policy.allowAnonymousViewers)) {
    throw refuse.unauthorized();
  }
  if (body.receipt) {
    record = known?.record ?? (await activeConsent(kit, body.receipt, body.room, caller));
    if (record.policyVersion !== policy.termsVersion) {
      throw new HttpError(403, ErrorCode.ConsentOutdated, 'The terms have changed; please review and accept them again.');
    }
    if (!record.purposes.terms) throw refuse.consentRequired('Accepting the terms is required to join.');
    identity = caller?.identity ?? record.subject;
    role = caller?.role ?? kit.guestRole;
  } else if (body.mode === 'viewer' && policy.allowAnonymousViewers) {
    identity = caller?.identity ?? randomIdentity('viewer');
    role = caller?.role ?? 'viewer';
  } else {
    throw refuse.consentRequired();
  }
  // Bans are judged by the person's own standing: an invite does not lift one, watching does not tighten it.
  const standing = role;
  role = raisedBy(role, invite);
  const entitled = role;
  if (body.mode === 'viewer') role = 'viewer';
  kit.limiter.hit('token', 'perIdentity', identity);

  const screenName = caller?.name ?? checkScreenName(body.screenName, role, kit.options.screenNameDenyList);
  // The host's own name for a signed-in user is theirs to give: only a name chosen here must be free.
  await checkRoomOpen(kit, policy, body.room, { identity, role, standing, entitled, screenName, chosen: caller?.name === undefined });

  const recording = await isRecording(kit, body.room);
  const limits = record ? limitsFor(policy, record, recording) : { mayPublish: false, mayChat: false };
  const attributes = recordingAttributes(policy, record, role, recording);
  const lk = kit.options.livekit;
  const minted = mintTokenSync({
    apiKey: lk.apiKey,
    apiSecret: lk.apiSecret,
    room: body.room,
    identity,
    name: screenName,
    role,
    limits,
    ttlSeconds: kit.tokenTtlSeconds,
    ...(attributes && { attributes }),
  });
  const res: TokenResponse = {
    token: minted.token,
    url: lk.url,
    identity,
    screenName,
    role,
    grants: minted.grants,
    expiresAt: minted.expiresAt.toISOString(),
  };
  return res;
}
