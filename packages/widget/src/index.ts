/**
 * `@parlor/widget`: Parlor's web components. Importing this module defines
 * every element (safe to import twice; importing in Node defines nothing).
 * @packageDocumentation
 */
import './script.js';
import './flow.js';
import './room-parts.js';
import './device-check.js';

export { ParlorRoom, RoomPhase } from './elements/room/room.js';
export type { Veto } from './elements/room/room.js';
export { ParlorPrejoin } from './elements/prejoin/prejoin.js';
export { ParlorDevicePreview } from './elements/device-preview/device-preview.js';
export { ParlorConsent } from './elements/consent/consent.js';
export type { ConsentDraft } from './elements/consent/consent.js';
export { ParlorPrivacy } from './elements/privacy/privacy.js';
export { ParlorToasts } from './elements/toasts/toasts.js';
export { ParlorRoomView } from './elements/room-view/room-view.js';
export { ParlorVideoGrid, orderTiles } from './elements/video-grid/video-grid.js';
export type { Tile } from './elements/video-grid/video-grid.js';
export { ParlorChatPanel } from './elements/chat-panel/chat-panel.js';
export { ParlorParticipantList } from './elements/participant-list/participant-list.js';
export { ParlorControlsBar } from './elements/controls-bar/controls-bar.js';
export { StoreController } from './controllers/store-controller.js';
export { clientContext, localizerContext } from './context.js';
export { Localizer, loadLocalizer, catalogues, registerEnglish } from './i18n/index.js';
export type { Strings, StringKey, PluralForms } from './i18n/index.js';
export { en } from './i18n/en.js';
export { defineElement, VERSION } from './define.js';
export * from './events.js';

import type { ParlorRoom } from './elements/room/room.js';
import type { ParlorPrejoin } from './elements/prejoin/prejoin.js';
import type { ParlorDevicePreview } from './elements/device-preview/device-preview.js';
import type { ParlorConsent } from './elements/consent/consent.js';
import type { ParlorPrivacy } from './elements/privacy/privacy.js';
import type { ParlorToasts } from './elements/toasts/toasts.js';
import type { ParlorRoomView } from './elements/room-view/room-view.js';
import type { ParlorVideoGrid } from './elements/video-grid/video-grid.js';
import type { ParlorChatPanel } from './elements/chat-panel/chat-panel.js';
import type { ParlorParticipantList } from './elements/participant-list/participant-list.js';
import type { ParlorControlsBar } from './elements/controls-bar/controls-bar.js';

// `document.querySelector('parlor-room')` and `createElement` are typed.
declare global {
  interface HTMLElementTagNameMap {
    'parlor-room': ParlorRoom;
    'parlor-prejoin': ParlorPrejoin;
    'parlor-device-preview': ParlorDevicePreview;
    'parlor-consent': ParlorConsent;
    'parlor-privacy': ParlorPrivacy;
    'parlor-toasts': ParlorToasts;
    'parlor-room-view': ParlorRoomView;
    'parlor-video-grid': ParlorVideoGrid;
    'parlor-chat-panel': ParlorChatPanel;
    'parlor-participant-list': ParlorParticipantList;
    'parlor-controls-bar': ParlorControlsBar;
  }
}
