// Chat rendering bench page: <parlor-chat-panel> fed by a fake RoomClient
// whose chat is a real ChatLog, vs a plain Lit `repeat` list of every message,
// and vs @lit-labs/virtualizer holding every message (chat-render-virtual.ts,
// a page of its own: its code is not in the others' heap). Driven from
// bench/chat-render.mjs through window.bench.
import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChatLog } from '@parlor/core';
import type { ChatMessage, RoomClient } from '@parlor/core';
import { ParlorChatPanel } from '../../packages/widget/src/elements/chat-panel/chat-panel.js';

customElements.define('parlor-chat-panel', ParlorChatPanel);

/** The plain baseline: every message in the DOM, Lit's keyed `repeat`, pinned to the bottom. */
@customElement('plain-chat-list')
export class PlainChatList extends LitElement {
  static override styles = css`
    :host { display: block; height: 100%; }
    ul { height: 100%; overflow-y: auto; margin: 0; padding: 0 8px; list-style: none; }
    .who { font-weight: 600; margin-inline-end: 0.5em; }
  `;
  @property({ attribute: false }) messages: ChatMessage[] = [];
  override render() {
    return html`<ul class="log">${repeat(this.messages, (m) => m.id, (m) => html`<li data-id=${m.id}><span class="who">${m.from.name}</span>${m.text}</li>`)}</ul>`;
  }
  override updated() {
    const ul = this.renderRoot.querySelector('ul')!;
    ul.scrollTop = ul.scrollHeight;
  }
}

type Listener = (s: unknown) => void;

function fakeClient() {
  let state = {
    room: 'bench',
    status: 'connected',
    chat: ChatLog.empty<ChatMessage>(),
    local: { identity: 'me', screenName: 'me', role: 'participant', can: { chat: true, publish: true, moderate: false, subscribe: true } },
    participants: [],
  };
  const listeners = new Set<Listener>();
  const handlers = new Map<string, Set<(x: unknown) => void>>();
  const client = {
    getState: () => state,
    subscribe(fn: Listener) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    on(name: string, fn: (x: unknown) => void) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)!.add(fn);
      return () => handlers.get(name)!.delete(fn);
    },
    sendChat() { throw new Error('not in the bench'); },
    retryMessage() {},
    deleteMessage: async () => {},
    append(m: ChatMessage) {
      state = { ...state, chat: state.chat.push(m) };
      for (const l of listeners) l(state);
      for (const h of handlers.get('message') ?? []) h(m);
    },
  };
  return client;
}

const words = 'hello there, how is everyone doing today? see https://example.com/docs for the schedule; brb coffee ok nice great'.split(' ');
function message(i: number): ChatMessage {
  const n = 3 + (i * 7) % 12;
  const text = Array.from({ length: n }, (_, k) => words[(i + k * 5) % words.length]).join(' ');
  return { id: `m${i}`, from: { identity: `u${i % 7}`, name: `guest_${i % 7}` }, text, timestamp: 1_700_000_000_000 + i * 20, status: 'received', local: false, deleted: false };
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function run(kind: 'panel' | 'plain' | 'virtual', count: number) {
  const box = document.createElement('div');
  box.style.cssText = 'height:480px;width:360px;display:flex;flex-direction:column';
  document.body.append(box);
  const client = fakeClient();
  const messages: ChatMessage[] = [];
  let el: LitElement & { messages?: ChatMessage[] };
  if (kind === 'panel') {
    el = document.createElement('parlor-chat-panel') as ParlorChatPanel;
    (el as ParlorChatPanel).client = client as unknown as RoomClient;
  } else {
    // virtual-chat-list is defined by chat-render-virtual.ts only.
    el = document.createElement(kind === 'plain' ? 'plain-chat-list' : 'virtual-chat-list') as LitElement & { messages: ChatMessage[] };
  }
  el.style.cssText = 'flex:1;min-height:0;display:block';
  box.append(el);
  await el.updateComplete;
  await frame();
  const work: number[] = new Array(count);
  const frameGaps: number[] = new Array(count);
  let last = await frame();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const m = message(i);
    const t0 = performance.now();
    if (kind === 'panel') client.append(m);
    else {
      messages.push(m);
      el.messages = [...messages];
    }
    await el.updateComplete;
    // Style + layout of what was just rendered (the panel's `updated` reads scrollHeight too).
    void (el.renderRoot.querySelector('.log') as HTMLElement).scrollHeight;
    work[i] = performance.now() - t0;
    const now = await frame();
    frameGaps[i] = now - last;
    last = now;
  }
  const wall = performance.now() - started;
  const shadowNodes = el.renderRoot.querySelectorAll('*').length;
  const rows = el.renderRoot.querySelectorAll(kind === 'virtual' ? '[data-id]' : 'li').length;
  return { kind, count, work, frameGaps, wall, shadowNodes, rows };
}

/** The messages alone, kept in a plain array: what any UI holding them all must hold at least. */
function data(count: number) {
  const kept: ChatMessage[] = [];
  for (let i = 0; i < count; i++) kept.push(message(i));
  (window as unknown as { kept: ChatMessage[] }).kept = kept;
  return kept.length;
}

declare global {
  interface Window { bench: { run: typeof run; data: typeof data }; benchReady: boolean }
}
window.bench = { run, data };
window.benchReady = true;
