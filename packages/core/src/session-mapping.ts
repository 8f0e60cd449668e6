// Pure translations from livekit-client's objects to Parlor's state types,
// kept apart from session.ts so the session reads as event wiring only.
import { ConnectionError, ConnectionErrorReason, ConnectionState, Track } from 'livekit-client';
import type { Participant, TrackPublication } from 'livekit-client';
import { ErrorCode, joinCancelled, ParlorError } from './errors.js';
import { Attr, Role, roleSchema, roomMetadataSchema } from './protocol/index.js';
import type { RoomMetadata } from './protocol/index.js';
import type { ConnectionStatus, TrackInfo, TrackSource } from './types.js';

const SOURCES: Record<string, TrackSource> = {
  [Track.Source.Camera]: 'camera',
  [Track.Source.Microphone]: 'microphone',
  [Track.Source.ScreenShare]: 'screen_share',
  [Track.Source.ScreenShareAudio]: 'screen_share_audio',
};

/** LiveKit's connect failures as Parlor codes: a refused token is not a network problem. */
export function connectError(cause: unknown): ParlorError {
  if (cause instanceof ParlorError) return cause;
  if (cause instanceof ConnectionError) {
    switch (cause.reason) {
      case ConnectionErrorReason.NotAllowed:
        return new ParlorError(ErrorCode.TokenRejected, 'The room refused your access token. Try joining again.', { cause });
      case ConnectionErrorReason.ServerUnreachable:
      case ConnectionErrorReason.ServiceNotFound:
        return new ParlorError(ErrorCode.ServerUnreachable, 'Could not reach the video server. Check your connection and try again.', { cause });
      case ConnectionErrorReason.Cancelled:
        return joinCancelled(cause);
      default:
        break;
    }
  }
  return ParlorError.from(cause, ErrorCode.Network);
}

/** The role the server kit put in the token (attribute `parlor.role`); never from a payload. */
export function roleOf(p: Participant): Role {
  const parsed = roleSchema.safeParse(p.attributes[Attr.Role]);
  return parsed.success ? parsed.data : Role.Participant;
}

/** A publication as the UI needs it. */
export function track(pub: TrackPublication | undefined): TrackInfo | undefined {
  if (!pub) return undefined;
  return {
    sid: pub.trackSid,
    source: SOURCES[pub.source] ?? 'unknown',
    kind: pub.kind === Track.Kind.Audio ? 'audio' : 'video',
    muted: pub.isMuted,
    mediaStreamTrack: pub.track?.mediaStreamTrack,
  };
}

/** Room metadata as the server kit writes it; anything else reads as empty. */
export function parseMetadata(raw: string | undefined): RoomMetadata {
  if (!raw) return {};
  try {
    const parsed = roomMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** livekit-client's connection states as Parlor statuses. */
export function mapState(state: ConnectionState): ConnectionStatus {
  switch (state) {
    case ConnectionState.Connected:
      return 'connected';
    case ConnectionState.Connecting:
      return 'connecting';
    case ConnectionState.Disconnected:
      return 'disconnected';
    default:
      return 'reconnecting';
  }
}
