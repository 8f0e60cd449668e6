// Typed DOM events: bubbling, composed, prefixed `parlor-`.
import type { ChatMessage, ParlorError, ConsentState, DisconnectReason, RoomClient } from '@parlor/core';

/** Base of every Parlor DOM event: bubbles out of shadow roots. */
export class ParlorEvent<D> extends Event {
  constructor(
    type: string,
    readonly detail: D,
    init: EventInit = {},
  ) {
    super(type, { bubbles: true, composed: true, ...init });
  }
}

/** `parlor-join`: the person is in the room. */
export class ParlorJoinEvent extends ParlorEvent<{ room: string; screenName: string; mode: 'participant' | 'viewer' }> {
  constructor(detail: ParlorJoinEvent['detail']) {
    super('parlor-join', detail);
  }
}
/** `parlor-leave`: the person is out of the room, and why. */
export class ParlorLeaveEvent extends ParlorEvent<{ room: string; reason: DisconnectReason }> {
  constructor(detail: ParlorLeaveEvent['detail']) {
    super('parlor-leave', detail);
  }
}
/** `parlor-message`: a chat message was sent (`message.local`) or arrived. */
export class ParlorMessageEvent extends ParlorEvent<{ message: ChatMessage }> {
  constructor(detail: ParlorMessageEvent['detail']) {
    super('parlor-message', detail);
  }
}
/** `parlor-consent`: consent was given, changed (`consent`) or withdrawn (`undefined`). */
export class ParlorConsentEvent extends ParlorEvent<{ consent: ConsentState | undefined }> {
  constructor(detail: ParlorConsentEvent['detail']) {
    super('parlor-consent', detail);
  }
}
/** `parlor-error`: something failed; `error.code` says what. The room shows it as a toast. */
export class ParlorErrorEvent extends ParlorEvent<{ error: ParlorError }> {
  constructor(detail: ParlorErrorEvent['detail']) {
    super('parlor-error', detail);
  }
}
/** `parlor-moderate`: a moderator action from the people list went through; the room says so for removals and bans. */
export class ParlorModerateEvent extends ParlorEvent<{ action: 'approveLive' | 'mute' | 'closeCamera' | 'kick' | 'ban'; identity: string; name: string }> {
  constructor(detail: ParlorModerateEvent['detail']) {
    super('parlor-moderate', detail);
  }
}
/** Devices picked in the pre-join check, by `deviceId`. */
export interface DeviceChoice {
  videoinput?: string | undefined;
  audioinput?: string | undefined;
}
/** `parlor-prejoin`: the pre-join card was submitted. */
export class ParlorPrejoinEvent extends ParlorEvent<{ screenName: string; devices: DeviceChoice }> {
  constructor(detail: ParlorPrejoinEvent['detail']) {
    super('parlor-prejoin', detail);
  }
}

/** `parlor-client`: the room made its headless client (advanced use: the same `RoomClient` a custom UI would use). */
export class ParlorClientEvent extends ParlorEvent<{ client: RoomClient }> {
  constructor(detail: ParlorClientEvent['detail']) {
    super('parlor-client', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parlor-client': ParlorClientEvent;
    'parlor-join': ParlorJoinEvent;
    'parlor-leave': ParlorLeaveEvent;
    'parlor-message': ParlorMessageEvent;
    'parlor-consent': ParlorConsentEvent;
    'parlor-error': ParlorErrorEvent;
    'parlor-prejoin': ParlorPrejoinEvent;
    'parlor-moderate': ParlorModerateEvent;
  }
}
