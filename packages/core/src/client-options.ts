// The options and starting state of a RoomClient, kept apart from the
// client's actions.
import type { ApiOptions } from './api.js';
import { ChatLog } from './chat-log.js';
import type { ChatOptions } from './chat.js';
import type { Purposes } from './protocol/index.js';
import type { SessionOptions } from './session.js';
import { readRemembered } from './storage.js';
import type { RoomState } from './types.js';

/** Options for a {@link RoomClient}. */
export interface RoomClientOptions extends ApiOptions {
  /** The room to join. */
  room: string;
  chat?: ChatOptions | undefined;
  /** livekit-client Room options and connect options (e.g. `{ connectOptions: { rtcConfig: { iceServers: [] } } }` in tests). */
  livekit?: Pick<SessionOptions, 'roomOptions' | 'connectOptions'> | undefined;
}

/** Options of {@link RoomClient.join}. */
export interface JoinOptions {
  screenName: string;
  /** `viewer`: subscribe only, never asks for camera or microphone. */
  mode?: 'participant' | 'viewer' | undefined;
  /** Turn the camera on once connected (ignored for viewers and without publish rights). */
  camera?: boolean | undefined;
  microphone?: boolean | undefined;
  /** An invite link's token, giving a role (e.g. broadcaster). */
  invite?: string | undefined;
  /**
   * The consent step's answers, recorded by the same request that asks for
   * the token: one round trip less than `giveConsent()` then `join()`. It
   * does what `giveConsent()` does (under 13 refused in the browser,
   * 'consentChanged', "remember me"), and the consent stands even when the
   * join is then refused (a locked room, say): a later `join()` uses it.
   */
  consent?: ConsentAnswers | undefined;
  signal?: AbortSignal | undefined;
}

/** The person's answers to the consent step, for {@link RoomClient.giveConsent}. */
export interface ConsentAnswers {
  age: number;
  purposes: Omit<Purposes, 'analytics'> & { analytics?: boolean | undefined };
  /** Remember the screen name and receipt on this device. */
  remember?: boolean | undefined;
  screenName?: string | undefined;
}

/** The state of a client that has done nothing yet (reads what an earlier visit remembered). */
export function initialState(room: string): RoomState {
  const remembered = readRemembered();
  return {
    room,
    status: 'idle',
    disconnectReason: undefined,
    error: undefined,
    policy: undefined,
    consent: undefined,
    local: undefined,
    participants: [],
    viewerCount: 0,
    chat: ChatLog.empty(),
    recording: false,
    audioBlocked: false,
    roomMetadata: {},
    devices: { videoinput: [], audioinput: [], audiooutput: [] },
    rememberedName: remembered?.screenName,
  };
}

/** True when the browser sends Global Privacy Control. */
export function globalPrivacyControl(): boolean {
  return typeof navigator !== 'undefined' && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
}
