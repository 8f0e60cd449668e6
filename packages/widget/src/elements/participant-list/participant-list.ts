import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ROLE_RANK, isLive } from '@parlor/core';
import type { ParticipantInfo, RoomClient } from '@parlor/core';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import type { StringKey } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { reportErrors } from '../../report-errors.js';
import { ParlorModerateEvent } from '../../events.js';
import { focusedIn, keepFocus, refocus } from '../../focus.js';
import { base } from '../../styles.js';
import { participantListStyles } from './participant-list.styles.js';
import { recordingAsked } from '../../on-air.js';

type Action = 'approveLive' | 'mute' | 'closeCamera' | 'kick' | 'ban';

/**
 * Staff always show their role; anyone else only while they may go on camera: a "Broadcaster"
 * who declined the camera, or withdrew their consent, is not one. Not where going on camera needs
 * recording consent (a recording runs, or the room asks it of everyone on camera): there the labels
 * would tell who agreed to be recorded.
 */
const labelled = (p: ParticipantInfo, recordingConsent: boolean): boolean => p.role === 'owner' || p.role === 'moderator' || (p.canPublish && !recordingConsent);

/**
 * Who is in the room: screen names, roles, raised hands, and the number of
 * hidden viewers. Moderators get a menu per person they outrank, with only
 * the actions that can succeed (let go live with a raised hand, mute a live
 * microphone, close a live camera, remove, ban), usable by keyboard: Enter
 * or Space opens it, arrow keys move, Escape closes it and returns focus.
 *
 * @tagname parlor-participant-list
 * @summary People in the room.
 * @event parlor-error - A moderator action failed.
 * @event parlor-moderate - A moderator action went through; `detail: { action, identity, name }`.
 * @csspart heading - The count heading.
 * @csspart list - The list.
 * @csspart person - One person.
 * @csspart menu - A moderator's action menu.
 */
export class ParlorParticipantList extends LitElement {
  static override styles = [base, participantListStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    open: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  /** Identity whose moderator menu is open. */
  private open = '';

  #people = new StoreController(this, () => this.client, (s) => s.participants);
  #viewers = new StoreController(this, () => this.client, (s) => s.viewerCount);
  /** Going on camera needs recording consent here: a recording runs, or the room asks it of everyone on camera. */
  #recordingConsent = new StoreController(this, () => this.client, (s) => recordingAsked(s) !== '');
  /** The local person's role when they may moderate, else undefined. */
  #moderator = new StoreController(this, () => this.client, (s) => (s.local?.can.moderate ? s.local.role : undefined));

  #t = (k: StringKey, v?: Record<string, string | number>) => this.localizer.t(k, v);

  override render() {
    const people = this.#people.value ?? [];
    const viewers = this.#viewers.value ?? 0;
    return html`
      <h2 part="heading">
        ${this.#t('participantCount', { count: people.length })}${viewers ? ` · ${this.#t('viewerCount', { count: viewers })}` : null}
      </h2>
      <ul part="list" tabindex="-1" aria-label=${this.#t('participants')} @scroll=${this.#follow}>
        ${repeat(people, (p) => p.identity, (p) => this.#person(p))}
      </ul>
    `;
  }

  /** The control focused before this update, and the position of its row. */
  #focused: { was: Element | null; index: number } = { was: null, index: -1 };

  override willUpdate(): void {
    // The open menu's person left (or there is nothing left to do to them): forget it, so the
    // menu does not come back open by itself when they return. The focus is left to updated().
    if (this.open) {
      const p = (this.#people.value ?? []).find((q) => q.identity === this.open);
      if (!p || this.#actions(p).length === 0) this.open = '';
    }
    const was = focusedIn(this);
    const row = was?.closest('li[data-identity]');
    this.#focused = { was, index: row ? [...this.renderRoot.querySelectorAll('li[data-identity]')].indexOf(row) : -1 };
  }

  override updated(): void {
    this.#scrollable();
    // Rows above it may have come or gone: the open menu follows its button.
    this.#follow();
    // Removed or banned (or just gone): the focus on their row goes to the row now in its place, else to the list.
    const { was, index } = this.#focused;
    if (index < 0) return;
    refocus(was, () => {
      const rows = [...this.renderRoot.querySelectorAll('li[data-identity]')];
      const nearest = [...rows.slice(index), ...rows.slice(0, index).reverse()];
      return nearest.map((r) => r.querySelector<HTMLButtonElement>('.more')).find(Boolean) ?? this.renderRoot.querySelector<HTMLElement>('[part=list]');
    });
  }

  /** What the local person can do to `p` that the server kit would not refuse: none unless they outrank `p`. */
  #actions(p: ParticipantInfo): Action[] {
    const mine = this.#moderator.value;
    // The server kit refuses any action on someone of equal or higher standing: none is offered.
    if (!mine || p.isLocal || ROLE_RANK[mine] <= ROLE_RANK[p.role]) return [];
    const actions: Action[] = [];
    if (p.handRaised) actions.push('approveLive');
    // Only a live track can be muted or closed (the server kit answers 404 otherwise).
    if (isLive(p.microphone)) actions.push('mute');
    if (isLive(p.camera)) actions.push('closeCamera');
    actions.push('kick', 'ban');
    return actions;
  }

  #person(p: ParticipantInfo) {
    const actions = this.#actions(p);
    const mod = actions.length > 0;
    const open = this.open === p.identity;
    return html`<li part="person" data-identity=${p.identity}>
      <span class="name"><bdi>${p.name}</bdi>${p.isLocal ? ` ${this.#t('you')}` : ''}</span>
      ${labelled(p, this.#recordingConsent.value === true) ? html`<span class="role">${this.#t(`role_${p.role}`)}</span>` : null}
      ${p.handRaised ? html`<span class="hand">${this.#t('handRaised')}</span>` : null}
      ${p.connectionQuality === 'lost' ? html`<span class="lost">${this.#t('personReconnecting')}</span>` : null}
      ${mod
        ? html`<button
              class="more"
              aria-haspopup="menu"
              aria-expanded=${open ? 'true' : 'false'}
              aria-controls="menu-${p.identity}"
              aria-label=${this.#t('actionsFor', { name: p.name })}
              @click=${() => this.#toggle(p.identity)}
              @keydown=${(e: KeyboardEvent) => e.key === 'ArrowDown' && (e.preventDefault(), this.#toggle(p.identity, true))}
            >⋯</button>
            ${open
              ? html`<ul role="menu" part="menu" popover="auto" @toggle=${this.#toggled} id="menu-${p.identity}" aria-label=${this.#t('actionsFor', { name: p.name })} @keydown=${this.#menuKey}>
                  ${repeat(
                    actions,
                    (a) => a,
                    (a) => html`<li role="none"><button role="menuitem" tabindex="-1" class=${a === 'ban' ? 'danger' : ''} @click=${() => this.#act(p, a)}>${this.#t(a)}</button></li>`,
                  )}
                </ul>`
              : null}`
        : null}
    </li>`;
  }

  async #toggle(identity: string, forceOpen = false) {
    this.open = this.open === identity && !forceOpen ? '' : identity;
    if (!this.open) return;
    await this.updateComplete;
    this.#place();
    this.#items()[0]?.focus({ preventScroll: true });
  }

  /**
   * The open menu goes on the page's top layer (a popover), so neither the list, which scrolls,
   * nor the sidebar clips it: under its ⋯ button, or above it where the window ends first, and
   * kept inside the window sideways. It follows its button (the list or the page scrolled, rows
   * changed above it, the list resized), and closes once the button is out of sight. A press
   * elsewhere or Escape closes it too (a light-dismiss popover). A press on its own ⋯ button
   * closes it once: the browser hides it as the press ends, its close reaches the list after the
   * button's click, which closes it here first.
   */
  #place() {
    const menu = this.renderRoot.querySelector<HTMLElement>('[role=menu]');
    const more = this.#moreButton(this.open);
    if (!menu || !more) return;
    if (!menu.matches(':popover-open')) menu.showPopover();
    const b = more.getBoundingClientRect();
    const m = menu.getBoundingClientRect();
    const x = getComputedStyle(this).direction === 'rtl' ? b.left : b.right - m.width;
    const y = b.bottom + 4 + m.height > innerHeight ? Math.max(4, b.top - 4 - m.height) : b.bottom + 4;
    menu.style.left = `${Math.max(4, Math.min(x, innerWidth - m.width - 4))}px`;
    menu.style.top = `${y}px`;
  }

  /** After a scroll (`e`), a resize or an update: the open menu follows its button, or closes once the button is gone. */
  #follow = (e?: Event) => {
    // Its own scrolling (a long menu) moves nothing.
    if (!this.open || (e?.target instanceof Node && this.renderRoot.querySelector('[role=menu]')?.contains(e.target))) return;
    const b = this.#moreButton(this.open)?.getBoundingClientRect();
    const l = this.#list.getBoundingClientRect();
    // Out of the list's sight, or (scrolled) out of the window's: the menu would float by nothing.
    const gone = !b || b.bottom <= l.top || b.top >= l.bottom || (e !== undefined && (b.bottom <= 0 || b.top >= innerHeight));
    if (gone) this.open = '';
    else this.#place();
  };

  /** Closed by the browser (a press elsewhere, Escape, its row moved): the menu is closed here too. */
  #toggled = (e: Event) => {
    if ((e as ToggleEvent).newState === 'closed' && this.open && (e.target as Element).id === `menu-${this.open}`) this.open = '';
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('scroll', this.#follow, { capture: true, passive: true });
    addEventListener('resize', this.#follow, { passive: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('scroll', this.#follow, { capture: true });
    removeEventListener('resize', this.#follow);
  }

  get #list(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('[part=list]')!;
  }

  /** Reachable by Tab, to scroll it, only while it scrolls (a short list is no extra stop). */
  #scrollable = () => {
    const list = this.#list;
    list.tabIndex = list.scrollHeight > list.clientHeight + 1 ? 0 : -1;
  };

  #resized = new ResizeObserver(() => {
    this.#scrollable();
    this.#follow();
  });

  protected override firstUpdated(): void {
    this.#resized.observe(this.#list);
  }

  #items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
  }

  #menuKey = (e: KeyboardEvent) => {
    const items = this.#items();
    const at = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      const identity = this.open;
      this.open = '';
      if (e.key === 'Escape') void this.updateComplete.then(() => this.#moreButton(identity)?.focus());
      else return;
    } else return;
    e.preventDefault();
  };

  #moreButton(identity: string) {
    return this.renderRoot.querySelector<HTMLButtonElement>(`li[data-identity="${CSS.escape(identity)}"] .more`);
  }

  async #act(p: ParticipantInfo, action: Action) {
    const client = this.client;
    const item = focusedIn(this);
    this.open = '';
    if (!client) return;
    if (await reportErrors(this, () => client[action](p.identity))) {
      this.dispatchEvent(new ParlorModerateEvent({ action, identity: p.identity, name: p.name }));
    }
    // The menu item went with the menu: back to the person's ⋯ button, unless the focus moved on meanwhile.
    await keepFocus(this, item, () => this.#moreButton(p.identity));
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorParticipantList, 'client', 'localizer');
