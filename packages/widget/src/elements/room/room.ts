import { LitElement, html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import type { RoomClient, RoomClientOptions } from '@parlor/core';
import { rememberedName } from '../../remembered-name.js';
import { Localizer, loadLocalizer } from '../../i18n/index.js';
import type { Strings } from '../../i18n/index.js';
import type { DeviceChoice, ParlorPrejoinEvent } from '../../events.js';
import { base } from '../../styles.js';
import { roomStyles } from './room.styles.js';

/** Which screen `<parlor-room>` shows. */
export const RoomPhase = {
  Prejoin: 'prejoin',
  Loading: 'loading',
  Consent: 'consent',
  Joining: 'joining',
  Room: 'room',
  Ended: 'ended',
  Error: 'error',
} as const;
export type RoomPhase = (typeof RoomPhase)[keyof typeof RoomPhase];

/** A host's veto: return false (or throw) to stop the action. */
export type Veto<T> = (detail: T) => boolean | void | Promise<boolean | void>;

/** What the lazily loaded flow (flow.ts) does for the shell. */
export interface RoomFlowApi {
  readonly client: RoomClient | undefined;
  start(screenName: string, devices?: DeviceChoice): Promise<void>;
  render(): TemplateResult;
}

/**
 * The whole Parlor room: pre-join, consent, the room, and the screens after
 * it. This shell is the small first file; the consent step, the client and
 * the room UI load only when the person continues.
 *
 * Nested elements sit in shadow roots page CSS cannot enter, so each one's
 * parts are forwarded here (`exportparts`) under a prefix: `prejoin-*`,
 * `device-*` (the device check), `consent-*`, `toasts-*`, `privacy-*`, the room view's own parts
 * as they are, `grid-*`, `chat-*`, `people-*`, `controls-*` (docs/theming.md).
 *
 * @tagname parlor-room
 * @summary An embeddable live video chat room.
 * @event parlor-join - The user joined; `detail: { room, screenName, mode }`.
 * @event parlor-leave - The user is out of the room; `detail: { room, reason }`.
 * @event parlor-error - Something failed; `detail.error.code` says what.
 * @event parlor-consent - Consent was given, changed or withdrawn; `detail.consent`.
 * @event parlor-message - A chat message was sent or arrived; `detail.message`.
 * @event parlor-client - The headless client was created; `detail.client` (advanced use).
 * @event parlor-moderate - A moderator's action from the people list went through; `detail: { action, identity, name }` (a removal or ban is also said in a notice).
 * @csspart card - The pre-join, consent, loading and end cards.
 * @csspart prejoin - The pre-join element.
 * @csspart consent - The consent element.
 * @csspart room - The joined room's layout (`<parlor-room-view>`).
 * @csspart toasts - The notices (`<parlor-toasts>`).
 * @csspart prejoin-form - Forwarded: `form` of the pre-join card.
 * @csspart prejoin-input - Forwarded: `input` of the pre-join card.
 * @csspart prejoin-button - Forwarded: `button` of the pre-join card.
 * @csspart prejoin-check - Forwarded: `check` of the pre-join card.
 * @csspart device-video - Forwarded: `video` of the device check.
 * @csspart device-meter - Forwarded: `meter` of the device check.
 * @csspart consent-form - Forwarded: `form` of the consent step.
 * @csspart consent-terms-link - Forwarded: `terms-link` of the consent step.
 * @csspart consent-privacy-link - Forwarded: `privacy-link` of the consent step.
 * @csspart consent-age - Forwarded: `age` of the consent step.
 * @csspart consent-submit - Forwarded: `submit` of the consent step.
 * @csspart banner - Forwarded: `banner` of the room view.
 * @csspart stage - Forwarded: `stage` of the room view.
 * @csspart sidebar - Forwarded: `sidebar` of the room view.
 * @csspart unmute - Forwarded: `unmute` of the room view.
 * @csspart recording-dialog - Forwarded: `recording-dialog` of the room view.
 * @csspart grid-spotlight - Forwarded: `spotlight` of the video grid.
 * @csspart grid-grid - Forwarded: `grid` of the video grid.
 * @csspart grid-tile - Forwarded: `tile` of the video grid.
 * @csspart grid-name - Forwarded: `name` of the video grid.
 * @csspart grid-pin - Forwarded: `pin` of the video grid.
 * @csspart grid-pager - Forwarded: `pager` of the video grid.
 * @csspart grid-empty - Forwarded: `empty` of the video grid.
 * @csspart chat-log - Forwarded: `log` of the chat.
 * @csspart chat-message - Forwarded: `message` of the chat.
 * @csspart chat-composer - Forwarded: `composer` of the chat.
 * @csspart chat-jump - Forwarded: `jump` of the chat.
 * @csspart chat-leaving-dialog - Forwarded: `leaving-dialog` of the chat.
 * @csspart people-heading - Forwarded: `heading` of the participant list.
 * @csspart people-list - Forwarded: `list` of the participant list.
 * @csspart people-person - Forwarded: `person` of the participant list.
 * @csspart people-menu - Forwarded: `menu` of the participant list.
 * @csspart controls-bar - Forwarded: `bar` of the controls bar.
 * @csspart controls-leave - Forwarded: `leave` of the controls bar.
 * @csspart controls-go-live-dialog - Forwarded: `go-live-dialog` of the controls bar.
 * @csspart privacy-button - Forwarded: `button` of the Privacy button and dialog.
 * @csspart privacy-dialog - Forwarded: `dialog` of the Privacy button and dialog.
 * @csspart privacy-data - Forwarded: `data` of the Privacy button and dialog.
 * @csspart privacy-download - Forwarded: `download` of the Privacy button and dialog.
 * @csspart toasts-region - Forwarded: `region` of the notices.
 * @csspart toasts-toast - Forwarded: `toast` of the notices.
 * @cssproperty --parlor-color-accent - Buttons and highlights.
 * @cssproperty --parlor-color-on-accent - Text on accent-coloured buttons.
 * @cssproperty --parlor-color-background - Background.
 * @cssproperty --parlor-color-surface - Buttons, banners and panels.
 * @cssproperty --parlor-color-text - Text.
 * @cssproperty --parlor-color-muted - Hints and secondary text.
 * @cssproperty --parlor-color-border - Borders and separators.
 * @cssproperty --parlor-color-danger - Errors, leave and ban, the recording dot.
 * @cssproperty --parlor-color-focus - Keyboard focus ring.
 * @cssproperty --parlor-radius - Corner radius.
 * @cssproperty --parlor-font-family - Font family.
 * @cssproperty --parlor-font-size - Base font size.
 * @cssproperty --parlor-min-height - Minimum height of the room (never more than the screen's height).
 */
export class ParlorRoom extends LitElement {
  static override styles = [base, roomStyles];
  // Declared without decorators: this shell is in the small first file.
  static override properties = {
    room: { reflect: true },
    endpoint: {},
    tokenEndpoint: { attribute: 'token-endpoint' },
    mode: { reflect: true },
    theme: { reflect: true },
    autoplay: { type: Boolean },
    chat: { type: Boolean },
    invite: {},
    strings: { attribute: false },
    beforeJoin: { attribute: false },
    beforeSend: { attribute: false },
    livekitOptions: { attribute: false },
    chatOptions: { attribute: false },
    phase: { state: true },
    localizer: { state: true },
    screenName: { state: true },
    error: { state: true },
  };

  /** The room to join. */
  room = 'lobby';
  /** Base URL of the host's server kit routes (e.g. `/api/parlor`). */
  endpoint = '';
  /** The server kit's token route; its base is used when `endpoint` is not set. */
  tokenEndpoint = '/api/parlor/token';
  /** `participant` (default) or `viewer`: watch only, never asks for camera or microphone. */
  mode: 'participant' | 'viewer' = 'participant';
  /** `light` (default), `dark` or `auto` (follows the system). */
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** Viewer mode: start watching on load (muted) instead of showing a Watch button. */
  autoplay = false;
  /** Show the chat: on by default for participants; viewers see it (read only) only with this. */
  chat = false;
  /** An invite token giving a role (e.g. from `?invite=` of an invite link). */
  invite = '';
  /** Overrides for any UI string. */
  strings: Partial<Strings> = {};
  /** Called before joining; return false (or throw) to stop. */
  beforeJoin: Veto<{ room: string; screenName: string }> | undefined;
  /** Called before a message is sent; return false (or throw) to stop. */
  beforeSend: Veto<{ text: string }> | undefined;
  /** Extra livekit-client options (tests pass `{ connectOptions: { rtcConfig: { iceServers: [] } } }`). */
  livekitOptions: RoomClientOptions['livekit'];
  /** Chat limits, e.g. `{ ratePerSecond: 50, rateBurst: 100 }` for a busy room (default: 20/s, burst 50 shown per sender). Set before the pre-join card is submitted. */
  chatOptions: RoomClientOptions['chat'];

  /** The screen shown now (read only). */
  phase: RoomPhase = RoomPhase.Prejoin;
  /** The active strings (read only; set `lang` or `strings`). */
  localizer = new Localizer();
  /** The screen name given on the pre-join card, or remembered from an earlier visit until then (read only). */
  screenName = '';
  /** Why the flow failed, for the error card; on the pre-join card, why the server refused the screen name. */
  error: Error | undefined;

  #flow: RoomFlowApi | undefined;
  #observer: MutationObserver | undefined;
  #loadId = 0;

  /** The headless client, once the person continued past the pre-join card. */
  get client(): RoomClient | undefined {
    return this.#flow?.client;
  }

  /** Base URL of the server kit routes. */
  get apiBase(): string {
    return this.endpoint || this.tokenEndpoint.replace(/\/token\/?$/, '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.#pointerDown, true);
    // A returning visitor who asked to be remembered finds their screen name filled in.
    if (!this.screenName && this.mode !== 'viewer') this.screenName = rememberedName();
    void this.#loadStrings();
    this.#observer = new MutationObserver(() => void this.#loadStrings());
    this.#observer.observe(this, { attributes: true, attributeFilter: ['lang'] });
    if (this.mode === 'viewer' && this.autoplay && this.phase === RoomPhase.Prejoin) void this.start('');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.#pointerDown, true);
    this.#observer?.disconnect();
    // Moved within the page (re-parented, as frameworks and portals do), it is back
    // before a task runs: only a room that stays out of the page leaves.
    setTimeout(() => {
      if (!this.isConnected) void this.client?.leave();
    });
  }

  // Whether the person is in the room with the keyboard (or a click): only
  // then does a new screen take focus, never on its own from the page. A click
  // or the focus elsewhere on the page means they went on to something else.
  #used = false;
  #follow = false;
  #pointerDown = (e: Event): void => {
    this.#used = e.composedPath().includes(this);
  };

  constructor() {
    super();
    this.addEventListener('focusin', () => (this.#used = true));
    // Reaches the element only when the focus goes outside it (inside, both ends retarget to it).
    this.addEventListener('focusout', (e) => e.relatedTarget && (this.#used = false));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings') && changed.get('strings') !== undefined) void this.#loadStrings();
    // Focus in the old screen, or dropped to the page when its control went away.
    const active = document.activeElement;
    if (changed.has('phase')) this.#follow = this.#used && (!active || active === document.body || this.matches(':focus-within'));
  }

  protected override updated(): void {
    if (!this.#follow) return;
    this.#follow = false;
    // The new card's heading; in the room, its stage (rendered by the room view, a moment later).
    const heading = this.renderRoot.querySelector<HTMLElement>('.card h2');
    if (heading) heading.focus({ preventScroll: true });
    else if (this.phase === RoomPhase.Room) void this.#focusStage();
  }

  /**
   * The room view's stage, once it has rendered; only in the room. The view is
   * drawn, hidden, from the joining card on, and its element is defined by the
   * room's parts, which a viewer pressing Watch can overtake on a slow
   * network: the joining card used to reach for that stage then, and threw.
   */
  async #focusStage(): Promise<void> {
    await customElements.whenDefined('parlor-room-view');
    const view = this.renderRoot.querySelector<LitElement>('parlor-room-view');
    await view?.updateComplete.catch(() => {});
    // Still in the room (a leave in between ends on the end card, whose heading has the focus).
    if (this.phase !== RoomPhase.Room) return;
    view?.shadowRoot?.querySelector<HTMLElement>('[part=stage]')?.focus({ preventScroll: true });
  }

  async #loadStrings() {
    const id = ++this.#loadId;
    const lang = this.lang || document.documentElement.lang || 'en';
    const localizer = await loadLocalizer(lang, this.strings);
    if (id !== this.#loadId) return; // a newer switch won
    this.localizer = localizer;
    this.dir = localizer.dir;
  }

  /** Goes past the pre-join card with `screenName`, as if it were submitted. */
  async start(screenName: string, devices: DeviceChoice = {}): Promise<void> {
    this.screenName = screenName;
    this.error = undefined;
    this.phase = RoomPhase.Loading;
    try {
      if (!this.#flow) {
        const { RoomFlow } = await import('../../flow.js');
        this.#flow ??= new RoomFlow(this);
      }
      await this.#flow.start(screenName, devices);
    } catch (error) {
      this.showError(error);
    }
  }

  /** Shows the error card (the flow calls this). */
  showError(error: unknown): void {
    this.error = error instanceof Error ? error : new Error(String(error));
    this.phase = RoomPhase.Error;
  }

  #t = (key: keyof Strings) => this.localizer.t(key);

  override render() {
    const viewer = this.mode === 'viewer';
    switch (this.phase) {
      case RoomPhase.Prejoin:
        return html`<div class="card" part="card">
          <h2 tabindex="-1">${this.#t('title')}</h2>
          ${viewer ? html`<p>${this.#t('watchIntro')}</p>` : null}
          <parlor-prejoin
            part="prejoin"
            exportparts="form: prejoin-form, input: prejoin-input, button: prejoin-button, check: prejoin-check, device-video, device-meter"
            .localizer=${this.localizer}
            .value=${this.screenName}
            .error=${this.error ? this.localizer.error(this.error) : ''}
            ?viewer=${viewer}
            @parlor-prejoin=${(e: ParlorPrejoinEvent) => void this.start(e.detail.screenName, e.detail.devices)}
          ></parlor-prejoin>
        </div>`;
      case RoomPhase.Error:
        if (!this.#flow) {
          return html`<div class="card" part="card" role="alert">
            <h2 tabindex="-1">${this.#t('errorTitle')}</h2>
            <p>${this.error && this.localizer.error(this.error)}</p>
            <div class="actions"><button class="primary" @click=${() => ((this.error = undefined), (this.phase = RoomPhase.Prejoin))}>${this.#t('tryAgain')}</button></div>
          </div>`;
        }
        return this.#flow.render();
      case RoomPhase.Loading:
        if (!this.#flow) return html`<div class="card" part="card" role="status">${this.#t('loading')}</div>`;
        return this.#flow.render();
      default:
        return this.#flow?.render() ?? null;
    }
  }
}
