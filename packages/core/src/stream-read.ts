// Reading LiveKit text streams from untrusted peers without buffering them.
//
// livekit-client (2.23) cannot cancel an incoming stream: when a reader stops
// (an abort signal, a `break`, or its own "more bytes than announced" error)
// it only releases its lock, and every further chunk the sender sends is
// queued in the stream until the sender's trailer. A peer could make us hold
// any amount of memory that way (hardening: 54 MB held during a 50 MB
// stream). So a stream we do not want is still read to its end, and its
// chunks are thrown away as they arrive.
import type { TextStreamReader } from 'livekit-client';
import { utf8Length } from './wire.js';

/**
 * The reader's underlying stream of chunks. `reader` is a protected member of
 * livekit-client's stream readers; reading it directly skips text decoding and
 * the announced-size check, which throws once per chunk past the size. Should
 * the member go away, `discard` falls back to the public iterator, and
 * hardening/abusive-peer.test.ts (memory held during a stream announced as
 * 10 bytes) fails.
 */
function chunksOf(reader: TextStreamReader): ReadableStream<unknown> | undefined {
  const raw: unknown = Reflect.get(reader, 'reader');
  return raw instanceof ReadableStream ? raw : undefined;
}

/** Reads a stream to its end, keeping nothing. Never throws. */
export async function discard(reader: TextStreamReader): Promise<void> {
  const raw = chunksOf(reader);
  try {
    if (raw) {
      const chunks = raw.getReader();
      while (!(await chunks.read()).done) {
        // thrown away
      }
      chunks.releaseLock();
    } else {
      for await (const _ of reader) {
        // thrown away
      }
    }
  } catch {
    // An errored stream (the sender aborted or left) holds nothing more.
  }
}

/**
 * The stream's text if it is at most `maxBytes` of UTF-8; otherwise, or if the
 * stream fails, undefined. Either way the stream is read to its end and at
 * most `maxBytes` of it is kept.
 */
export async function readCapped(reader: TextStreamReader, maxBytes: number): Promise<string | undefined> {
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of reader) {
      bytes += utf8Length(chunk);
      if (bytes > maxBytes) break;
      text += chunk;
    }
  } catch {
    await discard(reader);
    return undefined;
  }
  if (bytes <= maxBytes) return text;
  await discard(reader);
  return undefined;
}
