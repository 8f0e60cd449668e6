// Second chunk: loaded when the pre-join card is submitted. Brings the
// headless client (and zod/mini), the whole English catalogue, the consent
// step, the privacy panel and toasts; still no livekit-client.
import { html } from 'lit';
import type { ReactiveController, TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import { ErrorCode, isConsentEnded, isNameRefusal, ParlorError, RoomClient } from '@parlor/core';
import type { ConsentAnswers, DisconnectReason, RoomClientOptions } from '@parlor/core';
import { clientContext, localizerContext } from './context.js';
import { defineElement } from './define.js';
import { ParlorConsent } from './elements/consent/consent.js';
import type { ConsentDraft } from './elements/consent/consent.js';
import { ParlorPrivacy } from './elements/privacy/privacy.js';
import { ParlorToasts } from './elements/toasts/toasts.js';
import type { ParlorRoom, RoomFlowApi } from './elements/room/room.js';
import { RoomPhase } from './elements/room/room.js';
import { ParlorClientEvent, ParlorConsentEvent, ParlorErrorEvent, ParlorJoinEvent, ParlorLeaveEvent, ParlorMessageEvent } from './events.js';
import type { ParlorModerateEvent } from './events.js';
import type { DeviceChoice } from './events.js';
import { en } from './i18n/en.js';
import { registerEnglish } from './i18n/index.js';
import type { StringKey } from './i18n/index.js';
import { FORWARD, ROOM_VIEW_PARTS } from './parts.js';
import { publishingAgain, turnedOffAt, type OnAirSource } from './on-air.js';

registerEnglish(en);
// The English error texts are a catalogue of their own, fetched meanwhile: an
// error shown before they arrive shows its own English message.
void import('./i18n/en-errors.js').then(({ enErrors }) => registerEnglish({ ...en, ...enErrors }), () => {});
defineElement('parlor-consent', ParlorConsent);
defineElement('parlor-privacy', ParlorPrivacy);
defineElement('parlor-toasts', ParlorToasts);

let parts: Promise<unknown> | undefined;
/** The room's parts (video grid, chat, controls…), loaded once; retried after a failure. */
function loadParts(): Promise<unknown> {
  parts ??= import('./room-parts.js').catch((error: unknown) => {
    parts = undefined;
    throw error;
  });
  return parts;
}

/** A person's name isolated in its own direction (U+2068 … U+2069), whatever the language around it. */
const isolate = (name: string) => `\u2068${name}\u2069`;

/** A screen name for anonymous viewers, who are hidden and never chat. */
const VIEWER_NAME = 'Viewer';
/** How long the name check before the consent step may take before the person goes on without it. */
const NAME_CHECK_MS = 3_000;
/** The room would not let this person in, whatever their name (or their invite is no good): the error card, before any privacy question. */
const ROOM_REFUSALS: ReadonlySet<ErrorCode> = new Set([ErrorCode.RoomLocked, ErrorCode.RoomFull, ErrorCode.Banned, ErrorCode.InvalidInvite]);
/** The end card's heading per reason the room ended; any other says the connection was lost. */
const ENDED: Partial<Record<DisconnectReason, StringKey>> = {
  kicked: 'kicked',
  banned: 'banned',
  room_closed: 'roomClosed',
  left: 'left',
  replaced: 'replacedElsewhere',
};

/**
 * Everything `<parlor-room>` does after the pre-join card: it provides the
 * client and the strings to the room's parts (by context), runs consent and
 * join, turns client events into DOM events and toasts, and renders every
 * screen but the first.
 */
export class RoomFlow implements ReactiveController, RoomFlowApi {
  client: RoomClient | undefined;
  readonly #host: ParlorRoom;
  readonly #clientProvider: ContextProvider<typeof clientContext>;
  readonly #localizerProvider: ContextProvider<typeof localizerContext>;
  // What was entered on the consent step, kept (in memory only) while the
  // person goes Back and returns; until the consent is recorded, or a refusal empties it.
  #draft: ConsentDraft = {};
  /** The name the room will show, when it is not the one typed (the site's own for a signed-in person). */
  #shownAs: string | undefined;
  #devices: DeviceChoice = {};
  /** While join() runs: its failure is shown on a card or a field, not in a toast. */
  #joinShowsErrors = false;
  // Errors already reported, so one failure is one event and one toast.
  readonly #seen = new WeakSet<object>();
  #abandoning = false;

  constructor(host: ParlorRoom) {
    this.#host = host;
    this.#localizerProvider = new ContextProvider(host, { context: localizerContext, initialValue: host.localizer });
    this.#clientProvider = new ContextProvider(host, { context: clientContext, initialValue: undefined });
    host.addController(this);
    // A resized room (window, phone turned) moves the stage: a notice shown follows it.
    new ResizeObserver(this.#placeShown).observe(host);
    host.renderRoot.addEventListener('parlor-error', (e) => this.#onChildError(e as ParlorErrorEvent));
    // A removal or ban takes the person's row away: the moderator is told it went through.
    host.renderRoot.addEventListener('parlor-moderate', (e) => {
      const { action, name } = (e as ParlorModerateEvent).detail;
      if (action === 'kick' || action === 'ban') this.#notify(this.#t(action === 'kick' ? 'kickDone' : 'banDone', { name: isolate(name) }));
    });
    host.renderRoot.addEventListener('parlor-recording-answer', (e) => void this.#onRecordingAnswer((e as CustomEvent<{ keep: boolean }>).detail.keep));
  }

  hostUpdate(): void {
    if (this.#localizerProvider.value !== this.#host.localizer) this.#localizerProvider.setValue(this.#host.localizer);
  }

  async start(screenName: string, devices: DeviceChoice = {}): Promise<void> {
    const host = this.#host;
    this.#devices = devices;
    // Said for the name checked now only (a name that goes straight in is not checked).
    this.#shownAs = undefined;
    const client = this.client ?? this.#create();
    this.#preload(client);
    const direct = () => host.mode === 'viewer' || client.getState().consent !== undefined;
    // Someone about to answer the consent step learns first whether the room takes their name,
    // asked alongside the policy: a refusal after the privacy questions would send them back.
    const refusal = direct() ? undefined : this.#nameRefusal(client, screenName);
    await client.loadPolicy();
    if (direct()) return this.#join();
    const refused = await (refusal ?? this.#nameRefusal(client, screenName));
    host.screenName = screenName;
    if (refused) {
      // Without a toast; the host page hears it as it would from a join.
      this.#seen.add(refused);
      host.dispatchEvent(new ParlorErrorEvent({ error: refused }));
      return this.#showRefusal(refused);
    }
    host.phase = RoomPhase.Consent;
  }

  /**
   * A refusal said where it belongs: a refused name on its field, back on the pre-join card (the
   * consent step, asked again, still holds what was entered); anything else on the error card.
   */
  #showRefusal(error: ParlorError): void {
    if (!isNameRefusal(error.code)) return this.#host.showError(error);
    this.#host.error = error;
    this.#host.phase = RoomPhase.Prejoin;
  }

  /**
   * Why the room would not take `screenName` (kept for staff, not allowed, already taken) or this
   * person (locked, full, banned), or nothing. Any other failure (the server unreachable or slow to
   * answer, an older server kit without the check) lets the person go on: the join checks again.
   */
  async #nameRefusal(client: RoomClient, screenName: string): Promise<ParlorError | undefined> {
    try {
      const signal = AbortSignal.timeout(NAME_CHECK_MS);
      const shown = await client.checkScreenName(screenName, this.#host.invite ? { invite: this.#host.invite, signal } : { signal });
      // The site's own name for a signed-in person replaces the one typed: said before they join.
      if (shown !== screenName.trim()) this.#shownAs = shown;
      return undefined;
    } catch (error) {
      const e = ParlorError.from(error);
      return isNameRefusal(e.code) || ROOM_REFUSALS.has(e.code) ? e : undefined;
    }
  }

  /**
   * Downloads the room's code (its parts and livekit-client) while the
   * visitor reads the consent step, so Join waits only for the network.
   * Nothing connects to LiveKit and no device is touched; a failed download
   * is retried, and reported, by the join itself.
   */
  #preload(client: RoomClient) {
    void loadParts().catch(() => {});
    void client.preload().catch(() => {});
  }

  /** The end card and one parlor-leave, however many ways the leaving is reported (a cancelled join reports it twice). */
  #end(reason: ParlorLeaveEvent['detail']['reason']): void {
    const host = this.#host;
    if (host.phase === RoomPhase.Ended) return;
    host.phase = RoomPhase.Ended;
    // The end card says why the room ended: news about the room would only cover it (and its
    // buttons, on a phone) for its last seconds. Errors stay their time: one may be about the
    // person's data (a deletion that failed as the connection went), which the card does not say.
    this.#toasts()?.clear('info');
    host.dispatchEvent(new ParlorLeaveEvent({ room: host.room, reason }));
  }

  #create(): RoomClient {
    const host = this.#host;
    const options: RoomClientOptions = { endpoint: host.apiBase, room: host.room };
    if (host.livekitOptions) options.livekit = host.livekitOptions;
    if (host.chatOptions) options.chat = host.chatOptions;
    const client = new RoomClient(options);
    this.client = client;
    this.#clientProvider.setValue(client);
    client.on('disconnected', (reason) => {
      // Leaving a join whose room could not be shown: the error card says why.
      if (!this.#abandoning) this.#end(reason);
    });
    client.on('error', (error) => this.#report(error, true));
    client.on('consentChanged', (consent) => {
      host.dispatchEvent(new ParlorConsentEvent({ consent }));
      // The end card offers the Privacy panel only while there is a consent, or data to see after a
      // withdrawal (no other screen reads it: no render during a join).
      if (host.phase === RoomPhase.Ended) host.requestUpdate();
    });
    client.on('message', (message) => host.dispatchEvent(new ParlorMessageEvent({ message })));
    client.on('mutedByModerator', (source) => this.#notify(this.#t(source === 'camera' ? 'cameraClosedByModerator' : 'micMutedByModerator')));
    client.on('consentEnded', () => this.#notify(this.#t('consentEndedElsewhere')));
    // A raised hand and its answer are said, not only shown (the People list's mark, new buttons).
    client.on('handRaised', (p) => client.getState().local?.can.moderate && this.#notify(this.#t('asksToGoLive', { name: isolate(p.name) })));
    client.on('liveApproved', () => this.#notify(this.#t('liveApproved')));
    // What is on air when publishing is taken away (a recording's revoke comes before its banner):
    // the server may stop the camera a moment before the new rights arrive, so anything on within
    // the last 2 s counts. Forgotten once publishing is back. The recording question is for those
    // a recording took off air (someone who was not on air goes on through the controls' own
    // question when they want to), and "Agree and turn back on" turns back on what was on.
    client.subscribe((st, prev) => {
      const local = st.local;
      const before = prev.local;
      if (!local) {
        // Out of the room: nothing of this session carries into the next join.
        this.#seenOn = { camera: 0, microphone: 0, screen: 0 };
        this.#onSince = { camera: 0, microphone: 0, screen: 0 };
        this.#forgetOnAir();
        return;
      }
      const now = Date.now();
      const seen = this.#seenOn;
      const since = this.#onSince;
      for (const source of ['camera', 'microphone', 'screen'] as const) {
        // When it came on (the last time), and when it was last seen on.
        if (local[source] && !before?.[source]) since[source] = now;
        if (local[source]) seen[source] = now;
      }
      const publish = local.can.publish;
      if (before?.can.publish && !publish) {
        // On within the last 2 s, and not turned off by the person since it came on.
        const wasOn = (source: OnAirSource) => now - seen[source] < 2_000 && turnedOffAt(client, source) < since[source];
        this.#onAirBeforeRevoke = { camera: wasOn('camera'), microphone: wasOn('microphone'), screen: wasOn('screen') };
      } else if (publish) this.#onAirBeforeRevoke = { camera: false, microphone: false, screen: false };
      const was = this.#onAirBeforeRevoke;
      this.#setAsk(!publish && local.recordingConsentNeeded && (was.camera || was.microphone || was.screen));
    });
    host.dispatchEvent(new ParlorClientEvent({ client }));
    return client;
  }

  /** Reports an error once: a `parlor-error` event on the room and a toast. */
  #report(error: ParlorError, dispatch: boolean) {
    if (this.#seen.has(error)) return;
    this.#seen.add(error);
    // A join's failure is shown where it belongs (the error card, the consent step's age, the
    // name on its field), and refusals of those kinds are: no toast repeats them.
    if (!this.#joinShowsErrors && error.code !== ErrorCode.UnderAge && !isNameRefusal(error.code)) {
      this.#notify(this.#host.localizer.error(error), 'error');
    }
    if (dispatch) this.#host.dispatchEvent(new ParlorErrorEvent({ error }));
  }

  /** A notice in the room's notices: an error (alert), or news such as a moderator's mute (polite). */
  #notify(text: string, kind: 'info' | 'error' = 'info') {
    const toasts = this.#toasts();
    if (!toasts) return;
    this.#placeToasts(toasts);
    toasts.show(text, kind);
  }

  #seenOn = { camera: 0, microphone: 0, screen: 0 };
  #onSince = { camera: 0, microphone: 0, screen: 0 };
  #onAirBeforeRevoke = { camera: false, microphone: false, screen: false };
  /** A recording took this person off air for want of their recording consent: the room view asks. */
  #askRecording = false;

  #setAsk(ask: boolean) {
    if (ask === this.#askRecording) return;
    this.#askRecording = ask;
    this.#host.requestUpdate();
  }

  /** Answered (or out of the room): what was on air is forgotten, and the question with it. */
  #forgetOnAir() {
    this.#onAirBeforeRevoke = { camera: false, microphone: false, screen: false };
    this.#setAsk(false);
  }

  #onChildError(e: ParlorErrorEvent) {
    // Already reported from the client: stop the duplicate before it leaves the room.
    if (this.#seen.has(e.detail.error)) e.stopPropagation();
    else this.#report(e.detail.error, false);
  }

  /**
   * In the room the notices go at the bottom of the video stage, as wide as it,
   * so they cover neither the controls nor the chat, whichever way the layout
   * wraps (measured when a notice is shown, on screen changes and when the
   * room is resized); on the cards, centred at the bottom.
   */
  #placeToasts(toasts: ParlorToasts) {
    // A room view prepared out of sight (consent, joining) has no place yet.
    const stage = this.#host.renderRoot.querySelector('parlor-room-view:not([hidden])')?.shadowRoot?.querySelector('[part=stage]');
    const room = this.#host.getBoundingClientRect();
    const box = stage?.getBoundingClientRect();
    toasts.toggleAttribute('data-room', !!box);
    if (!box) return;
    const start = this.#host.localizer.dir === 'rtl' ? room.right - box.right : box.left - room.left;
    for (const [name, px] of [
      ['--_lift', room.bottom - box.bottom],
      ['--_start', start],
      ['--_width', box.width],
    ] as const)
      toasts.style.setProperty(name, `${Math.round(px)}px`);
  }

  /** Places the notices again, only while one shows: measuring forces a layout, which Join should not pay for. */
  #placeShown = () => {
    const toasts = this.#toasts();
    if (toasts?.shadowRoot?.querySelector('li')) this.#placeToasts(toasts);
  };

  #toasts(): ParlorToasts | null {
    return this.#host.renderRoot.querySelector('parlor-toasts');
  }

  // Arrow functions: Lit calls template listeners with `this` set to the room element.
  #onConsent = async (e: CustomEvent<ConsentAnswers>) => {
    const client = this.client;
    if (!client) return;
    // Recorded by the same request that asks for the token (core's join with `consent`).
    await this.#join(e.detail);
  };

  async #join(answers?: ConsentAnswers) {
    const host = this.#host;
    const client = this.client!;
    const viewer = host.mode === 'viewer';
    const detail = { room: host.room, screenName: viewer ? VIEWER_NAME : host.screenName };
    if (host.beforeJoin) {
      let allowed: boolean | void = false;
      try {
        allowed = await host.beforeJoin(detail);
      } catch {
        allowed = false;
      }
      if (allowed === false) {
        host.phase = RoomPhase.Prejoin;
        return;
      }
    }
    const before = client.getState().consent;
    try {
      // Usually loaded already (#preload); if not, the token is fetched meanwhile.
      const parts = loadParts();
      parts.catch(() => {});
      this.#joinShowsErrors = true;
      const joining = client.join({
        screenName: detail.screenName,
        // The attribute as written: anything but "viewer" joins as a participant (core refuses other modes).
        mode: host.mode === 'viewer' ? 'viewer' : 'participant',
        ...(host.invite ? { invite: host.invite } : {}),
        ...(answers ? { consent: { ...answers, screenName: host.screenName } } : {}),
      });
      // Set after join() started: the joining card renders once the request is on its way, not before.
      host.phase = RoomPhase.Joining;
      try {
        await joining;
      } finally {
        this.#joinShowsErrors = false;
        // Recorded by the server: the draft has served (a refused join keeps it).
        if (answers && client.getState().consent !== before) this.#draft = {};
      }
      try {
        await parts;
      } catch (error) {
        // Connected, but the room cannot be shown: leave rather than stay in it unseen.
        this.#abandoning = true;
        await client.leave().catch(() => {});
        this.#abandoning = false;
        throw error;
      }
      for (const kind of ['videoinput', 'audioinput'] as const) {
        const id = this.#devices[kind];
        if (id) await client.switchDevice(kind, id).catch(() => {});
      }
    } catch (error) {
      const code = ParlorError.from(error).code;
      // Left while joining (leave() from the host page): the end card, not an error.
      if (code === ErrorCode.Aborted) {
        this.#end('left');
        return;
      }
      // A name the server refuses (a staff role, say, or one someone in the room already goes by).
      if (isNameRefusal(code)) return this.#showRefusal(ParlorError.from(error));
      // The consent this page held no longer stands (withdrawn or replaced in another window, or the
      // terms changed), and core forgot it: the consent step asks again, saying why.
      if (!answers && isConsentEnded(code) && !client.getState().consent) {
        host.phase = RoomPhase.Consent;
        this.#notify(this.#host.localizer.error(ParlorError.from(error)), 'error');
        return;
      }
      // Refused by age (nothing was recorded): the consent card again, with its neutral refusal.
      if (answers && code === ErrorCode.UnderAge) {
        host.phase = RoomPhase.Consent;
        await host.updateComplete;
        host.renderRoot.querySelector<ParlorConsent>('parlor-consent')?.refuse();
        return;
      }
      host.showError(error);
      return;
    }
    // Left (or removed) while the parts or devices were still being set up: stay on the end card.
    if ((host.phase as string) === RoomPhase.Ended) return;
    host.phase = RoomPhase.Room;
    host.dispatchEvent(new ParlorJoinEvent({ ...detail, mode: host.mode }));
  }

  async #onRecordingAnswer(keep: boolean) {
    const client = this.client;
    if (!client) return;
    try {
      if (keep && client.getState().consent) {
        // What was on when the recording took publishing away (the server stops the tracks at once);
        // someone still allowed to publish lost nothing.
        const was = client.getState().local?.can.publish ? { camera: false, microphone: false, screen: false } : this.#onAirBeforeRevoke;
        this.#forgetOnAir();
        // Only what was asked: being on camera was agreed to already (or the room does not ask it).
        await client.changeConsent({ recording: true });
        // "Agree and turn back on" means it: once publishing is back, what was on goes on again; a
        // screen share needs the person to pick the screen again, and they are told so.
        if (!was.camera && !was.microphone && !was.screen) return;
        const back = await publishingAgain(client, 10_000);
        if (back && was.camera) await client.setCamera(true);
        if (back && was.microphone) await client.setMicrophone(true);
        if (back && was.screen) this.#notify(this.#t('shareScreenAgain'));
      } else {
        this.#forgetOnAir();
        const local = client.getState().local;
        if (local?.camera) await client.setCamera(false);
        if (local?.microphone) await client.setMicrophone(false);
        if (local?.screen) await client.setScreenShare(false);
      }
    } catch (error) {
      this.#report(ParlorError.from(error), true);
    }
  }

  #restart = () => {
    this.client?.reset();
    this.#host.error = undefined;
    this.#host.phase = RoomPhase.Prejoin;
  };

  #t = (key: StringKey, vars?: Record<string, string>) => this.#host.localizer.t(key, vars);

  render() {
    // A notice shown in the room may outlive it (removed, left): placed again for the next screen.
    void this.#host.updateComplete.then(this.#placeShown);
    return html`${this.#screen()}<parlor-toasts part="toasts" exportparts=${FORWARD.toasts}></parlor-toasts>`;
  }

  #screen() {
    const host = this.#host;
    switch (host.phase) {
      case RoomPhase.Consent:
        return this.#room(html`<div class="card" part="card">
          <h2 tabindex="-1">${this.#t('consentTitle')}</h2>
          <parlor-consent
            part="consent"
            exportparts=${FORWARD.consent}
            .draft=${this.#draft}
            .shownAs=${this.#shownAs}
            @parlor-consent-submit=${this.#onConsent}
            @parlor-consent-back=${() => (host.phase = RoomPhase.Prejoin)}
          ></parlor-consent>
        </div>`);
      case RoomPhase.Room:
        return this.#room(null);
      case RoomPhase.Ended:
        return this.#ended();
      case RoomPhase.Error: {
        // The room said no (locked, full, a ban, an invite that is no good): not "something went wrong";
        // and where waiting changes nothing (a ban, the invite), Back rather than Try again.
        const code = host.error instanceof ParlorError ? host.error.code : undefined;
        const refused = code !== undefined && ROOM_REFUSALS.has(code);
        const final = code === ErrorCode.Banned || code === ErrorCode.InvalidInvite;
        return html`<div class="card" part="card" role="alert">
          <h2 tabindex="-1">${this.#t(refused ? 'refusedTitle' : 'errorTitle')}</h2>
          <p>${host.error && host.localizer.error(host.error)}</p>
          <div class="actions"><button class="primary" @click=${this.#restart}>${this.#t(final ? 'back' : 'tryAgain')}</button></div>
        </div>`;
      }
      case RoomPhase.Joining:
        // A heading like the other cards', so the focus has somewhere to be while the connection is made.
        return this.#room(html`<div class="card" part="card" role="status"><h2 tabindex="-1">${this.#t('joining')}</h2></div>`);
      default:
        return html`<div class="card" part="card" role="status">${this.#t('loading')}</div>`;
    }
  }

  /**
   * The room view, under `card` while the visitor is still on the consent or
   * joining card (rendered but hidden), shown alone in the room. Preparing it
   * during the consent step, when the page is idle, leaves Join only the
   * showing of it: the same template in all three screens, so Lit keeps the
   * one element (bench/NOTES.md, join).
   */
  #room(card: TemplateResult | null) {
    const host = this.#host;
    const shown = card === null;
    return html`${card}<parlor-room-view
        part="room"
        exportparts=${ROOM_VIEW_PARTS}
        mode=${host.mode}
        ?hidden=${!shown}
        ?chat=${host.mode !== 'viewer' || host.chat}
        .askRecording=${this.#askRecording}
        .beforeSend=${host.beforeSend}
      ></parlor-room-view>`;
  }

  #ended() {
    const reason = this.client?.getState().disconnectReason ?? 'left';
    const key: StringKey = ENDED[reason] ?? 'connectionLost';
    return html`<div class="card" part="card" role="status">
      <h2 tabindex="-1">${this.#t(key)}</h2>
      <div class="actions">
        <button class="primary" @click=${this.#restart}>${this.#t(reason === 'banned' ? 'back' : 'rejoin')}</button>
        ${this.client?.dataAccess ? html`<parlor-privacy exportparts=${FORWARD.privacy}></parlor-privacy>` : null}
      </div>
    </div>`;
  }
}
