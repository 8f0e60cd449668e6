// Third chunk: the joined room's elements. Loaded with livekit-client (via
// core's session) only when someone actually joins.
import { defineElement } from './define.js';
import { ParlorRoomView } from './elements/room-view/room-view.js';
import { ParlorVideoGrid } from './elements/video-grid/video-grid.js';
import { ParlorChatPanel } from './elements/chat-panel/chat-panel.js';
import { ParlorParticipantList } from './elements/participant-list/participant-list.js';
import { ParlorControlsBar } from './elements/controls-bar/controls-bar.js';

defineElement('parlor-room-view', ParlorRoomView);
defineElement('parlor-video-grid', ParlorVideoGrid);
defineElement('parlor-chat-panel', ParlorChatPanel);
defineElement('parlor-participant-list', ParlorParticipantList);
defineElement('parlor-controls-bar', ParlorControlsBar);
