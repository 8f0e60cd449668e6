import * as z from 'zod';
import { ErrorCode, roomNameSchema, toIssues, type RawIssue } from '@parlor/core/protocol';
import { HttpError, refuse } from './http-error.js';
import { adoptedBody, type KitRequest } from './request.js';

/** Largest request body any route accepts (webhooks included). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Query of `GET …/policy`. Built with full zod, which also installs zod's English messages. */
export const policyQuerySchema = z.object({ room: roomNameSchema });

interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly RawIssue[] } };
}

/** Validates `input` against `schema` or throws a 400 with the issue list. */
export function validate<T>(schema: SafeParser<T>, input: unknown, what = 'request'): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw refuse.badRequest(`The ${what} is not valid.`, toIssues(r.error.issues));
}

/**
 * Reads the body as text, refusing more than `limit` bytes without buffering
 * the rest (413 `payload_too_large`).
 */
export async function readText(req: KitRequest, limit = MAX_BODY_BYTES): Promise<string> {
  const known = adoptedBody(req);
  if (known !== undefined) {
    if (known.byteLength > limit) throw tooLarge(limit);
    return known.byteLength === 0 ? '' : utf8.decode(known);
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  const body = req.request().body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return utf8.decode(all);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function tooLarge(limit: number): HttpError {
  return new HttpError(413, ErrorCode.PayloadTooLarge, `The request body is larger than ${limit} bytes.`);
}

/** Reads, parses and validates a JSON body; malformed JSON is a 400, never a 500. */
export async function readJson<T>(req: KitRequest, schema: SafeParser<T>): Promise<T> {
  const text = await readText(req);
  if (text.trim() === '') throw refuse.badRequest('A JSON body is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse.badRequest('The body is not valid JSON.');
  }
  return validate(schema, parsed, 'body');
}

/** The receipt or token in `Authorization: Bearer …`, if any. */
export function bearer(req: KitRequest): string | undefined {
  const h = req.headers.get('authorization');
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}
