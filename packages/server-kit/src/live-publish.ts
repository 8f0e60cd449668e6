import { Attr, RECORDING_CONSENT_REQUIRED, roleSchema } from '@parlor/core/protocol';
import type { ParticipantInfo } from 'livekit-server-sdk';
import { ROLE_TEMPLATES } from './grants.js';
import type { Kit } from './kit.js';
import { livekitCall } from './livekit.js';

/**
 * Participant attribute the kit sets to `required` when only missing
 * recording consent holds back someone's publishing (a recording started
 * without it, or a policy that requires it); core reads it as
 * `local.recordingConsentNeeded`, and the widget asks. Cleared when rights
 * come back.
 */
export const RECORDING_CONSENT_ATTR = Attr.RecordingConsent;
export { RECORDING_CONSENT_REQUIRED };

/** Why publish rights are taken: only a recording revoke leaves the "ask again" mark. */
export interface RevokeOptions {
  /** Keep chat (`canPublishData`) as it is; false takes it away too (consent withdrawn). */
  keepData: boolean;
  /** Mark the participant with `parlor.recording-consent = required`. */
  askRecordingConsent?: boolean;
}

/**
 * Takes publish rights away from `identity` in the live room at once
 * (LiveKit unpublishes its tracks). Permissions are replaced atomically, so
 * the others are carried over from the participant's current ones.
 * Returns false when the person is not in the room.
 */
export async function revokeLivePublish(kit: Kit, room: string, identity: string, opts: RevokeOptions): Promise<boolean> {
  const p = await livekitCall(() => kit.rooms.getParticipant(room, identity));
  if (!p) return false;
  return revokeFrom(kit, room, p, opts);
}

/** {@link revokeLivePublish} for a participant already looked up. */
export async function revokeFrom(kit: Kit, room: string, p: ParticipantInfo, opts: RevokeOptions): Promise<boolean> {
  const marked = p.attributes?.[RECORDING_CONSENT_ATTR] === RECORDING_CONSENT_REQUIRED;
  const mark = opts.askRecordingConsent === true;
  const updated = await livekitCall(() =>
    kit.rooms.updateParticipant(room, p.identity, {
      permission: {
        canSubscribe: p.permission?.canSubscribe ?? true,
        canPublish: false,
        canPublishSources: [],
        canPublishData: opts.keepData ? (p.permission?.canPublishData ?? false) : false,
        hidden: p.permission?.hidden ?? false,
        canUpdateMetadata: false,
      },
      // Any other revoke (moderator, withdrawal) outranks the recording mark:
      // clearing it keeps a later recording consent from undoing that revoke.
      ...(mark !== marked && { attributes: { [RECORDING_CONSENT_ATTR]: mark ? RECORDING_CONSENT_REQUIRED : '' } }),
    }),
  );
  return updated !== undefined;
}

/**
 * Gives publish rights back per the participant's role (from the
 * `parlor.role` attribute this kit put in their token) and clears the
 * recording-consent mark. Callers check consent first.
 */
export async function restoreLivePublish(kit: Kit, room: string, p: ParticipantInfo): Promise<boolean> {
  const role = roleSchema.safeParse(p.attributes?.[Attr.Role]);
  const sources = ROLE_TEMPLATES[role.success && role.data !== 'viewer' ? role.data : 'participant'].publishSources;
  const marked = p.attributes?.[RECORDING_CONSENT_ATTR] !== undefined && p.attributes[RECORDING_CONSENT_ATTR] !== '';
  const updated = await livekitCall(() =>
    kit.rooms.updateParticipant(room, p.identity, {
      permission: {
        canSubscribe: true,
        canPublish: true,
        canPublishSources: [...sources],
        canPublishData: p.permission?.canPublishData ?? false,
        // Never shows someone who watches unseen.
        hidden: p.permission?.hidden ?? false,
        canUpdateMetadata: false,
      },
      ...(marked && { attributes: { [RECORDING_CONSENT_ATTR]: '' } }),
    }),
  );
  return updated !== undefined;
}
