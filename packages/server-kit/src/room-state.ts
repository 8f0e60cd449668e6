import { roomMetadataSchema, type RoomMetadata } from '@parlor/core/protocol';
import { reportError, type Kit } from './kit.js';
import { livekitCall } from './livekit.js';
import type { RoomState } from './store/types.js';

const queues = new WeakMap<Kit, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` once every earlier change to `room` in this process has
 * finished, so read-modify-write of the room's state (lock, slow mode,
 * recordings, bans) and of its metadata never interleave. Only within one
 * process: several server instances on one store can still interleave
 * (server-kit.md, "Several server instances").
 */
export function serial<T>(kit: Kit, room: string, fn: () => Promise<T>): Promise<T> {
  let rooms = queues.get(kit);
  if (!rooms) queues.set(kit, (rooms = new Map()));
  const run = (rooms.get(room) ?? Promise.resolve()).then(fn, fn);
  const tail = run.then(
    () => {},
    () => {},
  );
  rooms.set(room, tail);
  void tail.then(() => {
    if (rooms.get(room) === tail) rooms.delete(room);
  });
  return run;
}

/** What clients must see of the stored state, in LiveKit room metadata. */
function visible(state: RoomState): Required<RoomMetadata> {
  return { locked: state.locked, slowModeSeconds: state.slowModeSeconds, recording: (state.recordings ?? []).length > 0 };
}

/** What clients see when a key is missing from the metadata. */
const NOTHING_SHOWN: Required<RoomMetadata> = { locked: false, slowModeSeconds: 0, recording: false };

const sameView = (a: Required<RoomMetadata>, b: RoomMetadata): boolean =>
  (Object.keys(NOTHING_SHOWN) as (keyof RoomMetadata)[]).every((k) => a[k] === (b[k] ?? NOTHING_SHOWN[k]));

/** Applies `change` to the stored room state (serialized per room); resolves to the new state and whether anything changed. */
export function updateRoomState(kit: Kit, room: string, change: (state: RoomState) => Partial<RoomState>): Promise<{ state: RoomState; changed: boolean }> {
  return serial(kit, room, async () => {
    const before = await kit.store.getRoomState(room);
    const state = { ...before, ...change(before) };
    const changed = JSON.stringify(state) !== JSON.stringify(before);
    if (changed) await kit.store.setRoomState(room, state);
    return { state, changed };
  });
}

/**
 * Writes into LiveKit room metadata what clients must see of the stored
 * state — lock, slow mode, and whether the room is being recorded (a
 * recording the host runs itself is invisible to LiveKit, so clients learn
 * of it only here) — read afresh, keeping other keys. Nothing is written for
 * a room that does not exist yet (the `room_started` webhook writes it then).
 * Unless `changed` (the stored state just changed: LiveKit's own read may
 * still show an older write), nothing is written when the metadata already
 * shows it, a missing key counting as its default.
 */
export function mirrorRoomState(kit: Kit, room: string, changed = false): Promise<void> {
  return serial(kit, room, async () => {
    const [live] = (await livekitCall(() => kit.rooms.listRooms([room]))) ?? [];
    if (!live) return;
    const ours = visible(await kit.store.getRoomState(room));
    let meta: Record<string, unknown> = {};
    let object = true;
    try {
      const parsed: unknown = JSON.parse(live.metadata || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
      else object = false;
    } catch {
      object = false;
    }
    if (!changed) {
      // A host's own metadata that is not a JSON object is replaced only when there is something to show.
      if (!object && sameView(ours, {})) return;
      const shown = roomMetadataSchema.safeParse(meta);
      if (object && shown.success && sameView(ours, shown.data)) return;
    }
    await livekitCall(() => kit.rooms.updateRoomMetadata(room, JSON.stringify({ ...meta, ...ours })));
  });
}

/** {@link mirrorRoomState} where a failure must not stop what called it (it is reported to `onError`). */
export async function mirrorRoomStateOrReport(kit: Kit, room: string, changed = false): Promise<void> {
  try {
    await mirrorRoomState(kit, room, changed);
  } catch (err) {
    reportError(kit, err);
  }
}

/**
 * Applies a moderator's lock or slow mode: stored first (the token route
 * enforces the lock from the store), then shown to clients; a failure to show
 * it is reported to `onError`, and the action and its audit still stand.
 */
export async function setRoomState(kit: Kit, room: string, change: Partial<RoomState>): Promise<RoomState> {
  const { state, changed } = await updateRoomState(kit, room, () => change);
  await mirrorRoomStateOrReport(kit, room, changed);
  return state;
}
