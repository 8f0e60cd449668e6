// Chat on the wire: sending through an outbox that survives reconnects,
// receiving with validation, size caps and per-sender rate limits.
import { RoomEvent } from 'livekit-client';
import type { RemoteParticipant, Room, TextStreamReader } from 'livekit-client';
import { ChatLog } from './chat-log.js';
import { Outbox, RECENT_CAP } from './chat-outbox.js';
import type { OutboxItem } from './chat-outbox.js';
import { ErrorCode, ParlorError } from './errors.js';
import type { ChatMessage } from './types.js';
import {
  ATTR_MESSAGE_ID,
  ATTR_TIMESTAMP,
  ATTR_VERSION,
  CHAT_TOPIC,
  MAX_MESSAGE_BYTES,
  WIRE_VERSION,
  chatAttributesSchema,
  utf8Length,
} from './wire.js';
import { RateLimiter } from './rate-limiter.js';
import { discard, readCapped } from './stream-read.js';

/** Dropped streams read away per task. */
const DISCARD_BATCH = 200;
/** How long after each sync request a peer's catch-up may go over its display rate. */
export const CATCH_UP_MS = 15_000;

export interface ChatOptions {
  /** Messages per second shown from one sender (sustained). */
  ratePerSecond?: number | undefined;
  /** Burst of messages shown from one sender before the rate applies. */
  rateBurst?: number | undefined;
  /** How long after sending a message is re-sent if a reconnect follows (receivers de-duplicate). */
  resendWindowMs?: number | undefined;
  /** How many times a send is tried before the message shows as failed. */
  maxAttempts?: number | undefined;
}

interface Host {
  room: Room;
  isConnected(): boolean;
  update(fn: (log: ChatLog<ChatMessage>) => ChatLog<ChatMessage>): void;
  getLog(): ChatLog<ChatMessage>;
  nameOf(identity: string): string;
  onMessage(message: ChatMessage): void;
  onRejected(error: ParlorError): void;
}

/**
 * The chat channel of one room session. Ids index into the log so status
 * updates and de-duplication are O(log n), never a scan of the history.
 */
/** Deletes kept for messages not seen yet (a hostile peer's deletes of made-up ids push out only the oldest). */
const MAX_TOMBSTONES = 1_000;

export class ChatChannel {
  readonly #host: Host;
  readonly #index = new Map<string, number>();
  readonly #outbox: Outbox;
  readonly #limiter: RateLimiter;
  #dropped = 0;

  constructor(host: Host, options: ChatOptions = {}) {
    this.#host = host;
    this.#limiter = new RateLimiter(options.ratePerSecond ?? 20, options.rateBurst ?? 50);
    this.#outbox = new Outbox(
      {
        isConnected: () => host.isConnected(),
        transmit: (item, to) => this.#transmit(item, to),
        setStatus: (id, status) => this.#setStatus(id, status),
        onFailed: (e) => host.onRejected(e),
      },
      { resendWindowMs: options.resendWindowMs ?? 20_000, maxAttempts: options.maxAttempts ?? 5 },
    );
    // A rejoin keeps the conversation so far (failed messages can be retried): index it.
    let i = 0;
    for (const m of host.getLog()) this.#index.set(m.id, i++);
    // Registered before connect so no early message is missed.
    host.room.registerTextStreamHandler(CHAT_TOPIC, (reader, from) => {
      // Decided synchronously: a flood of dropped messages allocates no promise each.
      const id = this.#admit(reader, from.identity);
      if (id === undefined) this.#discardLater(reader);
      else void this.#receive(reader, from.identity, id).catch(() => {});
    });
  }

  /** Messages dropped by the per-sender rate limit or size cap so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Messages waiting to be delivered. */
  get pending(): number {
    return this.#outbox.pending;
  }

  /** Queues a message; it is delivered now or after the next (re)connect. */
  send(text: string, local: { identity: string; name: string }): ChatMessage {
    const trimmed = text.trim();
    if (!trimmed) throw new ParlorError(ErrorCode.BadRequest, 'A message cannot be empty.');
    if (utf8Length(trimmed) > MAX_MESSAGE_BYTES) {
      throw new ParlorError(ErrorCode.MessageTooLarge, `A message can be at most ${MAX_MESSAGE_BYTES} bytes long.`);
    }
    const message: ChatMessage = {
      id: crypto.randomUUID(),
      from: local,
      text: trimmed,
      timestamp: Date.now(),
      status: 'sending',
      local: true,
      deleted: false,
    };
    this.#append(message);
    this.#outbox.enqueue({ id: message.id, text: trimmed, timestamp: message.timestamp, attempts: 0, sentAt: undefined });
    return message;
  }

  /**
   * We asked `identity` for what we missed over the last `ms`: its answer
   * comes in one burst, which may hold more than its display burst. For a
   * while it may go over its rate by what the rate would have shown over
   * those `ms` (never more than a Parlor peer keeps to re-send), so a long
   * outage is caught up in full; unasked, its messages are limited as ever.
   */
  expectCatchUp(identity: string, ms: number): void {
    this.#limiter.allow(identity, ms, RECENT_CAP, CATCH_UP_MS);
  }

  /**
   * Puts a failed message back in the outbox; false when there is no such message, or it was
   * deleted (never sent again); one not failed stays as it is.
   */
  retry(id: string): boolean {
    const i = this.#index.get(id);
    const m = i === undefined ? undefined : this.#host.getLog().get(i);
    if (!m || m.deleted) return false;
    if (m.status !== 'failed') return true;
    this.#setStatus(id, 'sending');
    this.#outbox.enqueue({ id, text: m.text, timestamp: m.timestamp, attempts: 0, sentAt: undefined });
    return true;
  }

  /** Marks a message deleted (by its author or a moderator); ours is never sent again. */
  markDeleted(id: string): ChatMessage | undefined {
    this.#outbox.forget(id);
    const i = this.#index.get(id);
    if (i === undefined) return undefined;
    const m = this.#host.getLog().get(i);
    if (!m || m.deleted) return m;
    const next = { ...m, deleted: true, text: '' };
    this.#host.update((log) => log.set(i, next));
    return next;
  }

  /**
   * Deletes that came before their message, by id: after an outage a
   * message's re-send can arrive after its delete. `anyAuthor` when a
   * moderator or owner deleted it; otherwise it holds only for the deleter's own.
   */
  readonly #tombstones = new Map<string, { by: string; anyAuthor: boolean }>();

  /** A delete for a message not seen (yet): it arrives deleted, if the deleter may delete it. */
  rememberDeleted(id: string, by: string, anyAuthor: boolean): void {
    if (this.#index.has(id)) return;
    this.#tombstones.set(id, { by, anyAuthor });
    if (this.#tombstones.size > MAX_TOMBSTONES) this.#tombstones.delete(this.#tombstones.keys().next().value!);
  }

  get(id: string): ChatMessage | undefined {
    const i = this.#index.get(id);
    return i === undefined ? undefined : this.#host.getLog().get(i);
  }

  /** The connection broke; what was sent just before may not have arrived. */
  markBroken(): void {
    this.#outbox.markBroken();
  }

  /** How long the last break lasted (ms), for the sync request to peers. */
  get outageMs(): number {
    return this.#outbox.outageMs;
  }

  /**
   * After a reconnect: livekit-client replays its buffer only on a resume and
   * `sendText` resolves even when a full reconnect dropped the data, so every
   * message sent shortly before the break goes again (receivers de-duplicate).
   */
  resendRecent(): void {
    this.#outbox.afterReconnect();
  }

  /** Peers came back from an outage of `outageMs`: what we sent meanwhile goes to them only (no list: to everyone). */
  resendTo(identities: readonly string[] | undefined, outageMs: number): Promise<void> {
    return this.#outbox.resendTo(identities, outageMs);
  }

  /** Sends what is queued, in order, while connected. */
  flush(): Promise<void> {
    return this.#outbox.flush();
  }

  /** Resolves once the message on the wire (if any) is sent, or after `ms`. */
  settled(ms: number): Promise<void> {
    return this.#outbox.settled(ms);
  }

  /** Marks everything still queued as failed (the session ended). */
  failPending(): void {
    this.#outbox.failAll();
  }

  async #transmit(item: OutboxItem, to?: readonly string[]): Promise<void> {
    await this.#host.room.localParticipant.sendText(item.text, {
      topic: CHAT_TOPIC,
      attributes: { [ATTR_MESSAGE_ID]: item.id, [ATTR_VERSION]: WIRE_VERSION, [ATTR_TIMESTAMP]: String(item.timestamp) },
      ...(to ? { destinationIdentities: [...to] } : {}),
    });
  }

  /**
   * The id of a message to read, or undefined (and counted, unless it is a
   * duplicate) when it is dropped: a duplicate, over the size cap, or over its
   * sender's display rate. Dropped streams are read away later, in batches.
   */
  #admit(reader: TextStreamReader, identity: string): string | undefined {
    const info = reader.info;
    // Each attribute is checked on its own: one bad value must not cost the message its id.
    const id = chatAttribute(info.attributes ?? {}, ATTR_MESSAGE_ID) ?? info.id;
    // A re-send after a reconnect is dropped before the rate limit: duplicates must not use up a sender's burst.
    if (this.#index.has(id)) return undefined;
    if ((info.size ?? 0) > MAX_MESSAGE_BYTES || !this.#limiter.take(identity)) {
      this.#dropped++;
      return undefined;
    }
    return id;
  }

  /**
   * Dropped streams waiting to be read away. Most are complete single-packet
   * streams, but a sender may announce a small size (or none) and keep
   * sending, and a stream nobody reads queues all of it (stream-read.ts).
   * Reading them a batch per task keeps a flood's cost out of any one task
   * (hardening: 10,000-message burst).
   */
  readonly #toDiscard: TextStreamReader[] = [];
  #discarding = false;

  #discardLater(reader: TextStreamReader): void {
    this.#toDiscard.push(reader);
    if (!this.#discarding) {
      this.#discarding = true;
      setTimeout(() => this.#discardBatch(), 0);
    }
  }

  #discardBatch(): void {
    for (const reader of this.#toDiscard.splice(0, DISCARD_BATCH)) void discard(reader);
    if (this.#toDiscard.length > 0) setTimeout(() => this.#discardBatch(), 0);
    else this.#discarding = false;
  }

  /** Reads an admitted message (at most MAX_MESSAGE_BYTES of it) into the log. */
  async #receive(reader: TextStreamReader, identity: string, id: string): Promise<void> {
    const info = reader.info;
    let text = await readCapped(reader, MAX_MESSAGE_BYTES);
    if (text === undefined) {
      this.#dropped++;
      return;
    }
    // A re-send carries the author's original time, so it sorts as it was written.
    const sentAt = Number(chatAttribute(info.attributes ?? {}, ATTR_TIMESTAMP));
    if (this.#index.has(id)) return; // a re-send after a reconnect
    text = text.trim();
    if (!text) return;
    const tomb = this.#tombstones.get(id);
    this.#tombstones.delete(id);
    const deleted = tomb !== undefined && (tomb.anyAuthor || tomb.by === identity);
    const message: ChatMessage = {
      id,
      from: { identity, name: this.#nameOf(identity, id) },
      text: deleted ? '' : text,
      timestamp: Number.isFinite(sentAt) && sentAt > 0 ? sentAt : Number.isFinite(info.timestamp) ? info.timestamp : Date.now(),
      status: 'received',
      local: false,
      deleted,
    };
    this.#append(message);
  }

  /** Messages whose sender LiveKit had not announced yet, by identity: renamed when it is. */
  readonly #unnamed = new Map<string, string[]>();
  /** Newest author time seen per sender: a message older than that is a late re-send to be placed in order. */
  readonly #newest = new Map<string, number>();
  #watchingJoins = false;

  /**
   * A message can outrun the news that its sender joined (LiveKit announces
   * participants later than their first data): show the identity for now and
   * put the screen name on those rows once the participant is known.
   */
  #nameOf(identity: string, id: string): string {
    const room = this.#host.room;
    if (room.getParticipantByIdentity(identity)) return this.#host.nameOf(identity);
    const rows = this.#unnamed.get(identity) ?? [];
    if (rows.length < 1_000) rows.push(id);
    this.#unnamed.set(identity, rows);
    if (!this.#watchingJoins) {
      this.#watchingJoins = true;
      room.on(RoomEvent.ParticipantConnected, (p: RemoteParticipant) => {
        const pending = this.#unnamed.get(p.identity);
        if (!pending) return;
        this.#unnamed.delete(p.identity);
        const name = this.#host.nameOf(p.identity);
        this.#host.update((log) => {
          let next = log;
          for (const id of pending) {
            const i = this.#index.get(id);
            const m = i === undefined ? undefined : next.get(i);
            if (m && i !== undefined && m.from.identity === p.identity) next = next.set(i, { ...m, from: { ...m.from, name } });
          }
          return next;
        });
      });
    }
    return identity;
  }

  #append(message: ChatMessage): void {
    this.#host.update((log) => {
      const at = this.#placeFor(log, message);
      if (at === log.size) {
        this.#index.set(message.id, log.size);
        return log.push(message);
      }
      // A late re-send (its copy was lost in a reconnect): shown where its author wrote it.
      // Rare, so rebuilding the log here keeps the common append O(log n).
      const items = log.toArray();
      items.splice(at, 0, message);
      for (let i = at; i < items.length; i++) this.#index.set(items[i]!.id, i);
      return ChatLog.from(items);
    });
    this.#host.onMessage(message);
  }

  /**
   * Where a received message goes: at the end, unless its author already has
   * later messages here — then just before the first of those. Only the same
   * author's messages are compared: clocks differ between people.
   */
  #placeFor(log: ChatLog<ChatMessage>, message: ChatMessage): number {
    const author = message.from.identity;
    const newest = this.#newest.get(author) ?? -Infinity;
    this.#newest.set(author, Math.max(newest, message.timestamp));
    if (message.local || message.timestamp >= newest) return log.size;
    let at = log.size;
    for (let i = log.size - 1, looked = 0; i >= 0 && looked < 2_000; i--, looked++) {
      const m = log.get(i)!;
      if (m.from.identity !== author) continue;
      if (m.timestamp > message.timestamp) at = i;
      else break;
    }
    return at;
  }

  #setStatus(id: string, status: ChatMessage['status']): void {
    const i = this.#index.get(id);
    if (i === undefined) return;
    this.#host.update((log) => {
      const m = log.get(i);
      return m && m.status !== status ? log.set(i, { ...m, status }) : log;
    });
  }
}

/** One validated Parlor attribute; own keys only, so `__proto__` and friends are never read. */
function chatAttribute(attrs: Record<string, string>, key: typeof ATTR_MESSAGE_ID | typeof ATTR_TIMESTAMP): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(attrs, key)) return undefined;
  const parsed = chatAttributesSchema.shape[key].safeParse(attrs[key]);
  return parsed.success ? parsed.data : undefined;
}

