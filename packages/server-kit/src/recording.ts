import type { ConsentRecord } from '@parlor/core/protocol';
import type { ParticipantInfo } from 'livekit-server-sdk';
import type { Kit } from './kit.js';
import { livekitCall } from './livekit.js';
import { mirrorRoomState, mirrorRoomStateOrReport, updateRoomState } from './room-state.js';
import { RECORDING_CONSENT_ATTR, RECORDING_CONSENT_REQUIRED, restoreLivePublish, revokeFrom } from './live-publish.js';
import { mayPublishWith, type ResolvedPolicy } from './policy.js';
import { currentConsent } from './current-consent.js';
import type { ParlorWebhookEvent } from './webhook-events.js';

/** The recording id `setRecording(room, true)` stands for (a recording the host started itself). */
export const HOST_RECORDING_ID = 'host';

/** What {@link enforceRecordingConsent} did. */
export interface RecordingConsentResult {
  room: string;
  /** Identities whose publish rights were taken away, now marked `parlor.recording-consent = required`. */
  revoked: string[];
  /** Identities whose publish rights came back because the room is no longer recorded (`setRecording(room, false)`). */
  restored: string[];
}

/** Egress states after which nothing more is recorded. */
const FINISHED = new Set(['EGRESS_COMPLETE', 'EGRESS_FAILED', 'EGRESS_ABORTED', 'EGRESS_LIMIT_REACHED']);
/** `ParticipantInfo.kind` of browsers and apps; ingress, egress, SIP and agents are the host's own. */
const STANDARD_KIND = 0;

/** Whether any recording of the room is running, as far as the store knows. */
export async function isRecording(kit: Kit, room: string): Promise<boolean> {
  return ((await kit.store.getRoomState(room)).recordings ?? []).length > 0;
}

/** Adds or removes one recording id (or, with `id` undefined and `on` false, forgets them all); resolves to whether that changed anything. */
async function mark(kit: Kit, room: string, on: boolean, id?: string): Promise<boolean> {
  const { changed } = await updateRoomState(kit, room, (state) => {
    const ids = new Set(state.recordings ?? []);
    if (on && id) ids.add(id);
    else if (id) ids.delete(id);
    else ids.clear();
    return { recordings: [...ids] };
  });
  return changed;
}

/**
 * Forgets the recordings learned from egress webhooks, which end with the room, but not
 * the host's own: `setRecording(room, true)` may come before the room exists, and only
 * `setRecording(room, false)` ends it.
 */
async function forgetEgress(kit: Kit, room: string): Promise<void> {
  await updateRoomState(kit, room, (state) => ({ recordings: (state.recordings ?? []).filter((id) => id === HOST_RECORDING_ID) }));
}

/** Whether the person's current consent for the room (their newest valid receipt) includes recording. */
async function hasRecordingConsent(kit: Kit, room: string, identity: string, policy: ResolvedPolicy): Promise<boolean> {
  return (await currentConsent(kit, identity, room, policy))?.record.purposes.recording === true;
}

/**
 * Every publisher in the room (or just `only`) whose current consent (see
 * {@link currentConsent}) lacks recording consent loses publish rights at
 * once and is marked `parlor.recording-consent = required`. Does not change
 * whether the room counts as recording.
 */
export async function enforceRecordingConsent(kit: Kit, room: string, only?: string): Promise<RecordingConsentResult> {
  const policy = await kit.policy(room);
  const people: ParticipantInfo[] = only
    ? [await livekitCall(() => kit.rooms.getParticipant(room, only))].filter((p) => p !== undefined)
    : ((await livekitCall(() => kit.rooms.listParticipants(room))) ?? []);
  const revoked: string[] = [];
  for (const p of people) {
    if (p.kind !== STANDARD_KIND || p.permission?.canPublish !== true) continue;
    if (await hasRecordingConsent(kit, room, p.identity, policy)) continue;
    if (await revokeFrom(kit, room, p, { keepData: true, askRecordingConsent: true })) revoked.push(p.identity);
  }
  return { room, revoked, restored: [] };
}

/**
 * The room is no longer recorded: everyone whose publishing was taken for
 * the recording alone (still marked `parlor.recording-consent = required`;
 * any other revoke clears the mark) gets it back, as far as their current
 * consent allows publishing without a recording. Resolves to who did.
 */
async function restoreAfterRecording(kit: Kit, room: string, only?: string): Promise<string[]> {
  if (await isRecording(kit, room)) return [];
  const policy = await kit.policy(room);
  const marked = (p: ParticipantInfo | undefined) => p?.attributes?.[RECORDING_CONSENT_ATTR] === RECORDING_CONSENT_REQUIRED;
  const people = only ? [only] : ((await livekitCall(() => kit.rooms.listParticipants(room))) ?? []).filter(marked).map((p) => p.identity);
  const restored: string[] = [];
  for (const identity of people) {
    // Read again just before: a moderator's revoke or a withdrawal since the list clears the mark.
    const p = await livekitCall(() => kit.rooms.getParticipant(room, identity));
    if (!p || !marked(p)) continue;
    const consent = await currentConsent(kit, identity, room, policy);
    if (consent && mayPublishWith(policy, consent.record.purposes, false) && (await restoreLivePublish(kit, room, p))) restored.push(identity);
  }
  // A recording that started meanwhile found them held back and passed them by: held back again.
  if (restored.length > 0 && (await isRecording(kit, room))) await enforceRecordingConsent(kit, room);
  return restored;
}

/**
 * Records whether the host itself is recording the room. `true` also
 * enforces recording consent at once; `false` forgets every running
 * recording of the room, including those learned from webhooks, and gives
 * back the publishing the recording took.
 */
export async function setRecording(kit: Kit, room: string, recording: boolean): Promise<RecordingConsentResult> {
  const changed = await mark(kit, room, recording, recording ? HOST_RECORDING_ID : undefined);
  // Consent first: showing the banner must not be what stops it being enforced.
  const result = recording ? await enforceRecordingConsent(kit, room) : { room, revoked: [], restored: await restoreAfterRecording(kit, room) };
  // Then the banner; a failure is the host's to see (and to retry: everything here may run again).
  await mirrorRoomState(kit, room, changed);
  return result;
}

/**
 * Keeps the room's recording state in step with LiveKit's egress webhooks
 * and enforces consent when a recording starts or someone joins a room
 * being recorded.
 */
export async function recordingWebhook(kit: Kit, e: ParlorWebhookEvent): Promise<void> {
  const rec = e.recording;
  if (rec?.roomName && (e.event === 'egress_started' || e.event === 'egress_updated')) {
    const running = !FINISHED.has(rec.status);
    const changed = await mark(kit, rec.roomName, running, rec.id);
    // Consent first; then the banner. A failure to show it fails the webhook, so LiveKit
    // retries it; everything here may run again (on a retry `changed` is false, and the
    // metadata is still compared and written if it does not show the recording).
    if (running) await enforceRecordingConsent(kit, rec.roomName);
    else await restoreAfterRecording(kit, rec.roomName);
    await mirrorRoomState(kit, rec.roomName, changed);
  } else if (rec?.roomName && e.event === 'egress_ended') {
    const changed = await mark(kit, rec.roomName, false, rec.id);
    // The last recording over: publishing taken for it comes back (a retry finds nobody marked).
    await restoreAfterRecording(kit, rec.roomName);
    await mirrorRoomState(kit, rec.roomName, changed);
  } else if (e.event === 'room_finished' && e.room) {
    if (await isRecording(kit, e.room.name)) await forgetEgress(kit, e.room.name);
  } else if (e.event === 'room_started' && e.room) {
    // A room created after the host marked it recorded (or locked): show clients what the store says.
    await mirrorRoomState(kit, e.room.name);
  } else if (e.event === 'participant_joined' && e.room && e.participant) {
    // A token minted during the recording, used after it ended: publishing as their consent allows.
    if (!(await isRecording(kit, e.room.name))) {
      // Held back by the policy itself (it requires recording consent), not by a recording: nothing to give back.
      const marked = e.raw.participant?.attributes?.[RECORDING_CONSENT_ATTR] === RECORDING_CONSENT_REQUIRED;
      if (marked && !(await kit.policy(e.room.name)).requireRecordingConsent) await restoreAfterRecording(kit, e.room.name, e.participant.identity);
      return;
    }
    await enforceRecordingConsent(kit, e.room.name, e.participant.identity);
    // Also in case room_started was missed: a no-op when the metadata already shows it.
    await mirrorRoomStateOrReport(kit, e.room.name);
  }
}

/**
 * After a new consent: if it now allows publishing and its subject is in
 * the room marked as needing recording consent, give publish rights back
 * at once. Returns whether it did.
 */
export async function restoreAfterConsent(kit: Kit, policy: ResolvedPolicy, record: ConsentRecord): Promise<boolean> {
  if (!record.purposes.recording) return false;
  if (!mayPublishWith(policy, record.purposes, await isRecording(kit, record.room))) return false;
  const p = await livekitCall(() => kit.rooms.getParticipant(record.room, record.subject));
  if (p?.attributes?.[RECORDING_CONSENT_ATTR] !== RECORDING_CONSENT_REQUIRED) return false;
  return restoreLivePublish(kit, record.room, p);
}
