// What travels between clients besides media. Chat is plain text on LiveKit's
// standard `lk.chat` topic (interoperable with LiveKit's own components);
// Parlor's extras ride as text-stream attributes that plain clients ignore.
import * as z from 'zod/mini';

export const CHAT_TOPIC = 'lk.chat';
export const CONTROL_TOPIC = 'parlor.control';
export const ATTR_MESSAGE_ID = 'parlor.id';
export const ATTR_VERSION = 'parlor.v';
/** The author's send time (ms since the epoch), so a re-send after a reconnect keeps its place. */
export const ATTR_TIMESTAMP = 'parlor.ts';
export const WIRE_VERSION = '1';

/** Largest chat message accepted, in UTF-8 bytes (sender and receiver). */
export const MAX_MESSAGE_BYTES = 4096;
/** Largest control message accepted, in UTF-8 bytes. */
export const MAX_CONTROL_BYTES = 2048;

const idSchema = z.string().check(z.minLength(1), z.maxLength(128));

/** Control messages on `parlor.control`; the sender's rights come from its token, never from here. */
export const controlMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ v: z.literal(1), type: z.literal('delete'), id: idSchema }),
  z.strictObject({ v: z.literal(1), type: z.literal('hand'), raised: z.boolean() }),
  // "Send me what you sent in the last `ms`" (after a reconnect: the outage, the time since and a margin).
  z.strictObject({ v: z.literal(1), type: z.literal('sync'), ms: z.int().check(z.minimum(0), z.maximum(300_000)) }),
  // "I have sent you what you asked for": the answer to a sync request (reconnect-sync.ts).
  z.strictObject({ v: z.literal(1), type: z.literal('synced') }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;

export const chatAttributesSchema = z.object({
  [ATTR_MESSAGE_ID]: z.optional(idSchema),
  [ATTR_VERSION]: z.optional(z.string().check(z.maxLength(8))),
  [ATTR_TIMESTAMP]: z.optional(z.string().check(z.regex(/^\d{1,15}$/))),
});

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
