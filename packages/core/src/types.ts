import type { ConsentRecord, Grants, Policy, Purposes, Role, RoomMetadata } from './protocol/index.js';
import type { ChatLog } from './chat-log.js';
import type { ParlorError } from './errors.js';

/** Connection states a UI can show. */
export const ConnectionStatus = {
  Idle: 'idle',
  Authorizing: 'authorizing',
  Connecting: 'connecting',
  Connected: 'connected',
  Reconnecting: 'reconnecting',
  Disconnected: 'disconnected',
  Failed: 'failed',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** Why the local user left the room. */
export const DisconnectReason = {
  Left: 'left',
  Kicked: 'kicked',
  Banned: 'banned',
  RoomClosed: 'room_closed',
  ConnectionLost: 'connection_lost',
  Replaced: 'replaced',
  Unknown: 'unknown',
} as const;
export type DisconnectReason = (typeof DisconnectReason)[keyof typeof DisconnectReason];

export const TrackSource = {
  Camera: 'camera',
  Microphone: 'microphone',
  ScreenShare: 'screen_share',
  ScreenShareAudio: 'screen_share_audio',
  Unknown: 'unknown',
} as const;
export type TrackSource = (typeof TrackSource)[keyof typeof TrackSource];

/** A published track as the UI needs it. */
export interface TrackInfo {
  readonly sid: string;
  readonly source: TrackSource;
  readonly kind: 'audio' | 'video';
  readonly muted: boolean;
  /** Attach with `video.srcObject = new MediaStream([track])`; undefined until subscribed. */
  readonly mediaStreamTrack: MediaStreamTrack | undefined;
}

/** A track that is published and not muted: a camera turned off is muted, not removed. */
export function isLive(t: TrackInfo | undefined): t is TrackInfo {
  return t !== undefined && !t.muted;
}

/** How large a video is shown, in device pixels (CSS pixels × the screen's pixel ratio). */
export interface VideoSize {
  readonly width: number;
  readonly height: number;
}

export type ConnectionQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

export interface ParticipantInfo {
  readonly identity: string;
  /** The screen name; never a real name unless the person typed one. */
  readonly name: string;
  readonly role: Role;
  readonly isLocal: boolean;
  /** LiveKit hears them speak, and their microphone is live. */
  readonly isSpeaking: boolean;
  /** `lost` also while they are not back yet after a reconnect (listed up to 8 s, without media). */
  readonly connectionQuality: ConnectionQuality;
  readonly handRaised: boolean;
  /** Whether LiveKit lets them publish media now (their role and consent allow it, or a moderator let them on). */
  readonly canPublish: boolean;
  readonly camera: TrackInfo | undefined;
  readonly microphone: TrackInfo | undefined;
  readonly screen: TrackInfo | undefined;
}

export const MessageStatus = {
  Sending: 'sending',
  Sent: 'sent',
  Failed: 'failed',
  Received: 'received',
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

export interface ChatMessage {
  /** Client-generated id; receivers show each id once. */
  readonly id: string;
  readonly from: { readonly identity: string; readonly name: string };
  readonly text: string;
  /** Milliseconds since the epoch, as the sender stamped it. */
  readonly timestamp: number;
  readonly status: MessageStatus;
  readonly local: boolean;
  readonly deleted: boolean;
}

/** What the local user may do, derived from the token's grants. */
export interface Capabilities {
  readonly publish: boolean;
  readonly chat: boolean;
  readonly moderate: boolean;
  readonly subscribe: boolean;
}

export interface LocalInfo {
  readonly identity: string;
  readonly screenName: string;
  readonly role: Role;
  readonly grants: Grants;
  readonly can: Capabilities;
  readonly camera: boolean;
  readonly microphone: boolean;
  readonly screen: boolean;
  readonly handRaised: boolean;
  /**
   * Only missing recording consent holds back this person's publishing (a
   * running recording, or a room whose policy requires it): they may go on
   * camera once they agree to be recorded (`changeConsent({ recording: true })`),
   * and the server kit gives publishing back at once.
   */
  readonly recordingConsentNeeded: boolean;
}

export interface ConsentState {
  readonly record: ConsentRecord;
  /** The signed receipt, kept in memory (and in storage only when remembered). */
  readonly receipt: string;
}

export interface DeviceLists {
  readonly videoinput: readonly MediaDeviceInfo[];
  readonly audioinput: readonly MediaDeviceInfo[];
  readonly audiooutput: readonly MediaDeviceInfo[];
}

/** The whole client state: an immutable snapshot, replaced on every change. */
export interface RoomState {
  readonly room: string;
  readonly status: ConnectionStatus;
  readonly disconnectReason: DisconnectReason | undefined;
  readonly error: ParlorError | undefined;
  readonly policy: Policy | undefined;
  readonly consent: ConsentState | undefined;
  readonly local: LocalInfo | undefined;
  /** Everyone visible in the room, local participant first. Hidden viewers are counted, not listed. */
  readonly participants: readonly ParticipantInfo[];
  readonly viewerCount: number;
  readonly chat: ChatLog<ChatMessage>;
  readonly recording: boolean;
  readonly audioBlocked: boolean;
  readonly roomMetadata: RoomMetadata;
  readonly devices: DeviceLists;
  /** Screen name remembered from an earlier visit (only after consent to remember). */
  readonly rememberedName: string | undefined;
}

export type { ConsentRecord, Grants, Policy, Purposes, Role, RoomMetadata };
