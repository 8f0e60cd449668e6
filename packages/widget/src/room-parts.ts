// Third chunk: the joined room's elements. Loaded with livekit-client (via
// core's session) only when someone actually joins.
import { defineElement } from './define.js';
import { en } from './i18n/en.js';
import { registerEnglish } from './i18n/index.js';
import { ParlorRoomView } from './elements/room-view/room-view.js';
import { ParlorVideoGrid } from './elements/video-grid/video-grid.js';
import { ParlorChatPanel } from './elements/chat-panel/chat-panel.js';
import { ParlorParticipantList } from './elements/participant-list/participant-list.js';
import { ParlorControlsBar } from './elements/controls-bar/controls-bar.js';
import { ParlorPrivacy } from './elements/privacy/privacy.js';
import { ParlorToasts } from './elements/toasts/toasts.js';

// The parts also work alone (without <parlor-room>), so they bring what they need.
registerEnglish(en);
defineElement('parlor-room-view', ParlorRoomView);
defineElement('parlor-video-grid', ParlorVideoGrid);
defineElement('parlor-chat-panel', ParlorChatPanel);
defineElement('parlor-participant-list', ParlorParticipantList);
defineElement('parlor-controls-bar', ParlorControlsBar);
defineElement('parlor-privacy', ParlorPrivacy);
defineElement('parlor-toasts', ParlorToasts);
