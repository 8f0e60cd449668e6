// Catching up with each peer after a reconnect.
//
// After a full reconnect (a LiveKit restart, say) the server can drop data to
// and from the reconnected participant for a while, and `sendText` resolves
// all the same: measured on a real LiveKit 1.13 with both people on camera,
// nothing got through for about 1.8 s after `Reconnected`, in either
// direction (hardening/chat-faults.test.ts). One request sent at
// `Reconnected` is lost in that window, and nothing says so.
//
// So the reconnected side asks each peer again and again, with back-off,
// until that peer answers `synced`. A peer answers after it has re-sent what
// we missed, so its answer proves the way back works; our request reaching it
// proves the way there works, and only then do we re-send our own recent
// messages, to that peer only. Receivers show each message id once.
//
// Peers without data rights (viewers) cannot answer: they get our recent
// messages again, unasked, a little later, when the window has passed.
import type { ControlMessage } from './wire.js';

export interface SyncPeer {
  readonly identity: string;
  /** Whether it may send data, and so can answer a sync request. */
  readonly canAnswer: boolean;
}

export interface ReconnectSyncHost {
  /** Sends a control message to these peers only. */
  send(message: ControlMessage, to: string[]): Promise<void>;
  /** Re-sends our messages of the last `outageMs` (plus the re-send window) to these peers only. */
  resendTo(identities: readonly string[], outageMs: number): Promise<void>;
}

/** Gaps between the tries of a sync request: about half a minute in all. */
export const SYNC_RETRY_MS: readonly number[] = [1_500, 2_500, 4_000, 8_000, 15_000];
/** When peers that cannot answer get our recent messages again, after the reconnect. */
export const UNASKED_RESEND_MS: readonly number[] = [2_000, 6_000];
/** A peer we knew that becomes active this long after our reconnect is caught up with too. */
export const SYNC_WINDOW_MS = 30_000;

/** The schedule (tests shorten it). */
export interface ReconnectSyncTiming {
  retryMs: readonly number[];
  unaskedMs: readonly number[];
  windowMs: number;
}

interface Pending {
  tries: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ReconnectSync {
  readonly #host: ReconnectSyncHost;
  readonly #pending = new Map<string, Pending>();
  /** Peers that cannot answer, owed our recent messages unasked. */
  readonly #unasked = new Set<string>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Peers seen before the break: only they are owed what they missed. */
  #known = new Set<string>();
  #reconnectedAt = 0;
  #outageMs = 0;

  readonly #timing: ReconnectSyncTiming;

  constructor(host: ReconnectSyncHost, timing: ReconnectSyncTiming = { retryMs: SYNC_RETRY_MS, unaskedMs: UNASKED_RESEND_MS, windowMs: SYNC_WINDOW_MS }) {
    this.#host = host;
    this.#timing = timing;
  }

  /** A peer is in the room (joined, or was there when we connected). */
  saw(identity: string): void {
    this.#known.add(identity);
  }

  /**
   * We reconnected after `outageMs` away: catch up with every peer now in
   * the room, and (for SYNC_WINDOW_MS) with each peer we knew that comes back.
   * `canSync` is false when we have no data rights ourselves.
   */
  reconnected(outageMs: number, peers: readonly SyncPeer[], canSync: boolean): void {
    this.stop();
    // Without data rights we can neither ask nor re-send: nothing to catch up.
    this.#reconnectedAt = canSync ? Date.now() : 0;
    this.#outageMs = outageMs;
    if (!canSync) return;
    for (const p of peers) this.#start(p);
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
  }

  /** The peer answered our request: it has re-sent what we missed; now we re-send ours. */
  answered(identity: string): void {
    if (!this.#pending.has(identity)) return;
    this.#cancel(identity);
    void this.#host.resendTo([identity], this.#coverMs()).catch(() => {});
  }

  /** The connection ended or broke again: no more tries. */
  stop(): void {
    for (const id of [...this.#pending.keys()]) this.#cancel(id);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#unasked.clear();
  }

  /** How far back a peer must look: the outage, the time since, and a margin. */
  #coverMs(): number {
    return Math.min(300_000, Math.round(this.#outageMs + (Date.now() - this.#reconnectedAt)) + 2_000);
  }

  #start(peer: SyncPeer): void {
    if (!peer.canAnswer) {
      // One re-send to all of them at each step, not one per viewer.
      this.#unasked.add(peer.identity);
      if (this.#timers.size === 0) for (const ms of this.#timing.unaskedMs) this.#later(ms, () => this.#resendUnasked());
      return;
    }
    const pending: Pending = { tries: 0, timer: undefined };
    this.#pending.set(peer.identity, pending);
    this.#ask(peer.identity, pending);
  }

  #ask(identity: string, pending: Pending): void {
    if (this.#pending.get(identity) !== pending) return;
    void this.#host.send({ v: 1, type: 'sync', ms: this.#coverMs() }, [identity]).catch(() => {});
    const gap = this.#timing.retryMs[pending.tries++];
    if (gap === undefined) {
      // Never answered (an older Parlor, or the way never opened): re-send ours anyway, once.
      this.#pending.delete(identity);
      void this.#host.resendTo([identity], this.#coverMs()).catch(() => {});
      return;
    }
    pending.timer = setTimeout(() => this.#ask(identity, pending), gap);
  }

  #resendUnasked(): void {
    if (this.#unasked.size > 0) void this.#host.resendTo([...this.#unasked], this.#coverMs()).catch(() => {});
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
