import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatMessage, RoomClient } from '@parlor/core';
import { ParlorError } from '@parlor/core';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import { keepFocus } from '../../focus.js';
import { StoreController } from '../../controllers/store-controller.js';
import { ParlorErrorEvent } from '../../events.js';
import type { Veto } from '../room/room.js';
import { base } from '../../styles.js';
import { chatPanelStyles } from './chat-panel.styles.js';
import { linkParts } from './links.js';
import { sayAgain } from '../../say-again.js';

/** Rows kept in the DOM at least; older ones are rendered again when scrolled to. */
const WINDOW = 120;
/** The live region says at most one thing per this long (messages meanwhile are said together after it). */
const ANNOUNCE_GAP_MS = 1_500;
/**
 * Rows go into the DOM in blocks of this many, keyed by block (and by message
 * inside a block): a new message appends one row to the last block, and rows
 * leave only a whole block at a time. Lit's `repeat` leaves one empty comment
 * behind for every item it removes (lit/lit#5298); removing whole blocks, that
 * is one per 40 messages, not one per message, and the window of 120–160 rows
 * never shifts row by row. (A late message placed mid-log, which is rare,
 * moves the later rows across block edges once; those rows are re-created.)
 */
const BLOCK = 40;
/** The first block shown when the window ends at `end`. */
const firstBlock = (end: number) => Math.floor(Math.max(0, end - WINDOW) / BLOCK);

/** One segmenter for every quote (made once: it resolves the locale when made). */
const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter() : undefined;

/**
 * At most `max` characters of `text`, for a name or an announcement that quotes it: whole characters as
 * a reader sees them (an emoji of several parts, a letter with its marks; code points where the browser
 * cannot tell), ended at a space when one is near, and "…" when anything was left out.
 */
function excerpt(text: string, max: number): string {
  // No more code units than `max` is no more characters; otherwise only the first max + 1 are read.
  if (text.length <= max) return text;
  const chars: string[] = [];
  for (const c of graphemes ? graphemes.segment(text) : text) if (chars.push(typeof c === 'string' ? c : c.segment) > max) break;
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.search(/\s\S*$/);
  return `${space > cut.length / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The chat: history (a window of rows in the DOM, so long rooms stay fast),
 * a composer, sending/failed states with retry, and links that say they
 * leave the site.
 *
 * The "leaving this site" dialog is modal: focus stays in it, Escape
 * cancels, and focus goes back to the link.
 *
 * @tagname parlor-chat-panel
 * @summary Room chat.
 * @event parlor-error - Sending failed before the message was accepted.
 * @csspart log - The message list.
 * @csspart message - One message.
 * @csspart composer - The message form.
 * @csspart jump - The "new messages" button shown when scrolled up.
 * @csspart leaving-dialog - The "you are leaving this site" dialog.
 */
export class ParlorChatPanel extends LitElement {
  static override styles = [base, chatPanelStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    beforeSend: { attribute: false },
    pinned: { state: true },
    windowEnd: { state: true },
    leaving: { state: true },
    announcement: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer('en');
  /** The host's veto before sending; return false to stop. */
  beforeSend: Veto<{ text: string }> | undefined;

  private pinned = true;
  private windowEnd = 0;
  private leaving: { href: string; host: string; id: string } | undefined;
  private announcement = '';
  private get log(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.log')!;
  }
  private get input(): HTMLInputElement {
    return this.renderRoot.querySelector<HTMLInputElement>('input[name=text]')!;
  }
  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog')!;
  }

  #chat = new StoreController(this, () => this.client, (s) => s.chat);
  #can = new StoreController(this, () => this.client, (s) => s.local?.can.chat ?? false);
  /** In the room as a participant (not watching): without chat, their consent for it has ended. */
  #participant = new StoreController(this, () => this.client, (s) => s.local !== undefined && s.local.role !== 'viewer');
  // Who I am and whether I moderate decide the delete buttons: re-render when either changes.
  #me = new StoreController(this, () => this.client, (s) => `${s.local?.identity ?? ''}\n${s.local?.can.moderate ?? false}`);
  #offMessage: (() => void) | undefined;
  #offDeleted: (() => void) | undefined;
  #opener: HTMLElement | undefined;
  // The window's rows, each built once: messages are immutable (a change is a
  // new object), so a render builds only new rows, not every row in the window.
  // Only rows in the window are kept; all are rebuilt when what a row shows
  // besides its message changes (client, language, who I am, moderator).
  #rows = new Map<ChatMessage, TemplateResult>();
  #rowsFor: unknown[] = [];

  override willUpdate() {
    if (this.leaving && !this.#shown(this.leaving.id)) this.#dropLeaving();
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('client')) this.#listen();
    // Reading scrollHeight forces a layout: skip it while there is nothing to scroll
    // (a new room's first render, where it cost ~12 ms in the join bench).
    if (this.pinned && (this.#chat.value?.size ?? 0) > 0) this.log.scrollTop = this.log.scrollHeight;
  }

  /** Runs a button's action; the button may go with it (delete, retry, the jump): then the log gets the focus. */
  async #press(e: Event, action: () => unknown) {
    const pressed = e.currentTarget as Element;
    // A refusal is already reported (the client's 'error' event makes the room's toast).
    try {
      await action();
    } catch {}
    await keepFocus(this, pressed, () => this.log);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved to another place in the page: the same client, heard again.
    if (this.hasUpdated) this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopListening();
  }

  /** New messages from others go to the live region. */
  #listen() {
    this.#stopListening();
    this.#offMessage = this.client?.on('message', (m) => {
      if (m.local) return;
      // At most one announcement per ANNOUNCE_GAP_MS: what comes meanwhile is said after it, as one
      // message or as a count, so a busy room does not queue a screen reader up for minutes.
      if (this.#announceTimer === undefined) this.#announce(this.#says(m), m.id);
      else this.#heldBack.push(m);
    });
    // A deleted message's words leave the live region too (it stays readable there otherwise).
    this.#offDeleted = this.client?.on('messageDeleted', (id) => {
      this.#heldBack = this.#heldBack.filter((m) => m.id !== id);
      if (id === this.#announced) this.announcement = '';
    });
  }

  #stopListening() {
    this.#offMessage?.();
    this.#offDeleted?.();
    this.#offMessage = undefined;
    this.#offDeleted = undefined;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    this.#heldBack = [];
  }

  /** Messages that came while the last announcement was fresh. */
  #heldBack: ChatMessage[] = [];
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  #says(m: ChatMessage): string {
    // A sender LiveKit has not announced yet has only its internal id for a name (core renames
    // the row later): the announcement, said once, leaves the id out.
    const unnamed = m.from.name === m.from.identity;
    return this.localizer.t(unnamed ? 'newMessage' : 'newMessageFrom', { name: m.from.name, text: excerpt(m.text, 140) });
  }

  /** The message the live region holds the words of, if one. */
  #announced: string | undefined;

  #announce(text: string, id?: string) {
    this.#announced = id;
    this.announcement = sayAgain(text, this.announcement);
    this.#announceTimer = setTimeout(() => {
      this.#announceTimer = undefined;
      const held = this.#heldBack.splice(0);
      if (held.length > 0) this.#announce(held.length === 1 ? this.#says(held[0]!) : this.localizer.t('newMessageCount', { count: held.length }), held.length === 1 ? held[0]!.id : undefined);
    }, ANNOUNCE_GAP_MS);
  }

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const log = this.#chat.value;
    const size = log?.size ?? 0;
    const end = this.pinned ? size : Math.min(this.windowEnd, size);
    const first = firstBlock(end);
    const rows = log ? log.slice(first * BLOCK, end) : [];
    const rowsFor = [this.client, this.localizer, this.#me.value];
    const fresh = rowsFor.some((v, i) => v !== this.#rowsFor[i]);
    this.#rowsFor = rowsFor;
    const previous = this.#rows;
    this.#rows = new Map(rows.map((m) => [m, (!fresh && previous.get(m)) || this.#row(m)]));
    return html`
      <h2 class="vh">${t('chat')}</h2>
      <div class="wrap">
        <ul class="log" part="log" tabindex="0" aria-label=${t('chat')} @scroll=${this.#onScroll}>
          ${repeat(
            Array.from({ length: Math.ceil(rows.length / BLOCK) }, (_, i) => first + i),
            (block) => block,
            (block) =>
              repeat(
                rows.slice((block - first) * BLOCK, (block - first + 1) * BLOCK),
                (m) => m.id,
                (m) => this.#rows.get(m)!,
              ),
          )}
        </ul>
        ${!this.pinned && end < size
          ? html`<button class="jump small primary" part="jump" @click=${(e: Event) => this.#press(e, () => (this.pinned = true))}>${t('newMessages')} (${size - end})</button>`
          : null}
      </div>
      <div class="vh" aria-live="polite">${this.announcement}</div>
      ${this.#can.value
        ? html`<form part="composer" @submit=${this.#send}>
            <label class="vh" for="text">${t('chatPlaceholder')}</label>
            <input id="text" name="text" autocomplete="off" placeholder=${t('chatPlaceholder')} />
            <button class="primary" type="submit">${t('send')}</button>
          </form>`
        : html`<p class="hint readonly" part="composer">${t(this.#participant.value ? 'chatConsentEnded' : 'chatReadOnly')}</p>`}
      <dialog part="leaving-dialog" aria-labelledby="leave-title" aria-describedby="leave-text" @close=${this.#onDialogClose}>
        <h2 id="leave-title">${t('leavingTitle')}</h2>
        <p id="leave-text">${this.leaving ? t('leavingSite', { host: this.leaving.host }) : ''}</p>
        <div class="actions">
          <button @click=${() => this.dialog.close()}>${t('cancel')}</button>
          <button class="primary" @click=${this.#openLink}>${t('leavingContinue')}</button>
        </div>
      </dialog>
    `;
  }

  #row(m: ChatMessage): TemplateResult {
    const t = this.localizer.t.bind(this.localizer);
    if (m.deleted) return html`<li part="message" class="deleted">${t('messageDeleted')}</li>`;
    const local = this.client?.getState().local;
    const canDelete = local && (m.from.identity === local.identity || local.can.moderate);
    const text = linkParts(m.text).map((p) =>
      p.href
        ? html`<a
            href=${p.href}
            rel="noopener noreferrer nofollow ugc"
            target="_blank"
            dir="ltr"
            @click=${(e: MouseEvent) => this.#confirmLink(e, p.href, p.host, m.id)}
            @auxclick=${(e: MouseEvent) => e.button === 1 && this.#confirmLink(e, p.href, p.host, m.id)}
          >${p.text}</a>`
        : p.text,
    );
    // One line of template: the row's text keeps its own line breaks (pre-wrap), not the template's.
    return html`<li part="message" data-id=${m.id}><span class="who"><bdi>${m.from.name}</bdi></span><span class="text" dir="auto">${text}</span>${this.#status(m)}${canDelete
        ? html`<button class="small" aria-label=${`${t('deleteMessage')}: ${excerpt(m.text, 40)}`} @click=${(e: Event) => this.#press(e, () => this.client?.deleteMessage(m.id))}>${t('deleteMessage')}</button>`
        : null}</li>`;
  }

  #status(m: ChatMessage) {
    const t = this.localizer.t.bind(this.localizer);
    if (m.status === 'sending') return html`<span class="status">${t('sending')}</span>`;
    if (m.status !== 'failed') return null;
    return html`<span class="status failed">${t('failed')}</span><button class="small" @click=${(e: Event) => this.#press(e, () => this.client?.retryMessage(m.id))}>${t('retry')}</button>`;
  }

  #onScroll() {
    const el = this.log;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atBottom !== this.pinned) {
      this.pinned = atBottom;
      this.windowEnd = this.#chat.value?.size ?? 0;
    }
    // At the top with older rows not shown: bring them in (the window moves back by at least one block).
    if (!atBottom && el.scrollTop === 0 && firstBlock(this.windowEnd) > 0) {
      this.windowEnd = Math.max(WINDOW, this.windowEnd - WINDOW / 2);
    }
  }

  // A submit waiting on the host's veto: Enter again meanwhile is the same submit, not a second one.
  #deciding = false;

  async #send(e: Event) {
    e.preventDefault();
    const text = this.input.value;
    if (!text.trim() || !this.client || this.#deciding) return;
    if (this.beforeSend) {
      let allowed: boolean | void = false;
      this.#deciding = true;
      try {
        allowed = await this.beforeSend({ text });
      } catch {
        allowed = false;
      } finally {
        this.#deciding = false;
      }
      // Vetoed: the text stays in the field, nothing is sent.
      if (allowed === false || !this.client) return;
    }
    try {
      this.client.sendChat(text);
      // Only what was sent leaves the field: anything typed while the veto was pending stays.
      const now = this.input.value;
      this.input.value = now.startsWith(text) ? now.slice(text.length).trimStart() : now;
      this.pinned = true;
    } catch (error) {
      // Keep what was typed: nothing accepted is lost.
      this.dispatchEvent(new ParlorErrorEvent({ error: ParlorError.from(error) }));
    }
  }

  /**
   * Every way a page can see a link being followed asks first: any click
   * (Ctrl/Cmd/Shift+click included, and Enter on the link, which fires click)
   * and middle-click, which opens a tab as auxclick's default action and
   * never fires click. Other buttons' auxclick is left alone: the right
   * button's context menu is the browser's. That menu's "open in new tab",
   * and dragging the link out, cannot be stopped by a page.
   */
  #confirmLink(e: MouseEvent, href: string, host: string, id: string) {
    e.preventDefault();
    // Already asking (say, a synthetic event reached a link behind the modal): keep that question.
    if (this.dialog.open) return;
    this.#opener = e.currentTarget as HTMLElement;
    this.leaving = { href, host, id };
    this.dialog.showModal();
  }

  /** Whether message `id` is in the log and not deleted. */
  #shown(id: string): boolean {
    const log = this.#chat.value;
    for (let i = (log?.size ?? 0) - 1; i >= 0; i--) {
      const m = log!.get(i)!;
      if (m.id === id) return !m.deleted;
    }
    return false;
  }

  /**
   * A link's message taken down (a moderator removing a phishing link) or no
   * longer in this room's chat takes its question with it. The focus was in
   * the modal dialog: it goes to the chat, as the link went with its row.
   */
  #dropLeaving() {
    this.#opener = undefined;
    this.leaving = undefined;
    if (!this.dialog.open) return;
    this.dialog.close();
    this.log.focus({ preventScroll: true });
    // Said, not only done: the person was reading the question when it went.
    this.#announce(this.localizer.t('linkGone'));
  }

  #onDialogClose = () => {
    this.leaving = undefined;
    this.#opener?.focus();
    this.#opener = undefined;
  };

  #openLink() {
    if (this.leaving) window.open(this.leaving.href, '_blank', 'noopener,noreferrer');
    this.dialog.close();
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorChatPanel, 'client', 'localizer');
