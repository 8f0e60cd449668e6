// Shared by the widget's browser tests: rendering, a store-backed fake client
// for the room's parts, axe-core, and waiting helpers.
import 'axe-core';
import { ChatLog, RoomClient, createStore } from '@parlor/core';
import type { ChatMessage, LocalInfo, ParticipantInfo, RoomState, TrackInfo, VideoSize } from '@parlor/core';
import type { LitElement } from 'lit';
import { expect } from '@esm-bundle/chai';

declare global {
  // axe-core's UMD build sets a global.
  // eslint-disable-next-line no-var
  var axe: { run(context: Element, options?: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ html: string; failureSummary?: string }> }> }> };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A room name no other test uses (`prefix` says which file made it, in server logs). */
export const uniqueRoom = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** Appends `el` to the document and waits for its first render. */
export async function mount<T extends HTMLElement>(el: T, parent: HTMLElement = document.body): Promise<T> {
  parent.append(el);
  await (el as unknown as LitElement).updateComplete;
  return el;
}

/** Creates `<tag>`, sets properties, mounts it. */
export async function fixture<T extends HTMLElement>(tag: string, props: Record<string, unknown> = {}, parent?: HTMLElement): Promise<T> {
  const el = document.createElement(tag) as T;
  Object.assign(el, props);
  return mount(el, parent);
}

/** Removes everything tests mounted. */
export function cleanup(): void {
  for (const el of [...document.body.children]) if (el.localName !== 'script') el.remove();
}

/** Polls until `check` is true. */
export async function eventually(check: () => unknown, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(30);
  }
}

/** The shadow root of `el`, asserting it exists. */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** Finds the first match through nested shadow roots. */
export function deepQuery<T extends Element = HTMLElement>(root: ParentNode, selector: string): T | null {
  const hit = root.querySelector<T>(selector);
  if (hit) return hit;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const inner = deepQuery<T>(el.shadowRoot, selector);
      if (inner) return inner;
    }
  }
  return null;
}

/** Finds a button (through shadow roots) whose text or aria-label contains `text`. */
export function button(root: ParentNode, text: string | RegExp): HTMLButtonElement | null {
  const match = (b: HTMLButtonElement) => {
    const label = `${b.getAttribute('aria-label') ?? ''} ${b.textContent ?? ''}`;
    return typeof text === 'string' ? label.includes(text) : text.test(label);
  };
  for (const b of root.querySelectorAll<HTMLButtonElement>('button')) if (match(b)) return b;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const inner = button(el.shadowRoot, text);
      if (inner) return inner;
    }
  }
  return null;
}

/** Runs axe-core on `el` (WCAG 2.2 A/AA rules) and fails listing each violation. */
export async function expectAccessible(el: Element): Promise<void> {
  const result = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
  const problems = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.html} (${n.failureSummary ?? ''})`).join(' | ')}`);
  expect(problems, problems.join('\n')).to.deep.equal([]);
}

/** Waits for a DOM event on `target`. */
export function nextEvent<E extends Event>(target: EventTarget, type: string, ms = 20_000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    target.addEventListener(type, (e) => (clearTimeout(timer), resolve(e as E)), { once: true });
  });
}

/** A live video track from a canvas, for tiles without a real camera. */
export function canvasTrack(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#3b3bd4';
  ctx.fillRect(0, 0, 160, 90);
  return canvas.captureStream(5).getVideoTracks()[0]!;
}

export function track(source: TrackInfo['source'], media?: MediaStreamTrack): TrackInfo {
  return { sid: `TR_${source}_${Math.random().toString(36).slice(2, 6)}`, source, kind: source === 'microphone' ? 'audio' : 'video', muted: false, mediaStreamTrack: media };
}

export function person(name: string, extra: Partial<ParticipantInfo> = {}): ParticipantInfo {
  return {
    identity: `id-${name.toLowerCase()}`,
    name,
    role: 'participant',
    isLocal: false,
    isSpeaking: false,
    connectionQuality: 'good',
    handRaised: false,
    canPublish: true,
    camera: undefined,
    microphone: undefined,
    screen: undefined,
    ...extra,
  };
}

export function localInfo(extra: Partial<LocalInfo> = {}): LocalInfo {
  return {
    identity: 'id-me',
    screenName: 'Me',
    role: 'broadcaster',
    grants: { canPublish: true, canSubscribe: true, canPublishData: true, canModerate: false, hidden: false },
    can: { publish: true, chat: true, moderate: false, subscribe: true },
    camera: false,
    microphone: false,
    screen: false,
    handRaised: false,
    recordingConsentNeeded: false,
    ...extra,
  };
}

export function message(from: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m-${Math.random().toString(36).slice(2)}`,
    from: { identity: `id-${from.toLowerCase()}`, name: from },
    text,
    timestamp: Date.now(),
    status: 'received',
    local: false,
    deleted: false,
    ...extra,
  };
}

/**
 * A store-backed stand-in for RoomClient for the room's parts: same state
 * shape, actions recorded in `calls`. Integration tests use the real client.
 */
export class FakeClient {
  readonly store;
  readonly calls: Array<[string, ...unknown[]]> = [];
  failWith: Error | undefined;
  #listeners = new Map<string, Set<(...a: unknown[]) => void>>();

  constructor(state: Partial<RoomState> = {}) {
    this.store = createStore<RoomState>({
      room: 'test',
      status: 'connected',
      disconnectReason: undefined,
      error: undefined,
      policy: {
        room: 'test',
        termsUrl: '/terms',
        termsVersion: 't1',
        requireBroadcastConsent: true,
        requireRecordingConsent: false,
        allowGuests: true,
      },
      consent: undefined,
      local: localInfo(),
      participants: [],
      viewerCount: 0,
      chat: ChatLog.empty(),
      recording: false,
      audioBlocked: false,
      roomMetadata: {},
      devices: { videoinput: [], audioinput: [], audiooutput: [] },
      rememberedName: undefined,
      ...state,
    });
  }

  getState = () => this.store.getState();
  subscribe = (l: (s: RoomState, p: RoomState) => void) => this.store.subscribe(l);
  set(patch: Partial<RoomState>): void {
    this.store.setState((s) => ({ ...s, ...patch }));
  }
  on(event: string, fn: (...a: unknown[]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(fn);
    this.#listeners.set(event, set);
    return () => set.delete(fn);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }
  addMessage(m: ChatMessage): void {
    this.set({ chat: this.getState().chat.push(m) });
    this.emit('message', m);
  }

  #record(name: string, ...args: unknown[]): Promise<void> {
    this.calls.push([name, ...args]);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }
  setCamera = (on: boolean) => this.#record('setCamera', on);
  setMicrophone = (on: boolean) => this.#record('setMicrophone', on);
  setScreenShare = (on: boolean) => this.#record('setScreenShare', on);
  raiseHand = (on: boolean) => this.#record('raiseHand', on);
  /** Records the call; on success the consent says what was changed. */
  changeConsent = async (purposes: Record<string, boolean>) => {
    await this.#record('changeConsent', purposes);
    const consent = this.getState().consent;
    if (consent) this.set({ consent: { ...consent, record: { ...consent.record, purposes: { ...consent.record.purposes, ...purposes } } } });
  };
  leave = () => this.#record('leave');
  startAudio = () => this.#record('startAudio');
  kick = (id: string) => this.#record('kick', id);
  ban = (id: string) => this.#record('ban', id);
  mute = (id: string) => this.#record('mute', id);
  closeCamera = (id: string) => this.#record('closeCamera', id);
  approveLive = (id: string) => this.#record('approveLive', id);
  deleteMessage = (id: string) => this.#record('deleteMessage', id);
  /** Set by a test's withdrawal, as core keeps a withdrawn receipt for data access. */
  withdrawn = false;
  get dataAccess(): boolean {
    return this.getState().consent !== undefined || this.withdrawn;
  }
  withdrawConsent = () => this.#record('withdrawConsent');
  refreshConsent = () => this.#record('refreshConsent');
  requestDeletion = () => this.#record('requestDeletion');
  myData = async () => (await this.#record('myData'), { receipts: [] });
  retryMessage = (id: string) => void this.calls.push(['retryMessage', id]);
  forgetRemembered = () => (this.calls.push(['forgetRemembered']), this.set({ rememberedName: undefined }));
  setVideoSize = (sid: string, size: VideoSize | null) => (this.calls.push(['setVideoSize', sid, size]), true);
  sendChat = (text: string): ChatMessage => {
    this.calls.push(['sendChat', text]);
    if (this.failWith) throw this.failWith;
    const m = message('Me', text, { local: true, status: 'sending', from: { identity: 'id-me', name: 'Me' } });
    this.addMessage(m);
    return m;
  };

  /** Typed as the real client for the elements' `client` property. */
  get asClient(): RoomClient {
    return this as unknown as RoomClient;
  }
}

/** Mounts a room part with a fake client (and optional localizer props). */
export async function part<T extends HTMLElement>(tag: string, client: FakeClient, props: Record<string, unknown> = {}): Promise<T> {
  return fixture<T>(tag, { client: client.asClient, ...props });
}

/** Someone on camera in `room`: a real client, through the test server kit (viewer tests need a broadcast). */
export async function broadcaster(room: string, screenName = 'Star'): Promise<RoomClient> {
  const client = new RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
  await client.join({ screenName, consent: { age: 30, purposes: { terms: true, broadcast: true, recording: false } } });
  await client.setCamera(true);
  return client;
}
