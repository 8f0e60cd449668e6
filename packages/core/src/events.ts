import type { ParlorError } from './errors.js';
import type { ChatMessage, ConnectionStatus, ConsentState, DisconnectReason, ParticipantInfo } from './types.js';

/** An analytics-type event for the host; only emitted with analytics consent and never under GPC. */
export interface AnalyticsEvent {
  readonly name: 'joined' | 'left' | 'went_live' | 'message_sent';
  readonly room: string;
  readonly at: number;
}

/**
 * Everything a host page may react to, with its arguments.
 *
 * | event | when |
 * |---|---|
 * | `statusChanged(status, previous)` | the connection status changes |
 * | `participantJoined(p)` / `participantLeft(p)` | someone visible joins or leaves (not on reconnect flaps) |
 * | `message(m)` | a chat message arrives or is sent |
 * | `messageDeleted(id)` | a message was deleted by its author or a moderator |
 * | `broadcastStarted(p)` / `broadcastStopped(p)` | someone's camera goes on or off |
 * | `recordingStarted()` / `recordingStopped()` | the room's recording state changes |
 * | `kicked(reason)` / `banned(reason)` | the local user was removed by a moderator |
 * | `consentChanged(consent)` | consent was given, changed or withdrawn |
 * | `consentEnded()` | in the room, the consent this page held ended elsewhere (withdrawn, replaced or deleted in another window, or by the host; or its receipt expired): chat and camera rights are gone, and the consent is forgotten here (`consentChanged(undefined)` came first) |
 * | `handRaised(p)` | someone asks to go live (moderators act on it) |
 * | `liveApproved()` | a moderator answered the local user's raised hand: they may go on camera now (the hand is lowered) |
 * | `mutedByModerator(source)` | a moderator turned the local user's camera or microphone off |
 * | `disconnected(reason)` | the local user is out of the room |
 * | `error(e)` | something failed; `e.code` says what |
 * | `analytics(e)` | an analytics-type event, only with consent and without GPC |
 */
export type RoomEventMap = {
  statusChanged: [status: ConnectionStatus, previous: ConnectionStatus];
  participantJoined: [participant: ParticipantInfo];
  participantLeft: [participant: ParticipantInfo];
  message: [message: ChatMessage];
  messageDeleted: [id: string];
  broadcastStarted: [participant: ParticipantInfo];
  broadcastStopped: [participant: ParticipantInfo];
  recordingStarted: [];
  recordingStopped: [];
  kicked: [reason: string | undefined];
  banned: [reason: string | undefined];
  consentChanged: [consent: ConsentState | undefined];
  consentEnded: [];
  handRaised: [participant: ParticipantInfo];
  liveApproved: [];
  mutedByModerator: [source: 'camera' | 'microphone'];
  disconnected: [reason: DisconnectReason];
  error: [error: ParlorError];
  analytics: [event: AnalyticsEvent];
};
export type RoomEventName = keyof RoomEventMap;
