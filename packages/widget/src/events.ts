// Typed DOM events: bubbling, composed, prefixed `parlor-`.
import type { ChatMessage, ParlorError, ConsentState, DisconnectReason } from '@parlor/core';

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

export class ParlorJoinEvent extends ParlorEvent<{ room: string; screenName: string; mode: 'participant' | 'viewer' }> {
  constructor(detail: ParlorJoinEvent['detail']) {
    super('parlor-join', detail);
  }
}
export class ParlorLeaveEvent extends ParlorEvent<{ room: string; reason: DisconnectReason }> {
  constructor(detail: ParlorLeaveEvent['detail']) {
    super('parlor-leave', detail);
  }
}
export class ParlorMessageEvent extends ParlorEvent<{ message: ChatMessage }> {
  constructor(detail: ParlorMessageEvent['detail']) {
    super('parlor-message', detail);
  }
}
export class ParlorConsentEvent extends ParlorEvent<{ consent: ConsentState | undefined }> {
  constructor(detail: ParlorConsentEvent['detail']) {
    super('parlor-consent', detail);
  }
}
export class ParlorErrorEvent extends ParlorEvent<{ error: ParlorError }> {
  constructor(detail: ParlorErrorEvent['detail']) {
    super('parlor-error', detail);
  }
}
/** Internal: the pre-join card was submitted. */
export class ParlorPrejoinEvent extends ParlorEvent<{ screenName: string }> {
  constructor(detail: ParlorPrejoinEvent['detail']) {
    super('parlor-prejoin', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parlor-join': ParlorJoinEvent;
    'parlor-leave': ParlorLeaveEvent;
    'parlor-message': ParlorMessageEvent;
    'parlor-consent': ParlorConsentEvent;
    'parlor-error': ParlorErrorEvent;
    'parlor-prejoin': ParlorPrejoinEvent;
  }
}
