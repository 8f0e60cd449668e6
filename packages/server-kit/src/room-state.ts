import type { RoomMetadata } from '@parlor/core/protocol';
import type { Kit } from './kit.js';
import { livekitCall } from './livekit.js';
import type { RoomState } from './store/types.js';

/**
 * Applies a room-state change in the store (so it survives) and mirrors what
 * clients must see into LiveKit room metadata: lock, slow mode, and whether
 * the room is being recorded (a recording the host runs itself is invisible
 * to LiveKit, so clients learn of it only here). Other metadata keys are kept.
 */
export async function setRoomState(kit: Kit, room: string, change: Partial<RoomState>): Promise<RoomState> {
  const state = { ...(await kit.store.getRoomState(room)), ...change };
  await kit.store.setRoomState(room, state);
  const [live] = (await livekitCall(() => kit.rooms.listRooms([room]))) ?? [];
  if (live) {
    let meta: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(live.metadata || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
    } catch {
      // Metadata someone else wrote that is not JSON: replace it.
    }
    const ours: RoomMetadata = { locked: state.locked, slowModeSeconds: state.slowModeSeconds, recording: (state.recordings ?? []).length > 0 };
    await livekitCall(() => kit.rooms.updateRoomMetadata(room, JSON.stringify({ ...meta, ...ours })));
  }
  return state;
}
