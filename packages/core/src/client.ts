import { checkedAnswer, errorFromAnswer, ParlorApi } from './api.js';
import type { MyData } from './api.js';
import { TypedEmitter } from './emitter.js';
import { ErrorCode, isConsentEnded, isNameRefusal, joinCancelled, ParlorError } from './errors.js';
import type { AnalyticsEvent, RoomEventMap } from './events.js';
import { ModerationAction, toIssues, tokenResponseSchema } from './protocol/index.js';
import type { ConsentRequest, DeletionResponse, ModerationResponse, Purposes, TokenResponse } from './protocol/index.js';
import type { RoomSession } from './session.js';
import { globalPrivacyControl, initialState } from './client-options.js';
import { checkInput, checkSignal, Input, inputError, signalError } from './inputs.js';
import type { ConsentAnswers, JoinOptions, RoomClientOptions } from './client-options.js';
import { mediaError } from './media-errors.js';
import { forgetRemembered, readRemembered, receiptRecord, rememberedUnder, writeRemembered } from './storage.js';
import { createStore } from './store.js';
import type { Listener, ReadableStore } from './store.js';
import type { ChatMessage, ConsentState, RoomState, VideoSize } from './types.js';
import * as z from 'zod/mini';

/** How long the check that a consent still stands may take (it holds the consent queue meanwhile). */
const CONSENT_CHECK_TIMEOUT_MS = 10_000;
/** When an `active` answer after chat was taken is asked again: the kit may not have recorded the end yet. */
const CONSENT_RECHECK_MS = [500, 1_500, 3_000];

/** The largest width or height `setVideoSize` takes, in device pixels. */
export const MAX_VIDEO_SIZE = 16_384;
const pixels = /* @__PURE__ */ z.int().check(z.minimum(0), z.maximum(MAX_VIDEO_SIZE));
const videoSizeSchema = /* @__PURE__ */ z.object({ width: pixels, height: pixels });

export { globalPrivacyControl } from './client-options.js';

let sessionModule: Promise<typeof import('./session.js')> | undefined;
/** The session module (livekit-client), loaded once; forgotten when loading fails so it can be retried. */
function loadSession(): Promise<typeof import('./session.js')> {
  sessionModule ??= import('./session.js').catch((error: unknown) => {
    sessionModule = undefined;
    throw error;
  });
  return sessionModule;
}
export type { ConsentAnswers, JoinOptions, RoomClientOptions } from './client-options.js';

/** Leaving keeps the reason a removal already gave (kicked, banned…); otherwise it is 'left'. */
const leftReason = (s: RoomState): Partial<RoomState> => ({ disconnectReason: s.disconnectReason ?? 'left' });

/** Resolves once `turn` settles, or rejects with `aborted` as soon as `signal` is aborted. */
function untilSettled(turn: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  const settled = turn.then(
    () => undefined,
    () => undefined,
  );
  if (!signal) return settled;
  return new Promise<void>((resolve, reject) => {
    const abort = () => reject(new ParlorError(ErrorCode.Aborted, 'The operation was cancelled.'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void settled.then(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    });
  });
}

/**
 * The headless Parlor client for one room: a store of immutable snapshots
 * (`getState`/`subscribe`), typed events (`on`) and actions.
 *
 * @example
 * ```ts
 * const client = new RoomClient({ endpoint: '/api/parlor', room: 'lobby' });
 * client.subscribe((s) => render(s));
 * await client.loadPolicy();
 * await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false } });
 * await client.join({ screenName: 'Moonbeam', camera: true });
 * client.sendChat('hello'); // the message, at once (status 'sending')
 * ```
 */
export class RoomClient extends TypedEmitter<RoomEventMap> implements ReadableStore<RoomState> {
  readonly api: ParlorApi;
  readonly #store;
  readonly #options: RoomClientOptions;
  #session: RoomSession | undefined;
  #token: string | undefined;
  /** "Remember me" was ticked with a screen name the server refused: the name that next joins is remembered. */
  #rememberOnJoin = false;
  #joining: AbortController | undefined;
  /** The join under way, settled once it has unwound (a cancelled one too). */
  #joinRun: Promise<unknown> | undefined;
  /** A leave() under way: a join() waits for it, so the old connection ends first. */
  #leaving: Promise<void> | undefined;
  /** When the local user last sent a chat message, for slow mode. */
  #lastChatAt = 0;
  /** The age given with the consent this client last recorded (memory only): changeConsent() gives it again. */
  #consentAge: number | undefined;
  /**
   * Receipts of consents this page withdrew, oldest first (memory only, as
   * the consent itself): the server keeps those records, so the person can
   * still see them and delete them. Dropped once their data is deleted.
   */
  #withdrawn: string[] = [];

  /** @throws ParlorError `bad_request` without a `room` and an `endpoint` (strings). */
  constructor(options: RoomClientOptions) {
    super();
    checkInput(Input.options, options, 'RoomClient options');
    this.#options = options;
    this.api = new ParlorApi(options);
    this.#store = createStore<RoomState>(initialState(options.room));
  }

  /** The current immutable snapshot; the same object until something changes. */
  getState = (): RoomState => this.#store.getState();
  /** Calls `listener(next, previous)` on every change; returns the unsubscribe function. */
  subscribe = (listener: Listener<RoomState>): (() => void) => this.#store.subscribe(listener);

  /** The livekit-client Room from `connecting` until the room is left, for advanced use; Parlor state stays the source of truth. */
  get livekitRoom(): RoomSession['room'] | undefined {
    return this.#session?.room;
  }

  /**
   * Asks the server kit whether this room would let the person in under
   * `screenName` (not kept for staff, not on the host's deny list, nobody
   * there already going by it; the room not locked or full, no ban), before
   * any consent is given: nothing is stored. Resolves with the name as the
   * room would show it; rejects with a `ParlorError` (`screen_name_rejected`,
   * `screen_name_reserved`, `screen_name_taken`, `room_locked`, `room_full`,
   * `banned`, `invalid_invite`, or whatever kept the server from answering), which is not an
   * `error` event: the caller asked. The receipt
   * the join would name goes with it (the one held, else the one "remember
   * me" kept under this name), so the person's own session in the room is not
   * someone else. The join checks again (a name free now can be taken by
   * then).
   */
  async checkScreenName(screenName: string, options: { invite?: string | undefined; signal?: AbortSignal | undefined } = {}): Promise<string> {
    checkInput(Input.text, screenName, 'A screen name');
    checkInput(Input.check, options, 'Screen name check options');
    const receipt = this.getState().consent?.receipt ?? rememberedUnder(screenName);
    const body = { room: this.#options.room, screenName, ...(options.invite ? { invite: options.invite } : {}), ...(receipt ? { receipt } : {}) };
    return (await this.#guard(() => this.api.checkScreenName(body, options.signal), () => false)).screenName;
  }

  /** Fetches what the room requires before joining (terms version, consents). */
  loadPolicy(signal?: AbortSignal) {
    return this.#loadPolicy(signal);
  }

  async #loadPolicy(signal?: AbortSignal, report?: () => boolean) {
    checkSignal(signal);
    const policy = await this.#guard(() => this.api.policy(this.#options.room, signal), report);
    this.#store.setState((s) => ({ ...s, policy }));
    return policy;
  }

  /**
   * Records the person's answers with the server kit and keeps the signed receipt.
   * Under 13 is refused here, before anything leaves the browser.
   */
  giveConsent(answers: ConsentAnswers, signal?: AbortSignal): Promise<ConsentState> {
    // Refused at once: a slip in the page does not wait behind consent calls already queued.
    const bad = inputError(Input.consent, answers, 'Consent answers');
    return bad ? Promise.reject(bad) : this.#queued(async () => (await this.#consent(answers, undefined, signal)).consent, signal);
  }

  /**
   * Changes some answers of the current consent, in the room or before it:
   * say `{ broadcast: true }` before asking to go live, when the person
   * declined the camera on joining. The new consent replaces the current one
   * (the same person on the server); the age, the other answers, "remember
   * me" and the screen name stay as they were given.
   *
   * @throws ParlorError `consent_required` without a current consent;
   * `consent_replaced` when another tab replaced or withdrew this page's
   * answer and this device remembers no newer one (the stale answer is then
   * forgotten here: `state.consent` is undefined and the consent step asks
   * again on the next join); or the server's refusal.
   */
  changeConsent(purposes: Partial<Purposes>, signal?: AbortSignal): Promise<ConsentState> {
    const bad = inputError(Input.change, purposes, 'Consent changes');
    return bad ? Promise.reject(bad) : this.#queued(() => this.#changeConsent(purposes, signal), signal);
  }

  /** The end of the queue of consent answers, changes, withdrawals and deletions. */
  #changing: Promise<unknown> = Promise.resolve();
  /** Consent calls queued or running: a join waits only when there are some (else it must not yield at all). */
  #inQueue = 0;

  /**
   * Runs `task` after every consent answer, change, withdrawal or deletion asked
   * before it. Two changes at once (the recording question's yes and "go live?")
   * would both replace the same receipt and the later would drop the other's
   * change; a change after a withdrawal would bring the withdrawn consent back.
   * `signal` also ends the wait (a change that never answers must not hold a
   * withdrawal the person cancels); what comes later still waits its turn.
   */
  #queued<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Before anything waits on it: not an AbortSignal is the caller's slip (bad_request), told at once.
    const bad = signalError(signal);
    if (bad) return Promise.reject(bad);
    const turn = this.#changing;
    const run = untilSettled(turn, signal).then(task);
    this.#changing = turn.then(() => run).catch(() => {});
    this.#inQueue++;
    const done = () => void this.#inQueue--;
    void run.then(done, done);
    return run;
  }

  async #changeConsent(purposes: Partial<Purposes>, signal?: AbortSignal): Promise<ConsentState> {
    const { consent: current, rememberedName } = this.getState();
    const age = this.#consentAge;
    if (!current || age === undefined) throw this.#fail(new ParlorError(ErrorCode.ConsentRequired, 'There is no consent to change yet.'));
    // What is remembered now stays remembered, under its name; a "remember me" waiting for a join
    // (its name was refused) still waits.
    const waiting = this.#rememberOnJoin;
    const remember = rememberedName !== undefined;
    const { consent } = await this.#consent(
      { age, purposes: { ...current.record.purposes, ...purposes }, remember, ...(remember ? { screenName: rememberedName } : {}) },
      undefined,
      signal,
      purposes,
    );
    this.#rememberOnJoin ||= waiting;
    return consent;
  }

  /**
   * What giveConsent() does. With `join` (join() with answers), the same
   * request asks for the token too, and a failure is join()'s to report.
   * `change` (changeConsent): the answers the person means to change; the
   * others are kept from whichever answer the new one replaces.
   */
  async #consent(answers: ConsentAnswers, join?: ConsentRequest['join'], signal?: AbortSignal, change?: Partial<Purposes>) {
    const report = () => join === undefined;
    // A whole number from 0 to MAX_AGE by now (Input.consent).
    if (answers.age < 13) {
      // Nothing of a child is kept: not even a name "remember me" kept on this device before.
      this.forgetRemembered();
      const e = new ParlorError(ErrorCode.UnderAge, 'Sorry, this service is not available to you.');
      throw report() ? this.#fail(e) : e;
    }
    const policy = this.getState().policy ?? (await this.#loadPolicy(signal, report));
    // The receipt in memory, else the one "remember me" kept from an earlier visit when the same
    // person answers again (under the remembered screen name): their earlier answer, which the new
    // one replaces (same subject on the server) rather than leaving it active where nothing here can
    // reach it. Someone else on the same device (another name) is never linked to it.
    const held = this.getState().consent?.receipt;
    const remembered = rememberedUnder(answers.screenName);
    const gpc = globalPrivacyControl();
    const ask = (previousReceipt: string | undefined, purposes = answers.purposes) =>
      this.api.consent(
        {
          room: this.#options.room,
          termsVersion: policy.termsVersion,
          age: answers.age,
          purposes: { ...purposes, analytics: (purposes.analytics ?? true) && !gpc },
          ...(gpc ? { gpc } : {}),
          ...(previousReceipt ? { previousReceipt } : {}),
          ...(join ? { join } : {}),
        },
        signal,
      );
    const res = await this.#guard(
      () =>
        held
          ? // Replaced in another tab of this device ("remember me" there gave its answer anew): when the
            // remembered answer is the same person's, for this room, it is their current one, and the one
            // to replace: built on its answers (those given there stand), with only the change asked here.
            ask(held).catch((e: ParlorError) => {
              const current = e.code === ErrorCode.ConsentReplaced && remembered !== undefined && remembered !== held ? receiptRecord(remembered) : undefined;
              const mine = this.getState().consent?.record;
              if (!current || !mine || current.subject !== mine.subject || current.room !== this.#options.room) throw e;
              return ask(remembered, change ? { ...current.purposes, ...change } : answers.purposes);
            })
          : remembered
            ? // One the server refuses (400, 401 or 403: expired, another room's, someone else's; 409: no
              // longer active; nothing is stored then) is left out.
              ask(remembered).catch((e: ParlorError) =>
                e.status !== undefined && (e.status < 404 || e.code === ErrorCode.ConsentReplaced) && e.code !== ErrorCode.UnderAge
                  ? ask(undefined)
                  : Promise.reject(e),
              )
            : ask(undefined),
      report,
    ).catch((e: unknown) => {
      // This page's answer is no longer active on the server, and nothing here can name the current one:
      // it is forgotten here (not on the device, whose remembered receipt may be another tab's).
      if (held && e instanceof ParlorError && e.code === ErrorCode.ConsentReplaced && this.getState().consent?.receipt === held) this.#forgetConsent(false);
      throw e;
    });
    const consent = { record: res.record, receipt: res.receipt };
    this.#consentAge = answers.age;
    // The token's refusal, when the same request asked for one (join() throws it).
    const joinError = res.joinError && errorFromAnswer(res.joinError.error, res.joinError.status);
    const remember = answers.remember === true && answers.screenName !== undefined;
    // A screen name the server refused in the same answer is not remembered: the name that next
    // joins with this consent is (#join).
    this.#rememberOnJoin = remember && isNameRefusal(joinError?.code);
    // Not ticked this time: what an earlier consent remembered goes (its receipt is superseded anyway).
    const rememberedName = this.#remember(remember && !this.#rememberOnJoin ? answers.screenName : undefined, res.receipt);
    this.#store.setState((s) => ({ ...s, consent, rememberedName }));
    this.emit('consentChanged', consent);
    return { consent, res, joinError };
  }

  /**
   * Forgets what "remember me" kept on this device (the screen name and its receipt), as an answer
   * of an age under 13 does; a consent held in this page stays.
   */
  forgetRemembered(): void {
    // Nor written at the next join: a "remember me" waiting for one (its name was refused) is dropped.
    this.#rememberOnJoin = false;
    forgetRemembered();
    this.#store.setState((s) => (s.rememberedName === undefined ? s : { ...s, rememberedName: undefined }));
  }

  /** Keeps `screenName` with `receipt` on this device ("remember me"), or with no name forgets what was; returns the name. */
  #remember(screenName: string | undefined, receipt: string): string | undefined {
    if (screenName !== undefined) writeRemembered({ screenName, receipt });
    else forgetRemembered();
    return screenName;
  }

  /**
   * join() with the consent answers: one request records them and answers the
   * token. That request is not cancelled with the join: once sent, the server
   * may have recorded the consent, and the receipt must reach the person (the
   * join stops right after it).
   */
  async #tokenWithConsent(answers: ConsentAnswers, join: NonNullable<ConsentRequest['join']>, signal: AbortSignal): Promise<TokenResponse> {
    // The join's name unless the answers name one (an explicit `screenName: undefined` is none).
    const { consent, res, joinError } = await this.#consent({ ...answers, screenName: answers.screenName ?? join.screenName }, join);
    if (signal.aborted) throw joinCancelled();
    if (joinError) throw joinError;
    // A server kit from before `join` records the consent only: ask for the token as before.
    if (res.join === undefined) return this.api.token({ room: this.#options.room, ...join, receipt: consent.receipt }, signal);
    return checkedAnswer(tokenResponseSchema, res.join);
  }

  /** Withdraws consent: publishing stops on the server at once; remembered data is forgotten. */
  withdrawConsent(signal?: AbortSignal): Promise<void> {
    // In the queue: a change under way ends first (the answer it makes is the one withdrawn, not one
    // left active), and a change asked after this finds no consent to change.
    return this.#queued(async () => {
      const receipt = this.getState().consent?.receipt;
      if (receipt) await this.#guard(() => this.api.withdrawConsent(receipt, signal));
      if (receipt) this.#withdrawn.push(receipt);
      this.#forgetConsent();
    }, signal);
  }

  /** The consent ended (withdrawn, or the data deleted): nothing of it stays in memory or, with `device`, on this device. */
  #forgetConsent(device = true): void {
    this.#consentAge = undefined;
    if (device) forgetRemembered();
    this.#store.setState((s) => ({ ...s, consent: undefined, rememberedName: undefined }));
    this.emit('consentChanged', undefined);
  }

  /**
   * The page lost its chat right in the room, which the server kit takes
   * when the person's consent ends: if the consent this page holds ended
   * elsewhere (withdrawn or deleted in another window, or by the host), it is
   * forgotten here too and, while still in that session, `consentEnded` says
   * so. The kit takes the right before it records the end, so an `active`
   * answer is asked again a little later while chat stays off. In the consent
   * queue: this page's own withdrawal or deletion finishes first (and leaves
   * nothing to check). A check that fails (network, an older kit) changes
   * nothing.
   */
  #checkConsentStands(session: RoomSession, attempt = 0): void {
    this.#queued(async () => {
      if (this.#session !== session) return;
      const status = await this.#consentStatus(AbortSignal.timeout(CONSENT_CHECK_TIMEOUT_MS), session);
      const later = CONSENT_RECHECK_MS[attempt];
      if (status === 'active' && later !== undefined && this.getState().local?.can.chat === false) {
        setTimeout(() => this.#checkConsentStands(session, attempt + 1), later);
      }
    }).catch(() => {});
  }

  /**
   * Asks the server kit whether the consent this page holds still stands (it
   * may have ended in another window, or been replaced there); if not, it is
   * forgotten here (and on the device when that holds the same receipt), as
   * `consentChanged(undefined)` says. Resolves to the consent held after the
   * check; a check that fails (network, an older kit) changes nothing.
   */
  async refreshConsent(signal?: AbortSignal): Promise<ConsentState | undefined> {
    await this.#queued(() => this.#consentStatus(signal), signal);
    return this.getState().consent;
  }

  /**
   * The held consent's status per the kit: `ended` once forgotten here (and,
   * while `session` is the page's, announced with `consentEnded` right after
   * `consentChanged`); undefined without one, or when the check failed.
   */
  async #consentStatus(signal?: AbortSignal, session?: RoomSession): Promise<'active' | 'ended' | undefined> {
    const held = this.getState().consent;
    if (!held) return undefined;
    const status = await this.api.consentStatus(held.receipt, signal).then(
      (answer) => answer.status,
      // A receipt the kit no longer accepts (expired, its secret changed) stands no more either.
      (e: unknown) => (e instanceof ParlorError && isConsentEnded(e.code) ? 'ended' : undefined),
    );
    if (!status || this.getState().consent?.receipt !== held.receipt) return undefined;
    if (status === 'active') return status;
    this.#forgetEnded(held.receipt);
    if (session && this.#session === session) this.emit('consentEnded');
    return 'ended';
  }

  /** `receipt` no longer stands: forgotten if the page still holds it, and on the device when that holds it too. */
  #forgetEnded(receipt: string): void {
    if (this.getState().consent?.receipt === receipt) this.#forgetConsent(readRemembered()?.receipt === receipt);
  }

  /**
   * Whether this page holds a consent, or withdrew one whose record the
   * server keeps until the data is deleted: either way `myData()` and
   * `requestDeletion()` work (as they do with a receipt remembered on the
   * device). Changes come with `consentChanged`.
   */
  get dataAccess(): boolean {
    return this.getState().consent !== undefined || this.#withdrawn.length > 0;
  }

  /** Everything the server kit holds about this person, as JSON (after a withdrawal too). */
  async myData(signal?: AbortSignal): Promise<MyData> {
    checkSignal(signal);
    const receipt = this.#receiptOrThrow();
    return this.#guard(() => this.api.myData(receipt, signal));
  }

  /**
   * Deletes this person's data on the server and on this device: what the
   * receipt held refers to and then, as far as the server still accepts
   * them, what consents this page withdrew earlier refer to (a new consent
   * after a withdrawal is a new person to the server). Resolves to the
   * server's answer for the first.
   */
  requestDeletion(signal?: AbortSignal): Promise<DeletionResponse> {
    return this.#queued(async () => {
      const receipt = this.#receiptOrThrow();
      const result = await this.#guard(() => this.api.requestDeletion(receipt, signal));
      const kept: string[] = [];
      for (const old of this.#withdrawn) {
        if (old === receipt) continue;
        // One the server no longer accepts (expired, its secret changed) cannot be reached any more.
        await this.api.requestDeletion(old, signal).catch((e: unknown) => {
          if (!(e instanceof ParlorError && (e.status === 401 || e.status === 403))) kept.push(old);
        });
      }
      this.#withdrawn = kept;
      this.#forgetConsent();
      return result;
    }, signal);
  }

  /**
   * Starts downloading the media code (livekit-client) without connecting to
   * anything, so a later `join()` does not wait for it. Safe to call many
   * times; a failed download is retried by the next call or by `join()`.
   */
  preload(): Promise<void> {
    return loadSession().then(() => undefined);
  }

  /** Gets a token from the server kit, loads livekit-client and connects. */
  async join(options: JoinOptions): Promise<void> {
    checkInput(Input.join, options, 'Join options');
    if (this.#session || this.#joining) throw new ParlorError(ErrorCode.Conflict, 'Already in the room, or joining it.');
    if (options.signal?.aborted) throw joinCancelled();
    const abort = new AbortController();
    const cancel = () => abort.abort();
    // Claimed now, so a leave() from here on cancels this join, even while it waits for an earlier leave().
    this.#joining = abort;
    // An earlier join's token moderates nothing for this one.
    this.#token = undefined;
    options.signal?.addEventListener('abort', cancel, { once: true });
    const run = this.#afterLeave(options, abort.signal).finally(() => {
      options.signal?.removeEventListener('abort', cancel);
      if (this.#joining === abort) this.#joining = undefined;
      if (this.#joinRun === settled) this.#joinRun = undefined;
    });
    const settled = run.catch(() => {});
    this.#joinRun = settled;
    return await run;
  }

  /** The join of `signal` is over (in the room, or failed): the client no longer waits for it. */
  #release(signal: AbortSignal): void {
    if (this.#joining?.signal !== signal) return;
    this.#joining = undefined;
    this.#joinRun = undefined;
  }

  async #afterLeave(options: JoinOptions, signal: AbortSignal): Promise<void> {
    // Never inside the caller's emit: a listener that joins again from 'statusChanged' or
    // 'disconnected' sees 'authorizing' only after every listener heard how the last connection ended.
    await null;
    // A leave() under way finishes first, so the old connection has ended (and said so).
    // (That leave() may be one that cancels this join: stop waiting then, it waits for us.)
    const aborted = new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    while (this.#leaving && !signal.aborted) await Promise.race([this.#leaving.catch(() => {}), aborted]);
    if (signal.aborted) throw joinCancelled();
    // A consent call under way ends first (the check after this page was pushed out, say): its
    // answer says whether the receipt held here may still be sent. With none, no wait: the join's
    // request leaves before the page draws anything (bench/NOTES.md, join).
    if (this.#inQueue > 0) {
      await untilSettled(this.#changing, signal).catch(() => {
        throw joinCancelled();
      });
    }
    return this.#join(options, signal);
  }

  async #join(options: JoinOptions, signal: AbortSignal): Promise<void> {
    const viewer = options.mode === 'viewer';
    const stopIfCancelled = () => {
      if (signal.aborted) throw joinCancelled();
    };
    this.#setStatus('authorizing');
    // The media code downloads while the token is fetched.
    const sessionModule = loadSession();
    sessionModule.catch(() => {});
    try {
      const request = {
        screenName: options.screenName,
        ...(options.invite ? { invite: options.invite } : {}),
        mode: viewer ? ('viewer' as const) : ('participant' as const),
      };
      const receipt = this.getState().consent?.receipt;
      const token = options.consent
        ? await this.#tokenWithConsent(options.consent, request, signal)
        : await this.api.token({ room: this.#options.room, ...request, ...(receipt ? { receipt } : {}) }, signal).catch((e: unknown) => {
            // The consent this page holds no longer stands (withdrawn or replaced in another window, or
            // the terms changed): it is forgotten, so the next join asks again instead of sending it again.
            if (receipt && e instanceof ParlorError && isConsentEnded(e.code)) this.#forgetEnded(receipt);
            throw e;
          });
      stopIfCancelled();
      this.#token = token.token;
      const receiptNow = this.getState().consent?.receipt;
      if (this.#rememberOnJoin && receiptNow) {
        this.#rememberOnJoin = false;
        const rememberedName = this.#remember(token.screenName, receiptNow);
        this.#store.setState((s) => ({ ...s, rememberedName }));
      }
      this.#setStatus('connecting');
      const { RoomSession } = await sessionModule;
      stopIfCancelled();
      const session: RoomSession = new RoomSession(this.#store, (e, ...a) => this.emit(e, ...a), {
        viewer,
        ...(this.#options.chat ? { chat: this.#options.chat } : {}),
        ...this.#options.livekit,
        // Before the session tells anyone the connection ended: a listener may reset() or join() again.
        onEnd: () => {
          if (this.#session === session) this.#session = undefined;
        },
        onChatRevoked: () => this.#checkConsentStands(session),
        // That window's answer may have replaced this one's: found out now, in the consent queue,
        // which a rejoin waits for, so the rejoin asks for answers instead of sending a dead receipt.
        onReplaced: () => void this.refreshConsent(AbortSignal.timeout(CONSENT_CHECK_TIMEOUT_MS)).catch(() => {}),
      });
      this.#session = session;
      // The chat log stays: a rejoin after a lost connection keeps the conversation and its failed messages.
      this.#store.setState((s) => ({
        ...s,
        recording: false,
        disconnectReason: undefined,
        error: undefined,
        local: {
          identity: token.identity,
          screenName: token.screenName,
          role: token.role,
          grants: token.grants,
          can: {
            publish: token.grants.canPublish,
            chat: token.grants.canPublishData,
            moderate: token.grants.canModerate,
            subscribe: token.grants.canSubscribe,
          },
          camera: false,
          microphone: false,
          screen: false,
          handRaised: false,
          recordingConsentNeeded: false,
        },
      }));
      stopIfCancelled();
      await session.connect(token.url, token.token);
      stopIfCancelled();
      // In the room: the join is over, so a listener may leave() without waiting for a camera
      // prompt, or join() again once this connection is lost.
      this.#release(signal);
      this.#setStatus('connected');
      this.#analytics('joined');
      const can = this.getState().local?.can;
      if (!viewer && can?.publish) {
        // Only while this connection is the client's: after a leave() or a new join(), nothing turns on.
        if (options.camera && this.#session === session) await this.setCamera(true).catch(() => {});
        if (options.microphone && this.#session === session) await this.setMicrophone(true).catch(() => {});
      }
    } catch (error) {
      // Cancelled (leave() or the caller's signal): not a failure to report.
      const cancelled = signal.aborted;
      const e = cancelled ? joinCancelled() : ParlorError.from(error, ErrorCode.Network);
      const session = this.#session;
      this.#session = undefined;
      await session?.disconnect().catch(() => {});
      // Over before anyone hears of it: a 'statusChanged' or 'error' listener may join() again.
      this.#release(signal);
      if (!cancelled) {
        this.#setStatus('failed', () => ({ error: e }));
        this.emit('error', e);
      } else if (this.getState().status !== 'disconnected') {
        // Cancelled before LiveKit had a connection to close: say so here.
        this.#setStatus('disconnected', leftReason);
      }
      throw e;
    }
  }

  /** Leaves the room (or cancels the join under way); unsent messages show as failed. */
  leave(): Promise<void> {
    const run = this.#leave().finally(() => {
      if (this.#leaving === run) this.#leaving = undefined;
    });
    this.#leaving = run;
    return run;
  }

  async #leave(): Promise<void> {
    const joining = this.#joining;
    const joinRun = this.#joinRun;
    this.#joining = undefined;
    joining?.abort();
    const session = this.#session;
    this.#session = undefined;
    this.#token = undefined;
    if (session) {
      // Left, whatever livekit-client says on the way out: the room is over for this page.
      await session.disconnect().catch(() => {});
      this.#analytics('left');
    }
    // A cancelled join unwinds (its token request, its Room) before this one is over.
    await joinRun;
    this.#setStatus('disconnected', leftReason);
  }

  /** Back to the pre-join state after leaving, keeping policy and consent. */
  reset(): void {
    if (this.#session) return;
    this.#setStatus('idle', () => ({ disconnectReason: undefined, error: undefined, participants: [], local: undefined }));
  }

  /** Turns the camera on or off (off mutes the track); `not_allowed` without publish rights. */
  async setCamera(enabled: boolean): Promise<void> {
    await this.#media('camera', enabled);
    if (enabled) this.#analytics('went_live');
  }

  /** Turns the microphone on or off; `not_allowed` without publish rights. */
  setMicrophone(enabled: boolean): Promise<void> {
    return this.#media('microphone', enabled);
  }

  /** Starts or stops sharing the screen (the browser asks which one). */
  setScreenShare(enabled: boolean): Promise<void> {
    return this.#media('screen_share', enabled);
  }

  /**
   * Says how large a remote video is shown, so LiveKit sends the smallest layer
   * that is sharp at that size instead of the largest (a grid of small tiles
   * then costs a fraction of the bandwidth). `null` when the video is not shown
   * at all (a tile on another page): LiveKit stops sending it until a size
   * comes again. The last request holds until the track goes, also across a
   * reconnect. Call it again whenever the size changes; `<parlor-video-grid>`
   * does this for its tiles. Returns false when not in a room or when no
   * remote video has that sid (it may just have gone); throws `bad_request`
   * (with `issues`) for a size that is not two whole numbers from 0 to 16384.
   */
  setVideoSize(trackSid: string, size: VideoSize | null): boolean {
    const parsed = size === null ? null : videoSizeSchema.safeParse(size);
    if (parsed && !parsed.success) {
      throw new ParlorError(ErrorCode.BadRequest, `Not a video size: whole pixels from 0 to ${MAX_VIDEO_SIZE}, or null.`, {
        issues: toIssues(parsed.error.issues),
      });
    }
    return this.#session?.setVideoSize(trackSid, parsed && parsed.data) ?? false;
  }

  /** Resumes audio after the browser blocked autoplay; call from a click. */
  async startAudio(): Promise<void> {
    const session = this.#session;
    if (session) {
      await this.#guard(() =>
        session.room.startAudio().catch((cause: unknown) => {
          throw new ParlorError(ErrorCode.AudioBlocked, 'The browser did not let the sound play. Try again with a click or a key.', { cause });
        }),
      );
    }
    this.#store.setState((s) => ({ ...s, audioBlocked: false }));
  }

  /**
   * Sends a chat message. It appears at once as `sending`, is delivered after
   * a reconnect if the connection drops, and ends `sent` or `failed`.
   */
  sendChat(text: string): ChatMessage {
    checkInput(Input.text, text, 'A chat message');
    const session = this.#requireSession();
    const local = this.getState().local;
    if (!local?.can.chat) {
      throw this.#fail(new ParlorError(ErrorCode.NotAllowed, 'You cannot chat in this room.'));
    }
    // Slow mode is set by moderators in the room metadata; moderators are exempt.
    const slow = (this.getState().roomMetadata.slowModeSeconds ?? 0) * 1000;
    const wait = this.#lastChatAt + slow - Date.now();
    if (slow > 0 && !local.can.moderate && wait > 0) {
      const retryAfter = Math.ceil(wait / 1000);
      throw this.#fail(new ParlorError(ErrorCode.RateLimited, `Slow mode is on: you can send again in ${retryAfter} s.`, { retryAfter }));
    }
    let message: ChatMessage;
    try {
      message = session.chat.send(text, { identity: local.identity, name: local.screenName });
    } catch (error) {
      throw this.#fail(ParlorError.from(error));
    }
    this.#lastChatAt = Date.now();
    this.#analytics('message_sent');
    return message;
  }

  /** Sends a failed message again (one on its way already is left as it is); `not_found` for no such message. */
  retryMessage(id: string): void {
    if (!this.#requireSession().chat.retry(id)) throw this.#fail(new ParlorError(ErrorCode.NotFound, 'No such message.'));
  }

  /** Deletes a message: your own, or anyone's when you moderate. */
  async deleteMessage(id: string): Promise<void> {
    const session = this.#requireSession();
    const m = session.chat.get(id);
    const local = this.getState().local;
    if (!m || !local) throw this.#fail(new ParlorError(ErrorCode.NotFound, 'No such message.'));
    if (m.from.identity !== local.identity && !local.can.moderate) {
      throw this.#fail(new ParlorError(ErrorCode.NotAllowed, 'Only moderators can delete other people’s messages.'));
    }
    await this.#guard(() => session.sendControl({ v: 1, type: 'delete', id }));
    if (session.chat.markDeleted(id)) this.emit('messageDeleted', id);
  }

  /** Raises or lowers the hand ("ask to go live"); moderators see it and can approve. */
  async raiseHand(raised = true): Promise<void> {
    checkInput(Input.on, raised, 'raiseHand');
    const session = this.#requireSession();
    // The hand travels as a data message: without data rights (anonymous viewers) it could not be sent.
    if (!this.getState().local?.can.chat) {
      throw this.#fail(new ParlorError(ErrorCode.NotAllowed, 'Join as a participant to ask to go live.'));
    }
    await this.#guard(() => session.sendControl({ v: 1, type: 'hand', raised }));
    // Shown once the others could be told.
    const me = this.getState().local?.identity;
    if (me) session.setHand(me, raised);
  }

  /** Moderators: removes someone from the room (they may come back unless banned). */
  kick(identity: string, reason?: string) {
    return this.#moderate(ModerationAction.Kick, { target: identity, ...(reason ? { reason } : {}) });
  }
  /** Moderators: removes someone and keeps them out of this room. */
  ban(identity: string, reason?: string) {
    return this.#moderate(ModerationAction.Ban, { target: identity, ...(reason ? { reason } : {}) });
  }
  /** Moderators: lifts a ban. */
  unban(identity: string) {
    return this.#moderate(ModerationAction.Unban, { target: identity });
  }
  /** Moderators: mutes someone's microphone. */
  mute(identity: string) {
    return this.#moderate(ModerationAction.Mute, { target: identity });
  }
  /** Moderators: turns someone's camera off. */
  closeCamera(identity: string) {
    return this.#moderate(ModerationAction.CloseCamera, { target: identity });
  }
  /**
   * Moderators: lets someone who raised a hand publish (the server kit re-grants in LiveKit).
   * `not_agreed` when they have not agreed to all it needs: broadcast consent and, where the room
   * is or may be recorded, recording consent.
   */
  approveLive(identity: string) {
    return this.#moderate(ModerationAction.ApproveLive, { target: identity });
  }
  /** Moderators: takes publishing rights away again. */
  revokeLive(identity: string) {
    return this.#moderate(ModerationAction.RevokeLive, { target: identity });
  }
  /** Moderators: a locked room refuses newcomers (`room_locked`); moderators still get in. */
  async lockRoom(locked = true): Promise<ModerationResponse> {
    checkInput(Input.on, locked, 'lockRoom');
    return this.#moderate(locked ? ModerationAction.Lock : ModerationAction.Unlock, {});
  }
  /** Moderators: minimum seconds between one person's messages; 0 turns it off. */
  setSlowMode(seconds: number) {
    return this.#moderate(ModerationAction.SlowMode, { seconds });
  }

  /** Lists cameras, microphones and speakers (labels only after permission). */
  async listDevices(): Promise<RoomState['devices']> {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices) return this.getState().devices;
    const all = await navigator.mediaDevices.enumerateDevices().catch((cause: unknown) => {
      throw this.#fail(mediaError(cause));
    });
    const devices = {
      videoinput: all.filter((d) => d.kind === 'videoinput'),
      audioinput: all.filter((d) => d.kind === 'audioinput'),
      audiooutput: all.filter((d) => d.kind === 'audiooutput'),
    };
    this.#store.setState((s) => ({ ...s, devices }));
    return devices;
  }

  /**
   * Switches the active camera, microphone or speaker while in the room.
   * Fails with `no_device` when that device cannot be used, `camera_denied`
   * when the browser refuses it.
   */
  async switchDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
    checkInput(Input.device, { kind, deviceId }, 'switchDevice');
    const room = this.#requireSession().room;
    let switched: boolean;
    try {
      switched = await room.switchActiveDevice(kind, deviceId, true);
    } catch (cause) {
      throw this.#fail(mediaError(cause));
    }
    if (!switched) throw this.#fail(new ParlorError(ErrorCode.NoDevice, 'That device could not be used.'));
  }

  /** The device in use for `kind` while in the room (undefined before joining). */
  activeDevice(kind: MediaDeviceKind): string | undefined {
    return this.#session?.room.getActiveDevice(kind);
  }

  async #moderate(action: ModerationAction, body: { target?: string; reason?: string; seconds?: number }): Promise<ModerationResponse> {
    checkInput(Input.moderation, body, `Moderation (${action})`);
    // In the room, or joining it (the join's token, before its session): not with what a left room held.
    const token = this.#session?.token ?? (this.#joining && this.#token);
    if (!token) throw new ParlorError(ErrorCode.NotConnected, 'Not in the room.');
    if (!this.getState().local?.can.moderate) {
      throw this.#fail(new ParlorError(ErrorCode.NotAllowed, 'Only moderators can do that.'));
    }
    return this.#guard(() => this.api.moderate(action, { room: this.#options.room, ...body }, token));
  }

  async #media(source: 'camera' | 'microphone' | 'screen_share', enabled: boolean): Promise<void> {
    checkInput(Input.on, enabled, `Turning the ${source} on or off`);
    const session = this.#requireSession();
    if (enabled && !this.getState().local?.can.publish) {
      throw this.#fail(new ParlorError(ErrorCode.NotAllowed, 'You cannot go on camera in this room yet. Ask to go live.'));
    }
    // A connection that has ended meanwhile (a prompt answered after a rejoin) reports nothing.
    await this.#guard(() => session.setSource(source, enabled), () => this.#session === session);
  }

  #requireSession(): RoomSession {
    if (!this.#session) throw new ParlorError(ErrorCode.NotConnected, 'Not in the room.');
    return this.#session;
  }

  #receiptOrThrow(): string {
    // This page's own before the device's, which may be another room's or another person's (another tab).
    const receipt = this.getState().consent?.receipt ?? this.#withdrawn.at(-1) ?? readRemembered()?.receipt;
    if (!receipt) throw new ParlorError(ErrorCode.ConsentRequired, 'There is no consent on record for you here.');
    return receipt;
  }

  /**
   * Moves to `status`, with `extra` changes in the same snapshot (applied even
   * when the status stays), and emits statusChanged when the status changed.
   */
  #setStatus(status: RoomState['status'], extra?: (s: RoomState) => Partial<RoomState>): void {
    const previous = this.getState().status;
    if (previous === status && !extra) return;
    this.#store.setState((s) => ({ ...s, ...extra?.(s), status }));
    if (previous !== status) this.emit('statusChanged', status, previous);
  }

  #analytics(name: AnalyticsEvent['name']): void {
    if (!this.getState().consent?.record.purposes.analytics || globalPrivacyControl()) return;
    this.emit('analytics', { name, room: this.#options.room, at: Date.now() });
  }

  #fail(error: ParlorError): ParlorError {
    this.emit('error', error);
    return error;
  }

  /** Runs `fn`; its failure is a ParlorError, reported as an 'error' event unless `report()` says otherwise. */
  async #guard<T>(fn: () => Promise<T>, report = () => true): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = ParlorError.from(error);
      throw report() ? this.#fail(e) : e;
    }
  }
}
