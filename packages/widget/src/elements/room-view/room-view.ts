import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, ReactiveElement } from 'lit';
import { isLive } from '@parlor/core';
import type { RoomClient } from '@parlor/core';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { Veto } from '../room/room.js';
import { focusedIn, keepFocus } from '../../focus.js';
import { base } from '../../styles.js';
import { dialogStyles } from '../../dialog-styles.js';
import { roomViewStyles } from './room-view.styles.js';
import { CONTROLS_BAR_PARTS, FORWARD } from '../../parts.js';

/** A notice the banner shows for a moment: `start()` shows it (again) for 4 s, `stop()` ends it now. */
class Moment {
  on = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly host: ReactiveElement) {}

  start(): void {
    this.stop();
    this.on = true;
    this.#timer = setTimeout(() => {
      this.on = false;
      this.host.requestUpdate();
    }, 4000);
  }

  stop(): void {
    this.on = false;
    clearTimeout(this.#timer);
  }
}

/**
 * The room once joined: connection and recording banner, video grid, people,
 * chat and controls. In viewer mode: the broadcast only, muted until "tap to
 * unmute", a viewer count and (with `chat`) the chat, read only.
 *
 * When a recording takes someone off air for want of their recording consent
 * (`askRecording`), they are asked whether to agree to be recorded and turn
 * back on what was on; the answer goes out as `parlor-recording-answer`.
 * Everyone sees the recording banner, and "Recording stopped." when it ends.
 *
 * @tagname parlor-room-view
 * @summary The joined room's layout.
 * @event parlor-recording-answer - The recording question was answered; `detail: { keep: boolean }`.
 * @csspart banner - Connection, live and recording notices.
 * @csspart stage - The video area.
 * @csspart sidebar - People and chat.
 * @csspart unmute - The "tap to unmute" button.
 * @csspart recording-dialog - The question for someone a recording took off air: agree to be recorded and turn back on what was on?
 *
 * Its children's parts are forwarded under a prefix (`grid-*`, `chat-*`,
 * `people-*`, `controls-*`, and the controls bar's `privacy-*`), so page CSS reaches them through
 * `parlor-room-view::part(…)`, and `<parlor-room>` re-exports them.
 */
export class ParlorRoomView extends LitElement {
  static override styles = [base, dialogStyles, roomViewStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    mode: { reflect: true },
    chat: { type: Boolean, reflect: true },
    beforeSend: { attribute: false },
    askRecording: { attribute: false },
    hidden: { type: Boolean, reflect: true },
    soundOn: { state: true },
    wasReconnecting: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  /** `participant` or `viewer`. */
  mode: 'participant' | 'viewer' = 'participant';
  /** Show the chat (viewers see it read only). */
  chat = false;
  /** The host's veto before sending a message. */
  beforeSend: Veto<{ text: string }> | undefined;
  /**
   * A recording has taken this person off air for want of their recording
   * consent (set by `<parlor-room>`; a page composing the parts sets it
   * itself): while the recording runs, they are asked whether to agree to be
   * recorded and turn back on what was on.
   */
  askRecording = false;
  /**
   * Rendered but not shown (`<parlor-room>` prepares the room this way while
   * the visitor is on the consent step). Nothing asks the person anything
   * and nothing plays until it is shown: the recording question waits, and
   * the room's sound is muted.
   */
  override hidden = false;
  /** Viewer mode plays muted until the person taps to unmute. */
  private soundOn = false;
  private wasReconnecting = false;
  private get recordingDialog(): HTMLDialogElement {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog')!;
  }

  #status = new StoreController(this, () => this.client, (s) => s.status);
  #recording = new StoreController(this, () => this.client, (s) => s.recording);
  #blocked = new StoreController(this, () => this.client, (s) => s.audioBlocked);
  #viewers = new StoreController(this, () => this.client, (s) => s.viewerCount);
  /** Someone is on camera, sharing a screen or on the microphone: the broadcast a viewer watches is live. */
  #onAir = new StoreController(this, () => this.client, (s) => s.participants.some((p) => !p.isLocal && (isLive(p.camera) || isLive(p.screen) || isLive(p.microphone))));

  /** "Back online." for a moment after a reconnect. */
  #back = new Moment(this);
  /** "Recording stopped." for a moment after a recording ends (the banner going is not news to a screen reader). */
  #recordingEnded = new Moment(this);
  /** A recording shown on screen (out of sight, nothing was shown, so nothing is said to have stopped). */
  #recordingOn = false;
  protected override willUpdate(): void {
    const recording = this.#recording.value === true && !this.hidden;
    if (this.#recordingOn && !recording && !this.hidden) this.#recordingEnded.start();
    else if (recording || this.hidden) this.#recordingEnded.stop();
    this.#recordingOn = recording;
    const status = this.#status.value;
    if (status === 'reconnecting') this.wasReconnecting = true;
    else if (status === 'connected' && this.wasReconnecting) {
      this.wasReconnecting = false;
      this.#back.start();
    }
  }

  #askedWas = false;
  protected override updated(_changed: PropertyValues<this>): void {
    // Out of sight, a modal dialog would make the visible page inert: asked once shown.
    const ask = this.#recording.value === true && this.askRecording && this.mode !== 'viewer' && !this.hidden;
    if (ask && !this.#askedWas && !this.recordingDialog.open) this.recordingDialog.showModal();
    if (!ask && this.recordingDialog.open) this.#close();
    this.#askedWas = ask;
  }

  /**
   * Closes the question. The control that had the focus before it may have gone with publishing (a
   * camera button): the focus then goes to the room's controls, not to the page.
   */
  #close() {
    const dialog = this.recordingDialog;
    dialog.close();
    // Lost: on the page, or still on the closed question's button (the control it came back to is gone).
    const now = document.activeElement;
    const mine = focusedIn(this);
    if (now && now !== document.body && !(mine && dialog.contains(mine))) return;
    const controls = this.renderRoot.querySelector('parlor-controls-bar')?.shadowRoot?.querySelector<HTMLElement>('[role=toolbar] button');
    (controls ?? this.renderRoot.querySelector<HTMLElement>('[part=stage]'))?.focus({ preventScroll: true });
  }

  #answer(keep: boolean) {
    this.#close();
    this.dispatchEvent(new CustomEvent('parlor-recording-answer', { detail: { keep }, bubbles: true, composed: true }));
  }

  async #unmute() {
    const pressed = focusedIn(this);
    this.soundOn = true;
    // The button goes with this update: keep the keyboard focus in the video area it was in.
    void keepFocus(this, pressed, () => this.renderRoot.querySelector<HTMLElement>('[part=stage]'));
    // A refusal reaches the room's 'error' listeners (a toast); nothing more to do here.
    await this.client?.startAudio().catch(() => {});
  }

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const status = this.#status.value;
    const viewer = this.mode === 'viewer';
    // Nothing plays out of sight: the room connects before it is shown.
    const muted = this.hidden || (viewer ? !this.soundOn : false);
    const onAir = this.#onAir.value === true;
    // A viewer with nobody on air has nothing to unmute (yet): asked once someone is.
    const askUnmute = (viewer && !this.soundOn && onAir) || this.#blocked.value === true;
    const viewers = this.#viewers.value ?? 0;
    return html`
      <div part="banner" role="status" aria-live="polite">
        ${status === 'reconnecting' ? html`<div class="banner">${t('reconnecting')}</div>` : null}
        ${status !== 'reconnecting' && this.#back.on ? html`<div class="banner">${t('reconnected')}</div>` : null}
        ${this.#recording.value ? html`<div class="banner"><span class="rec">${t('recording')}</span></div>` : null}
        ${this.#recordingEnded.on ? html`<div class="banner">${t('recordingStopped')}</div>` : null}
        ${viewer
          ? html`<div class="banner" aria-live="off">${onAir ? html`<span class="live">${t('live')}</span><span class="vh">, </span>` : null}<span>${t('viewerCount', { count: viewers })}</span></div>`
          : null}
      </div>
      <div class="main">
        <section class="stage" part="stage" tabindex="-1" aria-label=${t('mainRegion')} aria-busy=${status === 'reconnecting' ? 'true' : nothing}>
          ${askUnmute ? html`<button class="primary unmute" part="unmute" @click=${this.#unmute}>${t('tapToUnmute')}</button>` : null}
          <parlor-video-grid
            exportparts=${FORWARD.grid}
            ?only-video=${viewer}
            ?muted=${muted}
            ?stale=${status === 'reconnecting'}
          ></parlor-video-grid>
        </section>
        ${this.chat
          ? html`<aside class="side" part="sidebar">
              ${viewer ? html`<span></span>` : html`<parlor-participant-list
                    exportparts=${FORWARD.people}
                  ></parlor-participant-list>`}
              <parlor-chat-panel
                exportparts=${FORWARD.chat}
                .beforeSend=${this.beforeSend}
              ></parlor-chat-panel>
            </aside>`
          : null}
      </div>
      ${viewer ? null : html`<parlor-controls-bar exportparts=${CONTROLS_BAR_PARTS}></parlor-controls-bar>`}
      <dialog part="recording-dialog" aria-labelledby="rec-title" aria-describedby="rec-ask" @cancel=${(e: Event) => (e.preventDefault(), this.#answer(false))}>
        <h2 id="rec-title">${t('recordingStarted')}</h2>
        <p id="rec-ask">${t('recordingAsk')}</p>
        <div class="actions">
          <button @click=${() => this.#answer(false)}>${t('recordingKeepOff')}</button>
          <button class="primary" @click=${() => this.#answer(true)}>${t('recordingResume')}</button>
        </div>
      </dialog>
    `;
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorRoomView, 'client', 'localizer');
