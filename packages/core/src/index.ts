/**
 * `@parlor/core`: the headless Parlor room client.
 * @packageDocumentation
 */
export { MAX_VIDEO_SIZE, RoomClient, globalPrivacyControl } from './client.js';
export type { RoomClientOptions, JoinOptions, ConsentAnswers } from './client.js';
export { ParlorApi } from './api.js';
export { createPreview } from './preview.js';
export type { Preview, PreviewOptions } from './preview.js';
export type { ApiOptions, MyData } from './api.js';
export { ParlorError, ErrorCode, isConsentEnded, isNameRefusal } from './errors.js';
export { createStore, select, shallowEqual } from './store.js';
export type { Listener, ReadableStore, Store } from './store.js';
export { TypedEmitter } from './emitter.js';
export type { EventMap } from './emitter.js';
export { ChatLog } from './chat-log.js';
export type { ChatOptions } from './chat.js';
export type { AnalyticsEvent, RoomEventMap, RoomEventName } from './events.js';
export { ConnectionStatus, DisconnectReason, MessageStatus, TrackSource, isLive } from './types.js';
export type {
  Capabilities,
  ChatMessage,
  ConnectionQuality,
  ConsentState,
  DeviceLists,
  LocalInfo,
  ParticipantInfo,
  RoomState,
  TrackInfo,
  VideoSize,
} from './types.js';
export { Role, ROLE_RANK, ModerationAction, MAX_AGE } from './protocol/index.js';
export type { ConsentRecord, DeletionResponse, Grants, ModerationResponse, Policy, Purposes, RoomMetadata, TokenResponse } from './protocol/index.js';
export { CHAT_TOPIC, CONTROL_TOPIC, MAX_MESSAGE_BYTES } from './wire.js';
