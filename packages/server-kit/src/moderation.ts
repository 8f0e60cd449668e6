import { randomUUID } from 'node:crypto';
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import {
  Attr,
  ErrorCode,
  ModerationAction,
  roleSchema,
  type ModerationRequest,
  type Role,
} from '@parlor/core/protocol';
import { HttpError, refuse } from './http-error.js';
import type { Caller } from './identity.js';
import type { Kit } from './kit.js';
import { livekitCall } from './livekit.js';
import { ROLE_RANK } from './options.js';
import type { AuditRecord, BanRecord, RoomState } from './store/types.js';
import { restoreLivePublish, revokeLivePublish } from './live-publish.js';
import { mayPublishWith } from './policy.js';
import { currentConsent } from './current-consent.js';
import { isRecording } from './recording.js';
import { serial, setRoomState } from './room-state.js';

type Details = NonNullable<AuditRecord['details']>;

/** Stores an audit record and hands it to `onAudit`. */
export async function recordAudit(
  kit: Kit,
  a: { room: string; action: AuditRecord['action']; caller: Caller; target?: string; reason?: string; details?: Details },
): Promise<AuditRecord> {
  const record: AuditRecord = { id: randomUUID(), at: new Date().toISOString(), room: a.room, action: a.action, actor: a.caller.identity, actorRole: a.caller.role };
  if (a.target !== undefined) record.target = a.target;
  if (a.reason !== undefined) record.reason = a.reason;
  if (a.details !== undefined) record.details = a.details;
  await kit.store.putAudit(record);
  await kit.options.onAudit?.(record);
  return record;
}

/**
 * Removal also invalidates the tokens the person already holds (nbf before
 * now), so a kicked client cannot simply reconnect with the same token.
 */
const revokeNow = () => ({ revokeTokenTs: BigInt(Math.floor(Date.now() / 1000)) });

/**
 * Whether a ban keeps out someone joining with `role` (undefined: not known):
 * only those the banner outranked, so a moderator's ban of an absent owner or
 * fellow moderator does not lock them out. Bans stored without `byRole` count as an owner's.
 */
export function banBinds(ban: BanRecord | undefined, role: Role | undefined): boolean {
  if (!ban) return false;
  return role === undefined || ROLE_RANK[ban.byRole ?? 'owner'] > ROLE_RANK[role];
}

/** What a lock or slow-mode change records in its audit details. */
function roomStateDetails(state: RoomState): Details {
  return { locked: state.locked, slowModeSeconds: state.slowModeSeconds };
}

/** The target, present in the room, ranked below the caller (a moderator cannot kick the owner). */
async function present(kit: Kit, room: string, target: string, caller: Caller): Promise<ParticipantInfo> {
  const p = await livekitCall(() => kit.rooms.getParticipant(room, target));
  if (!p) throw refuse.notFound('That person is not in the room.');
  outranks(caller, p);
  return p;
}

function outranks(caller: Caller, p: ParticipantInfo): void {
  const role = roleSchema.safeParse(p.attributes?.[Attr.Role]);
  if (role.success && ROLE_RANK[role.data] >= ROLE_RANK[caller.role] && p.identity !== caller.identity) {
    throw refuse.forbidden('You cannot moderate someone of equal or higher standing.');
  }
}

async function muteSource(kit: Kit, room: string, p: ParticipantInfo, source: TrackSource, what: string): Promise<Details> {
  const tracks = p.tracks.filter((t) => t.source === source);
  if (tracks.length === 0) throw refuse.notFound(`That person has no ${what} published.`);
  for (const t of tracks) await livekitCall(() => kit.rooms.mutePublishedTrack(room, p.identity, t.sid, true));
  return { tracks: tracks.map((t) => t.sid).join(',') };
}

/**
 * Going live needs the target's current consent (their newest valid receipt) to broadcast
 * (and to be recorded, where required or recording now).
 */
async function approveLive(kit: Kit, room: string, p: ParticipantInfo): Promise<void> {
  const policy = await kit.policy(room);
  const consent = await currentConsent(kit, p.identity, room, policy);
  const ok = consent !== undefined && mayPublishWith(policy, consent.record.purposes, await isRecording(kit, room));
  if (!ok) throw new HttpError(403, ErrorCode.NotAgreed, 'That person has not agreed to be on camera here (or, in a room that is or may be recorded, to be recorded).');
  await restoreLivePublish(kit, room, p);
}

/**
 * Tells the person's own client why it is being removed (attribute
 * `parlor.removed`), so it can say "you were banned" rather than "kicked".
 * Best effort: the removal itself must not depend on it.
 */
async function markRemoved(kit: Kit, room: string, identity: string, why: 'kicked' | 'banned'): Promise<void> {
  try {
    await kit.rooms.updateParticipant(room, identity, { attributes: { [Attr.Removed]: why } });
  } catch (err) {
    kit.options.onError?.(err);
  }
}

/**
 * Runs one moderation action on the real LiveKit server (and the store, for
 * what must survive: bans, lock, slow mode). Returns details for the audit.
 */
export async function runModeration(kit: Kit, action: ModerationAction, req: ModerationRequest, caller: Caller): Promise<Details> {
  const { room } = req;
  const needsTarget = ![ModerationAction.Lock, ModerationAction.Unlock, ModerationAction.SlowMode].includes(
    action as 'lock',
  );
  const target = req.target;
  if (needsTarget && !target) throw refuse.badRequest(`"${action}" needs a target identity.`);
  const t = target ?? '';
  switch (action) {
    case ModerationAction.Kick: {
      await present(kit, room, t, caller);
      await markRemoved(kit, room, t, 'kicked');
      await livekitCall(() => kit.rooms.removeParticipant(room, t, revokeNow()));
      return {};
    }
    case ModerationAction.Ban: {
      const p = await livekitCall(() => kit.rooms.getParticipant(room, t));
      if (p) outranks(caller, p);
      // Removed before the ban is stored: if LiveKit fails (503), nothing is stored, so no ban is
      // ever kept without the audit record the route writes after this returns. A rejoin in that
      // moment is caught by its participant_joined webhook, which checks the stored ban.
      if (p) {
        await markRemoved(kit, room, t, 'banned');
        await livekitCall(() => kit.rooms.removeParticipant(room, t, revokeNow()));
      }
      const ban = { room, identity: t, by: caller.identity, byRole: caller.role, at: new Date().toISOString() };
      // A standing ban by a higher rank stays as it is: re-banning must not weaken it (byRole decides whom it binds).
      // Checked and written in the room's order, so a concurrent owner's ban is never overwritten.
      const kept = await serial(kit, room, async () => {
        // A ban that would bind the caller was made by a higher rank.
        if (banBinds(await kit.store.getBan(room, t), caller.role)) return true;
        await kit.store.putBan(req.reason ? { ...ban, reason: req.reason } : ban);
        return false;
      });
      // The audit says when the earlier, higher-rank ban was kept instead of this one.
      return kept ? { wasPresent: p !== undefined, keptHigherBan: true } : { wasPresent: p !== undefined };
    }
    case ModerationAction.Unban: {
      if (t === caller.identity) throw refuse.forbidden('You cannot lift a ban on yourself.');
      await serial(kit, room, async () => {
        if (banBinds(await kit.store.getBan(room, t), caller.role)) throw refuse.forbidden('That ban was made by someone of higher standing.');
        if (!(await kit.store.removeBan(room, t))) throw refuse.notFound('That identity is not banned here.');
      });
      return {};
    }
    case ModerationAction.Mute:
      return muteSource(kit, room, await present(kit, room, t, caller), TrackSource.MICROPHONE, 'microphone');
    case ModerationAction.CloseCamera:
      return muteSource(kit, room, await present(kit, room, t, caller), TrackSource.CAMERA, 'camera');
    case ModerationAction.ApproveLive: {
      const p = await present(kit, room, t, caller);
      // Someone watching unseen chose not to be shown: nobody else puts them on view.
      if (p.permission?.hidden === true) throw refuse.notFound('That person is not in the room.');
      await approveLive(kit, room, p);
      return {};
    }
    case ModerationAction.RevokeLive:
      await present(kit, room, t, caller);
      await revokeLivePublish(kit, room, t, { keepData: true });
      return {};
    case ModerationAction.Lock:
      return roomStateDetails(await setRoomState(kit, room, { locked: true }));
    case ModerationAction.Unlock:
      return roomStateDetails(await setRoomState(kit, room, { locked: false }));
    case ModerationAction.SlowMode:
      if (req.seconds === undefined) throw refuse.badRequest('"slow-mode" needs seconds (0 turns it off).');
      return roomStateDetails(await setRoomState(kit, room, { slowModeSeconds: req.seconds }));
  }
}
