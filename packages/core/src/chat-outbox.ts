// The sending half of chat: an ordered queue that only sends while
// connected, plus a short memory of what was sent, because livekit-client's
// `sendText` resolves even when a full reconnect silently dropped the data.
import { ErrorCode, ParlorError } from './errors.js';

/** One outgoing chat message, as the outbox tracks it. */
export interface OutboxItem {
  readonly id: string;
  readonly text: string;
  /** When the author sent it (ms since the epoch); travels as `parlor.ts`. */
  readonly timestamp: number;
  attempts: number;
  /** When `sendText` last resolved for it; undefined while queued. */
  sentAt: number | undefined;
}

/** What the outbox needs from its channel. */
export interface OutboxHost {
  isConnected(): boolean;
  /** Puts one message on the wire (`to`: only these identities). */
  transmit(item: OutboxItem, to?: readonly string[]): Promise<void>;
  setStatus(id: string, status: 'sent' | 'failed'): void;
  onFailed(error: ParlorError): void;
}

/** Options of an {@link Outbox}. */
export interface OutboxOptions {
  /** How far before a connection break sent messages are sent again. */
  resendWindowMs: number;
  /** Tries per message before it shows as failed. */
  maxAttempts: number;
  /** A `sendText` that has not resolved by then counts as failed (a full reconnect can leave it hanging). */
  sendTimeoutMs?: number;
}

/** Never keep more than this many sent messages for re-sending. */
export const RECENT_CAP = 500;
/** The longest outage a peer may ask us to cover in a sync request. */
export const MAX_SYNC_MS = 5 * 60_000;

/**
 * Delivers chat at least once across reconnects; receivers de-duplicate by
 * id, so "at least once" shows as "exactly once".
 */
export class Outbox {
  readonly #host: OutboxHost;
  readonly #options: Required<OutboxOptions>;
  readonly #queue: OutboxItem[] = [];
  readonly #recent: OutboxItem[] = [];
  #flushing = false;
  /** Deleted messages: never put on the wire again, even if one is being sent right now. */
  readonly #forgotten = new Set<string>();
  /** Sends on the wire right now: the queue's, and a re-send to peers (each settles, never rejects). */
  readonly #inflight = new Set<Promise<void>>();
  #brokeAt: number | undefined;

  constructor(host: OutboxHost, options: OutboxOptions) {
    this.#host = host;
    this.#options = { sendTimeoutMs: 10_000, ...options };
  }

  /** Messages waiting to be put on the wire. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a message and tries to send it now. */
  enqueue(item: OutboxItem): void {
    this.#queue.push(item);
    void this.flush();
  }

  /** A message was deleted: it leaves the queue and is never sent again (re-sends, sync answers). */
  forget(id: string): void {
    this.#forgotten.add(id);
    for (const list of [this.#queue, this.#recent]) {
      const i = list.findIndex((p) => p.id === id);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** The connection broke (reconnecting): remember when, for the re-send window. */
  markBroken(at = Date.now()): void {
    this.#brokeAt ??= at;
  }

  /** How long the last break lasted, for the sync request sent to peers. */
  get outageMs(): number {
    return this.#brokeAt === undefined ? 0 : Date.now() - this.#brokeAt;
  }

  /**
   * Reconnected: everything sent shortly before the break (or during it,
   * while the transport was already dead) goes again, ahead of the queue.
   */
  afterReconnect(): void {
    const since = (this.#brokeAt ?? Date.now()) - this.#options.resendWindowMs;
    this.#brokeAt = undefined;
    // Still remembered afterwards: a peer's later sync request may need them too.
    const again = this.#recent.filter((p) => (p.sentAt ?? 0) >= since && !this.#queue.includes(p));
    for (const p of again) p.attempts = 0;
    this.#queue.unshift(...again);
    void this.flush();
  }

  /**
   * Peers were away for `outageMs`: send them (or, with no list, everyone)
   * what we sent meanwhile and just before. Stops when the connection does.
   */
  async resendTo(identities: readonly string[] | undefined, outageMs: number): Promise<void> {
    const since = Date.now() - Math.min(outageMs, MAX_SYNC_MS) - this.#options.resendWindowMs;
    for (const p of this.#recent.filter((r) => (r.sentAt ?? 0) >= since)) {
      if (!this.#host.isConnected() || this.#forgotten.has(p.id)) return;
      await this.#onWire(this.#withTimeout(this.#host.transmit(p, identities))).catch(() => {});
    }
  }

  /** Sends what is queued, in order, while connected. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#queue.length && this.#host.isConnected()) {
        const next = this.#queue[0]!;
        try {
          next.attempts++;
          await this.#onWire(this.#withTimeout(this.#host.transmit(next)));
          // Removed by identity: a reconnect may have put re-sends in front meanwhile.
          this.#remove(next);
          next.sentAt = Date.now();
          if (!this.#forgotten.has(next.id)) this.#remember(next);
          this.#host.setStatus(next.id, 'sent');
        } catch (cause) {
          if (!this.#host.isConnected()) break; // sent again after the reconnect
          if (next.attempts >= this.#options.maxAttempts) {
            this.#remove(next);
            this.#host.setStatus(next.id, 'failed');
            this.#host.onFailed(ParlorError.from(cause, ErrorCode.Network));
          } else {
            await new Promise((r) => setTimeout(r, 200 * 2 ** next.attempts));
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /**
   * Resolves once the send on the wire (if any) has settled, or after `ms`.
   * Disconnecting mid-send makes livekit-client open a new peer connection
   * for the data channel that nothing ever closes (seen with 2.23.0).
   */
  settled(ms: number): Promise<void> {
    if (this.#inflight.size === 0) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, ms)));
    return Promise.race([Promise.all(this.#inflight).then(() => {}), timeout]).finally(() => clearTimeout(timer));
  }

  /** A send, counted as on the wire until it settles (leaving waits for it: settled()). */
  #onWire(sending: Promise<void>): Promise<void> {
    const done = sending.then(
      () => {},
      () => {},
    );
    this.#inflight.add(done);
    void done.then(() => this.#inflight.delete(done));
    return sending;
  }

  /**
   * The session ended: everything still queued shows as failed (the user can
   * retry), and so does what was sent shortly before a break the connection
   * never came back from — its re-send was due, and it may never have arrived.
   */
  failAll(): void {
    for (const p of this.#queue.splice(0)) this.#host.setStatus(p.id, 'failed');
    if (this.#brokeAt === undefined) return;
    const since = this.#brokeAt - this.#options.resendWindowMs;
    for (const p of this.#recent.splice(0)) if ((p.sentAt ?? 0) >= since) this.#host.setStatus(p.id, 'failed');
  }

  #remove(item: OutboxItem): void {
    const i = this.#queue.indexOf(item);
    if (i >= 0) this.#queue.splice(i, 1);
  }

  #remember(item: OutboxItem): void {
    const old = this.#recent.indexOf(item);
    if (old >= 0) this.#recent.splice(old, 1);
    this.#recent.push(item);
    // Keep what a peer's longest sync request could need, and never more than the cap.
    const since = Date.now() - MAX_SYNC_MS - this.#options.resendWindowMs;
    while (this.#recent.length > RECENT_CAP || (this.#recent.length && (this.#recent[0]!.sentAt ?? 0) < since)) {
      this.#recent.shift();
    }
  }

  #withTimeout<T>(p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ParlorError(ErrorCode.Network, 'Sending took too long.')),
        this.#options.sendTimeoutMs,
      );
      p.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}
