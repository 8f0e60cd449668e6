import { LitElement, html } from 'lit';
import type { LocalInfo, RoomClient } from '@parlor/core';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import type { StringKey } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { focusedIn, refocus } from '../../focus.js';
import { reportErrors } from '../../report-errors.js';
import { noteTurnedOff, publishingAgain, recordingAsked, type OnAirSource, type RecordingAsked } from '../../on-air.js';
import { base } from '../../styles.js';
import { dialogStyles } from '../../dialog-styles.js';
import { controlsBarStyles } from './controls-bar.styles.js';
import { FORWARD } from '../../parts.js';
import { sayAgain } from '../../say-again.js';

/**
 * The page's address without its `invite` parameter, in the query or in a
 * hash route (`#/live?invite=…`): the invite token that gave this visitor a
 * role (an owner's, say) is never handed on to others. An address without
 * one is copied exactly as it is.
 */
function pageLink(): string {
  const url = new URL(location.href);
  const [route, query] = url.hash.split('?', 2);
  const inHash = new URLSearchParams(query ?? '');
  if (!url.searchParams.has('invite') && !inHash.has('invite')) return url.href;
  url.searchParams.delete('invite');
  inHash.delete('invite');
  if (query !== undefined) url.hash = inHash.size ? `${route}?${inHash}` : route!;
  return url.href;
}

/**
 * Microphone, camera, screen share, ask-to-go-live, invite link, privacy and
 * leave. Media buttons appear only for what the person's token allows.
 *
 * Someone who declined the camera when joining is asked first, in a dialog,
 * whether they agree to be seen and heard; their consent changes only when
 * they say yes (and a moderator can then let them on; where the room is or
 * may be recorded, the question says agreeing covers that too). Someone held
 * back only for want of recording consent (a running recording, or a room
 * that asks it of everyone on camera) gets Go on camera, which asks, in the
 * same dialog, whether they agree to be recorded; saying yes gives them the
 * camera and microphone buttons back.
 *
 * @tagname parlor-controls-bar
 * @summary Room controls.
 * @event parlor-error - An action failed (e.g. the camera could not open).
 * @csspart bar - The toolbar.
 * @csspart leave - The Leave button.
 * @csspart go-live-dialog - The "go live?" question for someone who declined the camera, or the recording question for someone a recording holds back.
 */
export class ParlorControlsBar extends LitElement {
  static override styles = [base, dialogStyles, controlsBarStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    inviteUrl: { attribute: 'invite-url' },
    busy: { state: true },
    copied: { state: true },
    said: { state: true },
    asking: { state: true },
    liveRecording: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  /** The link "copy invite link" copies; when empty, the page's address without its `invite` parameter. */
  inviteUrl = '';
  private busy = false;
  /** After a copy: 'yes', 'no' (the browser refused), '' (not lately). */
  private copied: '' | 'yes' | 'no' = '';
  /** What the status region said of the last copy (a second copy's words differ: {@link sayAgain}). */
  private said = '';
  /** What the dialog asks: to go live (a moderator lets them on), or to be recorded. */
  private asking: 'live' | 'recording' = 'live';
  /** What "Go live?" said of recording when it opened (the answer covers that and no more). */
  private liveRecording: RecordingAsked = '';

  #local = new StoreController(this, () => this.client, (s) => s.local);
  /** The held consent's "on camera" answer; undefined without a consent this page can change (withdrawn or replaced in another window since). */
  #broadcast = new StoreController(this, () => this.client, (s) => s.consent?.record.purposes.broadcast);
  #recording = new StoreController(this, () => this.client, (s) => s.recording);

  #toggle(on: boolean | undefined, onKey: StringKey, offKey: StringKey, fn: () => Promise<unknown>) {
    // aria-disabled, not disabled: a disabled button drops keyboard focus to the page.
    // One toggle at a time: pressed while another action runs, it does nothing (Leave always works).
    // The label says what pressing does ("Turn camera off"), so no aria-pressed: with both, a screen
    // reader said "Turn camera off, pressed", which reads either way. The look comes from `.on`.
    return html`<button class=${on ? 'toggle on' : 'toggle'} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.busy || this.#run(fn)}>
      ${this.localizer.t(on ? offKey : onKey)}
    </button>`;
  }

  /** A camera, microphone or screen toggle. Turned off here, it is noted as the person's own: a recording that starts a moment later does not turn it back on. */
  #media(source: OnAirSource, on: boolean, onKey: StringKey, offKey: StringKey, set: (on: boolean) => Promise<unknown>) {
    return this.#toggle(on, onKey, offKey, () => {
      if (on && this.client) noteTurnedOff(this.client, source);
      return set(!on);
    });
  }

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const local: LocalInfo | undefined = this.#local.value;
    const client = this.client;
    const screen = typeof navigator !== 'undefined' && 'getDisplayMedia' in (navigator.mediaDevices ?? {});
    // What a copy did is said on the button and in a status region: a screen reader does not read out
    // the new name of the button that has the focus.
    const copy = this.copied === 'yes' ? 'linkCopied' : this.copied === 'no' ? 'copyFailed' : 'copyLink';
    return html`<div role="toolbar" part="bar" aria-label=${t('controls')} @keydown=${this.#arrows} @focusin=${this.#reveal}>
      <div class="scroll">
      ${local?.can.publish && client
        ? html`
            ${this.#media('microphone', local.microphone, 'micOn', 'micOff', (on) => client.setMicrophone(on))}
            ${this.#media('camera', local.camera, 'cameraOn', 'cameraOff', (on) => client.setCamera(on))}
            ${screen ? this.#media('screen', local.screen, 'screenOn', 'screenOff', (on) => client.setScreenShare(on)) : null}
          `
        : local?.recordingConsentNeeded && client
          ? html`<button class="ask" aria-haspopup="dialog" @click=${() => this.#openGoLive('recording')}>${t('goOnCamera')}</button>`
          : local && client && local.role !== 'viewer' && local.can.chat
            ? local.handRaised || this.#broadcast.value
              ? this.#toggle(local.handRaised, 'raiseHand', 'lowerHand', () => client.raiseHand(!local.handRaised))
              : this.#broadcast.value === false
                ? html`<button class="ask" aria-haspopup="dialog" @click=${() => this.#openGoLive('live')}>${t('raiseHand')}</button>`
                : null
            : null}
      <button @click=${this.#copy}>${t(copy)}</button>
      <span class="vh" role="status">${this.copied ? this.said : ''}</span>
      <parlor-privacy exportparts=${FORWARD.privacy}></parlor-privacy>
      </div>
      <button class="leave danger" part="leave" @click=${() => this.#run(() => this.client?.leave() ?? Promise.resolve())}>${t('leave')}</button>
    </div>
    ${this.#goLiveDialog()}`;
  }

  #goLiveDialog() {
    const t = this.localizer.t.bind(this.localizer);
    const recording = this.asking === 'recording';
    // While the answer is on its way it cannot be taken back: Cancel and Escape wait for it.
    return html`<dialog part="go-live-dialog" aria-labelledby="live-title" aria-describedby="live-ask" aria-busy=${this.busy ? 'true' : 'false'} @close=${this.#closed} @cancel=${(e: Event) => this.busy && e.preventDefault()}>
      <h2 id="live-title">${t(recording ? (this.#recording.value ? 'recordedTitle' : 'recordableTitle') : 'goLiveTitle')}</h2>
      <p id="live-ask">${t(recording ? 'recordedAsk' : 'goLiveAsk')}${!recording && this.liveRecording ? ` ${t(this.liveRecording === 'now' ? 'goLiveRecordedNow' : 'goLiveRecorded')}` : ''}</p>
      <div class="actions">
        <button aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.busy || this.#closeGoLive()}>${t('cancel')}</button>
        <button class="primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#agree}>${t(recording ? 'recordedAgree' : 'goLiveAgree')}</button>
      </div>
    </dialog>`;
  }

  /** Whether going live here needs recording consent too, which the held consent lacks. */
  #withRecording(): RecordingAsked {
    const s = this.client?.getState();
    return !s || s.consent?.record.purposes.recording === true ? '' : recordingAsked(s);
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #focused: Element | null = null;
  #first: Element | null = null;
  protected override willUpdate(): void {
    this.#focused = focusedIn(this);
  }

  protected override updated(): void {
    // The question no longer applies (the consent changed another way, chat rights went, or a
    // recording started or stopped, which changes what agreeing means): it goes.
    const changed = this.asking === 'live' && this.#withRecording() !== this.liveRecording;
    if (this.#dialog?.open && !this.busy && (!this.renderRoot.querySelector('button.ask') || changed)) this.#closeGoLive();
    // A button that had the focus went (publishing taken away or given back): the row's first has it.
    refocus(this.#focused, () => this.renderRoot.querySelector<HTMLElement>('[role=toolbar] button'));
    // The row's first button changed (on a phone, scrolled out of sight maybe): the row shows its start.
    const row = this.renderRoot.querySelector('.scroll');
    const first = row?.firstElementChild ?? null;
    if (row && first !== this.#first && !row.contains(focusedIn(this))) row.scrollLeft = 0;
    this.#first = first;
  }

  /** Opens the question with its own words in place (heading and text are what is read out on opening). */
  async #openGoLive(asking: 'live' | 'recording') {
    this.asking = asking;
    this.liveRecording = this.#withRecording();
    await this.updateComplete;
    this.#dialog?.showModal();
  }

  #closeGoLive = () => this.#dialog?.close();

  /**
   * Closed (Cancel, Escape, after the answer, or because it no longer applies): the focus goes
   * back to the toolbar's ask/lower-hand button, or, when that went too, to the toolbar's first.
   */
  #closed = async () => {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('button.ask, button.toggle, [role=toolbar] button')?.focus();
  };

  /**
   * "I agree": the consent changes (broadcast), then the hand goes up; or, asked about a recording,
   * the consent takes in the recording and the question stays (busy) until the camera and microphone
   * buttons are back (the server kit gives publishing back at once; 10 s at most). A failure closes
   * the question and is reported.
   */
  #agree = async () => {
    if (this.busy || !this.client) return;
    const client = this.client;
    this.busy = true;
    await reportErrors(this, async () => {
      try {
        if (this.asking === 'recording') {
          // Only what was asked: the camera itself was agreed to already (or the room does not ask it).
          await client.changeConsent({ recording: true });
          await publishingAgain(client, 10_000);
        } else {
          // Where going live needs recording consent too (a recording runs, or the room asks it of
          // everyone on camera), the question said so, and the answer covers it: a moderator could
          // not let them on without it.
          await client.changeConsent({ broadcast: true, ...(this.liveRecording && { recording: true }) });
          await client.raiseHand(true);
        }
      } finally {
        this.#closeGoLive();
      }
    });
    this.busy = false;
  };

  /**
   * On a phone the buttons scroll sideways in one row: the one focused (by Tab, an arrow key or
   * a script) comes fully into sight, its focus ring too. Chromium does not scroll a partly
   * visible button on focus. Only the row scrolls, never the page.
   */
  #reveal(e: FocusEvent) {
    const row = this.renderRoot.querySelector('.scroll');
    if (!row || row === e.target || !row.contains(e.target as Node)) return;
    // 6 px to spare on either side for the focus ring; `scrollLeft` grows rightwards in both directions.
    const s = row.getBoundingClientRect();
    const b = (e.target as Element).getBoundingClientRect();
    row.scrollLeft += b.left - 6 < s.left ? b.left - 6 - s.left : b.right + 6 > s.right ? b.right + 6 - s.right : 0;
  }

  /** Arrow keys move between the toolbar's buttons (Tab still works too). */
  #arrows(e: KeyboardEvent) {
    const home = e.key === 'Home';
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && !home && e.key !== 'End') return;
    // Keys pressed in a dialog opened from the bar (the privacy dialog's data, its text) are the dialog's.
    if (e.composedPath().some((n) => (n as Element).localName === 'dialog')) return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLElement>('[role=toolbar] button, parlor-privacy')];
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const at = buttons.findIndex((b) => b === active);
    const step = (e.key === 'ArrowRight') !== (getComputedStyle(this).direction === 'rtl') ? 1 : -1;
    // Home and End: the first and the last button.
    const next = home ? buttons[0] : e.key === 'End' ? buttons.at(-1) : buttons[(at + step + buttons.length) % buttons.length];
    if (next?.localName === 'parlor-privacy') next.shadowRoot?.querySelector('button')?.focus();
    else next?.focus();
    e.preventDefault();
  }

  /**
   * Copies the link. A browser that refuses (no clipboard permission, an
   * iframe without `clipboard-write`, a page not on https) is the page's
   * limit, not the server's: the button says so and to copy the address.
   */
  async #copy() {
    let ok = true;
    try {
      await navigator.clipboard.writeText(this.inviteUrl || pageLink());
    } catch {
      ok = false;
    }
    this.copied = ok ? 'yes' : 'no';
    this.said = sayAgain(this.localizer.t(ok ? 'linkCopied' : 'copyFailed'), this.said);
    // A second copy meanwhile keeps its word for its own time (the first one's timer goes).
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = ''), ok ? 2000 : 4000);
  }

  #copiedTimer: ReturnType<typeof setTimeout> | undefined;

  async #run(fn: () => Promise<unknown>) {
    this.busy = true;
    await reportErrors(this, fn);
    this.busy = false;
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorControlsBar, 'client', 'localizer');
