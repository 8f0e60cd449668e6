// A workaround for livekit-client 2.23: every Room's constructor adds a
// `devicechange` listener to navigator.mediaDevices and nothing removes it
// (`disconnect()` removes a different function), so each page that joins and
// leaves gathers one listener per Room, each calling into a dead Room on every
// device change. `createReleasableRoom` notes the listeners the constructor
// adds, so the session can remove them once its Room is done. (The Room object
// itself stays reachable for another reason, the callback livekit-client
// registers in its static `Room.cleanupRegistry`, which closes over the Room;
// that needs an upstream fix. The session drops its own listeners from the
// Room so a kept Room does not keep the client, its store or chat history.)

type Md = EventTarget & { addEventListener: EventTarget['addEventListener'] };

/**
 * Calls `create` (a Room constructor call) and returns what it made plus a
 * `release` that removes the `devicechange` listeners it added. Only the
 * synchronous constructor call is watched; `release` is idempotent.
 */
export function createReleasableRoom<T>(create: () => T): { room: T; release: () => void } {
  const md = (typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined) as Md | undefined;
  if (!md || typeof md.addEventListener !== 'function') return { room: create(), release: () => {} };
  const added: EventListenerOrEventListenerObject[] = [];
  const own = Object.prototype.hasOwnProperty.call(md, 'addEventListener');
  const original = md.addEventListener;
  md.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (type === 'devicechange' && listener) added.push(listener);
    return original.call(this, type, listener, options);
  };
  let room: T;
  try {
    room = create();
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
