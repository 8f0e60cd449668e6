// The hardening lab page's script: the real widget elements, the real core
// client and plain livekit-client, exposed on `window.Parlor` so tests can
// drive them. Bundled by harness/lab.ts with esbuild from the sources.
import * as LK from 'livekit-client';
import { ChatLog, RoomClient } from '@parlor/core';
// Only the chat panel: the element these tests attack (keeps the lab independent of the rest of the widget).
import { ParlorChatPanel } from '../../packages/widget/src/elements/chat-panel/chat-panel.js';
import { defineElement } from '../../packages/widget/src/define.js';

defineElement('parlor-chat-panel', ParlorChatPanel);

declare global {
  interface Window {
    Parlor: { LK: typeof LK; ChatLog: typeof ChatLog; RoomClient: typeof RoomClient };
  }
}

window.Parlor = { LK, ChatLog, RoomClient };
document.documentElement.dataset['ready'] = 'true';
