import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { ConsentAnswers, JoinOptions, ParlorError, RoomClient, RoomClientOptions } from '@parlor/core';
import { clientContext, localizerContext } from '../../context.js';
import { Localizer, loadLocalizer } from '../../i18n/index.js';
import type { Strings, StringKey } from '../../i18n/index.js';
import { ParlorErrorEvent, ParlorJoinEvent, ParlorLeaveEvent, ParlorPrejoinEvent } from '../../events.js';
import { base } from '../../styles.js';
import { roomStyles } from './room.styles.js';

type Phase = 'prejoin' | 'loading' | 'consent' | 'joining' | 'room' | 'ended' | 'error';

/** A host's veto: return false (or throw) to stop the action. */
export type Veto<T> = (detail: T) => boolean | void | Promise<boolean | void>;

/**
 * The whole Parlor room: pre-join, consent, the room, and the screens after
 * it. Loads the consent step and the room UI only when needed.
 *
 * @summary An embeddable live video chat room.
 * @event parlor-join - The user joined; `detail: { room, screenName, mode }`.
 * @event parlor-leave - The user is out of the room; `detail: { room, reason }`.
 * @event parlor-error - Something failed; `detail.error.code` says what.
 * @event parlor-consent - Consent was given, changed or withdrawn.
 * @event parlor-message - A chat message arrived or was sent.
 * @csspart card - The pre-join, consent and end cards.
 * @cssproperty --parlor-color-accent - Buttons and highlights.
 * @cssproperty --parlor-color-background - Background.
 * @cssproperty --parlor-color-text - Text.
 * @cssproperty --parlor-radius - Corner radius.
 * @cssproperty --parlor-min-height - Minimum height of the room.
 */
export class ParlorRoom extends LitElement {
  static override styles = [base, roomStyles];

  /** The room to join. */
  @property({ reflect: true }) room = 'lobby';
  /** Base URL of the host's server kit routes. */
  @property() endpoint = '';
  /** The server kit's token route; its base is used when `endpoint` is not set. */
  @property({ attribute: 'token-endpoint' }) tokenEndpoint = '/api/parlor/token';
  /** `participant` (default) or `viewer`: watch only, never asks for camera or microphone. */
  @property({ reflect: true }) mode: 'participant' | 'viewer' = 'participant';
  /** `light`, `dark` or `auto` (follows the system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** Overrides for any UI string. */
  @property({ attribute: false }) strings: Partial<Strings> = {};
  /** Called before joining; return false to stop. */
  @property({ attribute: false }) beforeJoin: Veto<{ room: string; screenName: string }> | undefined;
  /** Called before a message is sent; return false to stop. */
  @property({ attribute: false }) beforeSend: Veto<{ text: string }> | undefined;
  /** Extra livekit-client options (tests pass `{ connectOptions: { rtcConfig: { iceServers: [] } } }`). */
  @property({ attribute: false }) livekitOptions: RoomClientOptions['livekit'];

  @provide({ context: clientContext }) @state() client: RoomClient | undefined;
  @provide({ context: localizerContext }) @state() localizer = new Localizer('en');

  @state() private phase: Phase = 'prejoin';
  @state() private screenName = '';
  @state() private error: ParlorError | undefined;
  #unsubscribe: Array<() => void> = [];

  get #endpoint(): string {
    return this.endpoint || this.tokenEndpoint.replace(/\/token\/?$/, '');
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('lang') || changed.has('strings')) void this.#loadStrings();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadStrings();
    new MutationObserver(() => void this.#loadStrings()).observe(this, { attributes: true, attributeFilter: ['lang'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.client?.leave();
    for (const u of this.#unsubscribe.splice(0)) u();
  }

  async #loadStrings() {
    const lang = this.lang || document.documentElement.lang || navigator.language || 'en';
    this.localizer = await loadLocalizer(lang, this.strings);
    this.dir = this.localizer.dir;
  }

  #t = (key: StringKey, vars?: Record<string, string | number>) => this.localizer.t(key, vars);

  override render() {
    switch (this.phase) {
      case 'prejoin':
        return html`<div class="card" part="card">
          <h2>${this.#t('title')}</h2>
          <parlor-prejoin
            .value=${this.screenName || this.client?.getState().rememberedName || ''}
            submit-label=${this.mode === 'viewer' ? this.#t('watch') : this.#t('continue')}
            @parlor-prejoin=${this.#onPrejoin}
          ></parlor-prejoin>
        </div>`;
      case 'loading':
      case 'joining':
        return html`<div class="card" part="card" role="status" aria-live="polite">
          ${this.#t(this.phase === 'joining' ? 'joining' : 'loading')}
        </div>`;
      case 'consent':
        return html`<div class="card" part="card">
          <h2>${this.#t('consentTitle')}</h2>
          <parlor-consent
            .screenName=${this.screenName}
            @parlor-consent-submit=${this.#onConsent}
            @parlor-consent-back=${() => (this.phase = 'prejoin')}
          ></parlor-consent>
        </div>`;
      case 'room':
        return html`<parlor-room-view .beforeSend=${this.beforeSend}></parlor-room-view>`;
      case 'ended':
        return this.#endCard();
      case 'error':
        return html`<div class="card" part="card" role="alert">
          <h2>${this.#t('errorTitle')}</h2>
          <p>${this.error?.message}</p>
          <div class="actions"><button class="primary" @click=${this.#restart}>${this.#t('tryAgain')}</button></div>
        </div>`;
    }
  }

  #endCard() {
    const reason = this.client?.getState().disconnectReason ?? 'left';
    const key: StringKey =
      reason === 'kicked' ? 'kicked' : reason === 'banned' ? 'banned' : reason === 'room_closed' ? 'roomClosed' : reason === 'left' ? 'left' : 'connectionLost';
    return html`<div class="card" part="card" role="status">
      <p>${this.#t(key)}</p>
      ${reason === 'banned' ? null : html`<div class="actions"><button class="primary" @click=${this.#restart}>${this.#t('rejoin')}</button></div>`}
    </div>`;
  }

  async #onPrejoin(e: ParlorPrejoinEvent) {
    this.screenName = e.detail.screenName;
    this.phase = 'loading';
    try {
      const flow = await import('../../flow.js');
      if (!this.client) this.#attach(flow.createClient({ endpoint: this.#endpoint, room: this.room, livekit: this.livekitOptions }));
      const client = this.client!;
      await client.loadPolicy();
      if (this.mode === 'viewer' && !client.getState().consent) {
        await this.#join(undefined);
        return;
      }
      this.phase = client.getState().consent ? 'joining' : 'consent';
      if (this.phase === 'joining') await this.#join(undefined);
    } catch (error) {
      this.#showError(error);
    }
  }

  async #onConsent(e: CustomEvent<ConsentAnswers>) {
    const client = this.client;
    if (!client) return;
    try {
      await client.giveConsent({ ...e.detail, screenName: this.screenName });
      await this.#join(e.detail);
    } catch (error) {
      // The consent element shows refusals (under age) itself.
      const code = (error as ParlorError).code;
      if (code === 'under_age') {
        this.phase = 'consent';
        (this.renderRoot.querySelector('parlor-consent') as HTMLElement & { refuse?: () => void })?.refuse?.();
        return;
      }
      this.#showError(error);
    }
  }

  async #join(answers: ConsentAnswers | undefined) {
    const client = this.client!;
    const detail = { room: this.room, screenName: this.screenName };
    if (this.beforeJoin && (await this.beforeJoin(detail)) === false) {
      this.phase = 'prejoin';
      return;
    }
    this.phase = 'joining';
    await import('../../room-parts.js');
    const opts: JoinOptions = { screenName: this.screenName, mode: this.mode };
    if (answers?.purposes.broadcast && this.mode !== 'viewer') opts.camera = false;
    await client.join(opts);
    this.phase = 'room';
    this.dispatchEvent(new ParlorJoinEvent({ ...detail, mode: this.mode }));
  }

  #attach(client: RoomClient) {
    this.client = client;
    this.#unsubscribe.push(
      client.on('disconnected', (reason) => {
        this.phase = 'ended';
        this.dispatchEvent(new ParlorLeaveEvent({ room: this.room, reason }));
      }),
      client.on('error', (error) => this.dispatchEvent(new ParlorErrorEvent({ error }))),
    );
    this.dispatchEvent(new CustomEvent('parlor-client', { detail: { client }, bubbles: true, composed: true }));
  }

  #showError(error: unknown) {
    this.error = error as ParlorError;
    this.phase = 'error';
  }

  #restart = () => {
    this.client?.reset();
    this.error = undefined;
    this.phase = 'prejoin';
  };
}
