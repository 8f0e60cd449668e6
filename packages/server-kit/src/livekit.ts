import {
  RoomServiceClient,
  ServerError,
  type ParticipantInfo,
  type RemoveParticipantOptions,
  type Room,
  type TrackInfo,
  type UpdateParticipantOptions,
} from 'livekit-server-sdk';
import { ErrorCode } from '@parlor/core/protocol';
import { HttpError } from './http-error.js';
import type { LiveKitOptions } from './options.js';

/**
 * The part of livekit-server-sdk's `RoomServiceClient` the kit uses. A real
 * `RoomServiceClient` satisfies it; tests may pass a fake.
 */
export interface RoomService {
  listRooms(names?: string[]): Promise<Room[]>;
  updateRoomMetadata(room: string, metadata: string): Promise<Room>;
  listParticipants(room: string): Promise<ParticipantInfo[]>;
  getParticipant(room: string, identity: string): Promise<ParticipantInfo>;
  removeParticipant(room: string, identity: string, options?: RemoveParticipantOptions): Promise<void>;
  updateParticipant(room: string, identity: string, options: UpdateParticipantOptions): Promise<ParticipantInfo>;
  mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): Promise<TrackInfo>;
}

/** A room service talking to the LiveKit server's HTTP API, with a short timeout. */
export function createRoomService(lk: LiveKitOptions): RoomService {
  return new RoomServiceClient(lk.host, lk.apiKey, lk.apiSecret, { requestTimeout: 10 });
}

/** True when LiveKit answered "no such room / participant / track". */
export function isNotFound(err: unknown): boolean {
  return err instanceof ServerError && (err.status === 404 || err.code === 'not_found');
}

/**
 * Runs a LiveKit call; "not found" resolves to `undefined`, any other
 * failure becomes 503 `server_unreachable` (never a bare 500).
 */
export async function livekitCall<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw new HttpError(503, ErrorCode.ServerUnreachable, 'The media server is unreachable; try again shortly.', {
      cause: err,
    });
  }
}
