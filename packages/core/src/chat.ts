// Chat on the wire: sending through an outbox that survives reconnects,
// receiving with validation, size caps and per-sender rate limits.
import type { Room, TextStreamReader } from 'livekit-client';
import { ChatLog } from './chat-log.js';
import { ErrorCode, ParlorError } from './errors.js';
import type { ChatMessage } from './types.js';
import {
  ATTR_MESSAGE_ID,
  ATTR_VERSION,
  CHAT_TOPIC,
  MAX_MESSAGE_BYTES,
  WIRE_VERSION,
  chatAttributesSchema,
  utf8Length,
} from './wire.js';
import { RateLimiter } from './rate-limiter.js';

export interface ChatOptions {
  /** Messages per second shown from one sender (sustained). */
  ratePerSecond?: number;
  /** Burst of messages shown from one sender before the rate applies. */
  rateBurst?: number;
  /** How long after sending a message is re-sent if a reconnect follows (receivers de-duplicate). */
  resendWindowMs?: number;
  /** How many times a send is tried before the message shows as failed. */
  maxAttempts?: number;
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

interface Pending {
  id: string;
  text: string;
  attempts: number;
  sentAt: number | undefined;
}

/**
 * The chat channel of one room session. Ids index into the log so status
 * updates and de-duplication are O(log n), never a scan of the history.
 */
export class ChatChannel {
  readonly #host: Host;
  readonly #index = new Map<string, number>();
  readonly #outbox: Pending[] = [];
  readonly #recent: Pending[] = [];
  readonly #limiter: RateLimiter;
  readonly #resendWindowMs: number;
  readonly #maxAttempts: number;
  #flushing = false;
  #dropped = 0;

  constructor(host: Host, options: ChatOptions = {}) {
    this.#host = host;
    this.#limiter = new RateLimiter(options.ratePerSecond ?? 20, options.rateBurst ?? 50);
    this.#resendWindowMs = options.resendWindowMs ?? 20_000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    // Registered before connect so no early message is missed.
    host.room.registerTextStreamHandler(CHAT_TOPIC, (reader, from) => {
      void this.#receive(reader, from.identity).catch(() => {});
    });
  }

  /** Messages dropped by the per-sender rate limit or size cap so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Messages waiting to be delivered. */
  get pending(): number {
    return this.#outbox.length;
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
    this.#outbox.push({ id: message.id, text: trimmed, attempts: 0, sentAt: undefined });
    void this.flush();
    return message;
  }

  /** Puts a failed message back in the outbox. */
  retry(id: string): void {
    const i = this.#index.get(id);
    const m = i === undefined ? undefined : this.#host.getLog().get(i);
    if (!m || m.status !== 'failed') return;
    this.#setStatus(id, 'sending');
    this.#outbox.push({ id, text: m.text, attempts: 0, sentAt: undefined });
    void this.flush();
  }

  /** Marks a message deleted (by its author or a moderator). */
  markDeleted(id: string): ChatMessage | undefined {
    const i = this.#index.get(id);
    if (i === undefined) return undefined;
    const m = this.#host.getLog().get(i);
    if (!m || m.deleted) return m;
    const next = { ...m, deleted: true, text: '' };
    this.#host.update((log) => log.set(i, next));
    return next;
  }

  get(id: string): ChatMessage | undefined {
    const i = this.#index.get(id);
    return i === undefined ? undefined : this.#host.getLog().get(i);
  }

  /**
   * After a reconnect: livekit-client replays its buffer only on a resume and
   * `sendText` resolves even when a full reconnect dropped the data, so every
   * message sent shortly before the break goes again (receivers de-duplicate).
   */
  resendRecent(): void {
    const since = Date.now() - this.#resendWindowMs;
    const again = this.#recent.filter((p) => (p.sentAt ?? 0) >= since);
    this.#recent.length = 0;
    this.#outbox.unshift(...again.map((p) => ({ ...p, attempts: 0 })));
    void this.flush();
  }

  /** Sends what is queued, in order, while connected. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#outbox.length && this.#host.isConnected()) {
        const next = this.#outbox[0]!;
        try {
          next.attempts++;
          await this.#host.room.localParticipant.sendText(next.text, {
            topic: CHAT_TOPIC,
            attributes: { [ATTR_MESSAGE_ID]: next.id, [ATTR_VERSION]: WIRE_VERSION },
          });
          this.#outbox.shift();
          next.sentAt = Date.now();
          this.#recent.push(next);
          this.#trimRecent();
          this.#setStatus(next.id, 'sent');
        } catch (cause) {
          if (!this.#host.isConnected()) break; // delivered after the reconnect
          if (next.attempts >= this.#maxAttempts) {
            this.#outbox.shift();
            this.#setStatus(next.id, 'failed');
            this.#host.onRejected(ParlorError.from(cause, ErrorCode.Network));
          } else {
            await new Promise((r) => setTimeout(r, 200 * 2 ** next.attempts));
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Marks everything still queued as failed (the session ended). */
  failPending(): void {
    for (const p of this.#outbox.splice(0)) this.#setStatus(p.id, 'failed');
  }

  #trimRecent(): void {
    const since = Date.now() - this.#resendWindowMs;
    while (this.#recent.length && (this.#recent[0]!.sentAt ?? 0) < since) this.#recent.shift();
  }

  async #receive(reader: TextStreamReader, identity: string): Promise<void> {
    const abort = new AbortController();
    const info = reader.info;
    if ((info.size ?? 0) > MAX_MESSAGE_BYTES || !this.#limiter.take(identity)) {
      this.#dropped++;
      abort.abort();
      await drain(reader.withAbortSignal(abort.signal));
      return;
    }
    let text = '';
    let bytes = 0;
    for await (const chunk of reader.withAbortSignal(abort.signal)) {
      bytes += utf8Length(chunk);
      if (bytes > MAX_MESSAGE_BYTES) {
        this.#dropped++;
        abort.abort();
        return;
      }
      text += chunk;
    }
    const attrs = chatAttributesSchema.safeParse(info.attributes ?? {});
    const id = (attrs.success ? attrs.data[ATTR_MESSAGE_ID] : undefined) ?? info.id;
    if (this.#index.has(id)) return; // a re-send after a reconnect
    text = text.trim();
    if (!text) return;
    const message: ChatMessage = {
      id,
      from: { identity, name: this.#host.nameOf(identity) },
      text,
      timestamp: Number.isFinite(info.timestamp) ? info.timestamp : Date.now(),
      status: 'received',
      local: false,
      deleted: false,
    };
    this.#append(message);
  }

  #append(message: ChatMessage): void {
    this.#host.update((log) => {
      this.#index.set(message.id, log.size);
      return log.push(message);
    });
    this.#host.onMessage(message);
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

async function drain(reader: AsyncIterable<string>): Promise<void> {
  try {
    for await (const _ of reader) {
      // discard
    }
  } catch {
    // aborted on purpose
  }
}
