import {
  EgressStatus,
  TrackSource,
  TrackType,
  type WebhookEvent,
  type WebhookEventNames,
} from 'livekit-server-sdk';
import { Attr, roleSchema, type Role } from '@parlor/core/protocol';

/** The room a webhook is about. */
export interface WebhookRoom {
  name: string;
  sid: string;
  numParticipants: number;
}
/** The participant a webhook is about; `role` is the one this kit put in its token. */
export interface WebhookParticipant {
  identity: string;
  name: string;
  sid: string;
  role?: Role;
}
/** The track a webhook is about. */
export interface WebhookTrack {
  sid: string;
  source: 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio' | 'unknown';
  type: 'audio' | 'video' | 'data';
  muted: boolean;
}
/** The recording (egress) a webhook is about. */
export interface WebhookRecording {
  id: string;
  roomName: string;
  status: string;
}

/** A verified LiveKit webhook as plain data (the protobuf event stays on `raw`). */
export interface ParlorWebhookEvent {
  id: string;
  event: Exclude<WebhookEventNames, ''>;
  createdAt: Date;
  room?: WebhookRoom;
  participant?: WebhookParticipant;
  track?: WebhookTrack;
  recording?: WebhookRecording;
  raw: WebhookEvent;
}

/** Typed callbacks, one per event the host is likely to care about. */
export interface WebhookCallbacks {
  participantJoined?: (e: ParlorWebhookEvent & { room: WebhookRoom; participant: WebhookParticipant }) => void | Promise<void>;
  participantLeft?: (e: ParlorWebhookEvent & { room: WebhookRoom; participant: WebhookParticipant }) => void | Promise<void>;
  roomStarted?: (e: ParlorWebhookEvent & { room: WebhookRoom }) => void | Promise<void>;
  roomFinished?: (e: ParlorWebhookEvent & { room: WebhookRoom }) => void | Promise<void>;
  trackPublished?: (e: ParlorWebhookEvent & { participant: WebhookParticipant; track: WebhookTrack }) => void | Promise<void>;
  trackUnpublished?: (e: ParlorWebhookEvent & { participant: WebhookParticipant; track: WebhookTrack }) => void | Promise<void>;
  recordingStarted?: (e: ParlorWebhookEvent & { recording: WebhookRecording }) => void | Promise<void>;
  recordingEnded?: (e: ParlorWebhookEvent & { recording: WebhookRecording }) => void | Promise<void>;
}

const SOURCES: Partial<Record<TrackSource, WebhookTrack['source']>> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen_share_audio',
};
const TYPES: Record<TrackType, WebhookTrack['type']> = {
  [TrackType.AUDIO]: 'audio',
  [TrackType.VIDEO]: 'video',
  [TrackType.DATA]: 'data',
};

/** Flattens LiveKit's protobuf webhook event into {@link ParlorWebhookEvent}. */
export function toParlorEvent(raw: WebhookEvent): ParlorWebhookEvent {
  const e: ParlorWebhookEvent = {
    id: raw.id,
    event: raw.event as ParlorWebhookEvent['event'],
    createdAt: new Date(Number(raw.createdAt) * 1000),
    raw,
  };
  if (raw.room) e.room = { name: raw.room.name, sid: raw.room.sid, numParticipants: raw.room.numParticipants };
  if (raw.participant) {
    const p = raw.participant;
    e.participant = { identity: p.identity, name: p.name, sid: p.sid };
    const role = roleSchema.safeParse(p.attributes[Attr.Role]);
    if (role.success) e.participant.role = role.data;
  }
  if (raw.track) {
    const t = raw.track;
    e.track = { sid: t.sid, source: SOURCES[t.source] ?? 'unknown', type: TYPES[t.type] ?? 'data', muted: t.muted };
  }
  if (raw.egressInfo) {
    const g = raw.egressInfo;
    e.recording = { id: g.egressId, roomName: g.roomName, status: EgressStatus[g.status] ?? String(g.status) };
  }
  return e;
}

/** Calls the typed callback matching the event, if the host set one and the event carries its fields. */
export async function dispatchTyped(cb: WebhookCallbacks | undefined, e: ParlorWebhookEvent): Promise<void> {
  if (!cb) return;
  const { room, participant, track, recording } = e;
  switch (e.event) {
    case 'participant_joined':
      if (room && participant) await cb.participantJoined?.({ ...e, room, participant });
      break;
    case 'participant_left':
      if (room && participant) await cb.participantLeft?.({ ...e, room, participant });
      break;
    case 'room_started':
      if (room) await cb.roomStarted?.({ ...e, room });
      break;
    case 'room_finished':
      if (room) await cb.roomFinished?.({ ...e, room });
      break;
    case 'track_published':
      if (participant && track) await cb.trackPublished?.({ ...e, participant, track });
      break;
    case 'track_unpublished':
      if (participant && track) await cb.trackUnpublished?.({ ...e, participant, track });
      break;
    case 'egress_started':
      if (recording) await cb.recordingStarted?.({ ...e, recording });
      break;
    case 'egress_ended':
      if (recording) await cb.recordingEnded?.({ ...e, recording });
      break;
    default:
      break;
  }
}
