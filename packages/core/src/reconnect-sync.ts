// Catching up with each peer after a reconnect.
//
// After a full reconnect (a LiveKit restart, say) the server can drop data to
// and from the reconnected participant for a while, and `sendText` resolves
// all the same: measured on a real LiveKit 1.13 with both people on camera,
// nothing got through for about 1.8 s after `Reconnected`, in either
// direction (hardening/chat-faults.test.ts). One request sent at
// `Reconnected` is lost in that window, and nothing says so.
//
// So the reconnected side asks each peer again, with back-off, until that
// peer answers `synced`. A peer answers right after handing LiveKit what we
// missed; its answer arriving means the way back is open, and our request
// reaching it means the way there is, so then we re-send our own recent
// messages to the peers that answered (in one send for all who answered
// within BATCH_MS). Receivers show each message id once.
//
// Peers that cannot answer — viewers: hidden from everyone, or visible
// without data rights — get our recent messages again unasked, a little
// later, when the window has passed: as a broadcast when hidden ones may be
// in the room, else to the visible ones only.
import { MAX_SYNC_MS } from './chat-outbox.js';
import type { ControlMessage } from './wire.js';

export interface SyncPeer {
  readonly identity: string;
  /** Whether it may send data, and so can answer a sync request. */
  readonly canAnswer: boolean;
}

export interface ReconnectSyncHost {
  /** Sends a control message to these peers only. */
  send(message: ControlMessage, to: string[]): Promise<void>;
  /** We are asking `identity` for what we missed over the last `ms`: its answer, all at once, is expected. */
  asking(identity: string, ms: number): void;
  /** Re-sends our messages of the last `outageMs` (plus the re-send window) to these peers only, or to everyone. */
  resendTo(identities: readonly string[] | undefined, outageMs: number): Promise<void>;
  /** Whether people LiveKit does not list (hidden viewers) may be in the room. */
  hasHidden(): boolean;
}

/** Gaps between the tries of a sync request: tries at 0, 2, 5 and 10 s. */
export const SYNC_RETRY_MS: readonly number[] = [2_000, 3_000, 5_000];
/** When peers that cannot answer get our recent messages again, after the reconnect. */
export const UNASKED_RESEND_MS: readonly number[] = [2_000, 6_000];
/** A peer we knew that becomes active this long after our reconnect is caught up with too. */
export const SYNC_WINDOW_MS = 30_000;
/** Peers that answer within this long get our re-send together. */
export const BATCH_MS = 250;

/** The schedule (tests shorten it). */
export interface ReconnectSyncTiming {
  retryMs: readonly number[];
  unaskedMs: readonly number[];
  windowMs: number;
  batchMs: number;
}

interface Pending {
  tries: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ReconnectSync {
  readonly #host: ReconnectSyncHost;
  readonly #timing: ReconnectSyncTiming;
  readonly #pending = new Map<string, Pending>();
  /** Visible peers that cannot answer, owed our recent messages unasked. */
  readonly #unasked = new Set<string>();
  /** Peers that answered, waiting for the batched re-send. */
  readonly #answered = new Set<string>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Peers in the room before the break: only they are owed what they missed. */
  readonly #known = new Set<string>();
  #reconnectedAt = 0;
  #outageMs = 0;

  constructor(
    host: ReconnectSyncHost,
    timing: ReconnectSyncTiming = { retryMs: SYNC_RETRY_MS, unaskedMs: UNASKED_RESEND_MS, windowMs: SYNC_WINDOW_MS, batchMs: BATCH_MS },
  ) {
    this.#host = host;
    this.#timing = timing;
  }

  /** A peer is in the room (joined, or was there when we connected). */
  saw(identity: string): void {
    this.#known.add(identity);
  }

  /** A peer left while we were connected: it is owed nothing if it comes back. */
  forget(identity: string): void {
    this.#known.delete(identity);
    this.peerLeft(identity);
  }

  /**
   * We reconnected after `outageMs` away: catch up with every peer now in
   * the room, and (for the window) with each peer we knew that comes back.
   * `canSync` is false when we have no data rights ourselves.
   */
  reconnected(outageMs: number, peers: readonly SyncPeer[], canSync: boolean): void {
    this.stop();
    // Without data rights we can neither ask nor re-send: nothing to catch up.
    if (!canSync) return;
    this.#reconnectedAt = Date.now();
    this.#outageMs = outageMs;
    for (const p of peers) this.#start(p);
    for (const ms of this.#timing.unaskedMs) this.#later(ms, () => this.#resendUnasked());
  }

  /** A peer became active (can receive): catch up with it if it was here before our break. */
  peerActive(peer: SyncPeer): void {
    if (!this.#known.has(peer.identity) || this.#pending.has(peer.identity)) return;
    if (this.#reconnectedAt === 0 || Date.now() - this.#reconnectedAt > this.#timing.windowMs) return;
    this.#start(peer);
  }

  peerLeft(identity: string): void {
    this.#cancel(identity);
    this.#unasked.delete(identity);
    this.#answered.delete(identity);
  }

  /** The peer answered our request: it has re-sent what we missed; ours go to it (batched). */
  answered(identity: string): void {
    if (!this.#pending.has(identity)) return;
    this.#cancel(identity);
    this.#answered.add(identity);
    if (this.#answered.size === 1) this.#later(this.#timing.batchMs, () => this.#resendAnswered());
  }

  /** The connection ended or broke again: no more tries, nothing more re-sent. */
  stop(): void {
    for (const id of [...this.#pending.keys()]) this.#cancel(id);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#unasked.clear();
    this.#answered.clear();
    this.#reconnectedAt = 0;
  }

  /** How far back a peer must look: the outage, the time since the reconnect, and a margin. */
  #coverMs(): number {
    return Math.min(MAX_SYNC_MS, Math.round(this.#outageMs + (Date.now() - this.#reconnectedAt)) + 2_000);
  }

  #start(peer: SyncPeer): void {
    if (!peer.canAnswer) {
      this.#unasked.add(peer.identity);
      return;
    }
    const pending: Pending = { tries: 0, timer: undefined };
    this.#pending.set(peer.identity, pending);
    this.#ask(peer.identity, pending);
  }

  #ask(identity: string, pending: Pending): void {
    if (this.#pending.get(identity) !== pending) return;
    const ms = this.#coverMs();
    this.#host.asking(identity, ms);
    void this.#host.send({ v: 1, type: 'sync', ms }, [identity]).catch(() => {});
    const gap = this.#timing.retryMs[pending.tries++];
    if (gap !== undefined) {
      pending.timer = setTimeout(() => this.#ask(identity, pending), gap);
      return;
    }
    // The last try: if it goes unanswered (an older Parlor, or the way never opened), ours go anyway.
    pending.timer = setTimeout(() => {
      if (this.#pending.get(identity) !== pending) return;
      this.#pending.delete(identity);
      this.#resend([identity]);
    }, this.#timing.retryMs.at(-1) ?? 0);
  }

  #resendAnswered(): void {
    const to = [...this.#answered];
    this.#answered.clear();
    if (to.length > 0) this.#resend(to);
  }

  #resendUnasked(): void {
    if (this.#host.hasHidden()) this.#resend(undefined);
    else if (this.#unasked.size > 0) this.#resend([...this.#unasked]);
  }

  #resend(to: readonly string[] | undefined): void {
    void this.#host.resendTo(to, this.#coverMs()).catch(() => {});
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #cancel(identity: string): void {
    const p = this.#pending.get(identity);
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending.delete(identity);
  }
}
