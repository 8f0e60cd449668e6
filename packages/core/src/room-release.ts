// Two workarounds for livekit-client 2.23, which keeps every Room a page ever
// made:
// 1. Every Room's constructor adds a `devicechange` listener to
//    navigator.mediaDevices and nothing removes it (`disconnect()` removes a
//    different function), so a page that joins and leaves gathers one listener
//    per Room, each calling into a dead Room on every device change.
//    `createReleasableRoom` notes the listeners the constructor adds, so the
//    session can remove them once its Room is done.
// 2. Where FinalizationRegistry exists, the constructor registers the Room in
//    the static `Room.cleanupRegistry` with a callback that closes over the
//    constructor's scope, and so over the Room: the registry keeps the Room
//    alive and never fires (about 42 KB per join/leave; docs/security.md,
//    fix H). While our Rooms are constructed the registry is switched
//    off, which is livekit-client's own path for browsers without it: a plain
//    listener, which (1) removes.
// The session also drops its own listeners from the Room, so nothing of the
// client, its store or chat history hangs on a left Room.

type Md = EventTarget & { addEventListener: EventTarget['addEventListener'] };

/** What of livekit-client's Room class (2.23) this file touches. */
export interface RoomClassStatics {
  cleanupRegistry?: unknown;
}

/** Runs `create` with `Room.cleanupRegistry` switched off (workaround 2). */
function withoutRegistry<T>(roomClass: RoomClassStatics | undefined, create: () => T): T {
  if (!roomClass || !roomClass.cleanupRegistry) return create();
  const registry = roomClass.cleanupRegistry;
  roomClass.cleanupRegistry = false;
  try {
    return create();
  } finally {
    roomClass.cleanupRegistry = registry;
  }
}

/**
 * Calls `create` (a constructor call of `roomClass`) and returns what it made
 * plus a `release` that removes the `devicechange` listeners it added. Only the
 * synchronous constructor call is watched; `release` is idempotent.
 */
export function createReleasableRoom<T>(create: () => T, roomClass?: RoomClassStatics): { room: T; release: () => void } {
  const md = (typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined) as Md | undefined;
  if (!md || typeof md.addEventListener !== 'function') return { room: withoutRegistry(roomClass, create), release: () => {} };
  const added: EventListenerOrEventListenerObject[] = [];
  const own = Object.prototype.hasOwnProperty.call(md, 'addEventListener');
  const original = md.addEventListener;
  md.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (type === 'devicechange' && listener) added.push(listener);
    return original.call(this, type, listener, options);
  };
  let room: T;
  try {
    room = withoutRegistry(roomClass, create);
  } finally {
    if (own) md.addEventListener = original;
    else delete (md as Partial<Md>).addEventListener;
  }
  return {
    room,
    release: () => {
      for (const listener of added.splice(0)) md.removeEventListener('devicechange', listener);
    },
  };
}
