import { ErrorCode, type ErrorBody, type Issue } from '@parlor/core/protocol';
import type { KitRequest } from './request.js';

/** Extra fields an {@link HttpError} can carry onto the wire. */
export interface HttpErrorOptions {
  /** Validation problems, for `bad_request`. */
  issues?: Issue[];
  /** Seconds until a retry can succeed; also sent as the `Retry-After` header. */
  retryAfter?: number;
  /** The underlying fault; logged by the host, never sent to the client. */
  cause?: unknown;
}

/**
 * An HTTP refusal with a stable {@link ErrorCode}. Route code throws these;
 * the handler turns them into `{code, message, issues?, retryAfter?}` JSON
 * via {@link HttpError.toResponse}.
 *
 * @example
 * ```ts
 * throw new HttpError(403, ErrorCode.Banned, 'You are banned from this room.');
 * ```
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly issues: Issue[] | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.issues = options.issues;
    this.retryAfter = options.retryAfter;
  }

  /** The wire body of this error, per `errorBodySchema`. */
  toJSON(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.retryAfter !== undefined) body.retryAfter = this.retryAfter;
    return body;
  }

  /** A JSON `Response` carrying this error (with `Retry-After` when set). */
  toResponse(): Response {
    return this.toReply().toResponse();
  }

  /** The same answer as {@link HttpError.toResponse}, before it becomes a `Response`. Internal. */
  toReply(): JsonReply {
    const headers: Record<string, string> = {};
    if (this.retryAfter !== undefined) headers['retry-after'] = String(this.retryAfter);
    return json(this.toJSON(), this.status, headers);
  }
}

/** What CORS needs of a response's headers: the part of `Headers` that {@link ReplyHeaders} also has. */
export interface HeaderBag {
  get(name: string): string | null;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
}

/** Headers of a {@link JsonReply}: a plain record with lower-case names. Internal. */
export class ReplyHeaders implements HeaderBag {
  /** Header name (lower case) to value. */
  readonly record: Record<string, string>;
  constructor(init: Record<string, string>) {
    this.record = {};
    for (const k of Object.keys(init)) this.record[k.toLowerCase()] = init[k]!;
  }
  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }
  set(name: string, value: string): void {
    this.record[name.toLowerCase()] = value;
  }
  append(name: string, value: string): void {
    const k = name.toLowerCase();
    const prev = this.record[k];
    this.record[k] = prev === undefined ? value : `${prev}, ${value}`;
  }
}

/**
 * A JSON answer before it becomes a `Response`. Routes build these; the
 * Fetch handler turns them into `Response`s, while the Node adapter writes
 * them straight to the socket: building a `Response` (and its body stream)
 * only to read it back was a visible share of the token route's cost in the
 * benchmark's profile. Internal.
 */
export class JsonReply {
  readonly headers: ReplyHeaders;
  constructor(
    readonly status: number,
    /** The JSON text of the body. */
    readonly text: string,
    headers: Record<string, string>,
  ) {
    this.headers = new ReplyHeaders(headers);
  }

  /** The `Response` with this status, headers and body. */
  toResponse(): Response {
    const res = new Response(this.text, { status: this.status, headers: this.headers.record });
    jsonBodies.set(res, this.text);
    return res;
  }
}

/** What a route answers: a {@link JsonReply}, or a `Response` for anything else (e.g. a bodiless 204). Internal. */
export type Reply = Response | JsonReply;

/**
 * Where a `ParlorHandler` keeps its answer-before-`Response` entry point
 * (a {@link ReplyEntry}), which the Node adapter calls to write JSON answers
 * straight to the socket. Internal: not part of the public type.
 */
export const REPLY: unique symbol = Symbol('parlor.reply');

/**
 * The internal entry point under {@link REPLY}: the handler, answering a {@link Reply}. With
 * `refusal` (what the adapter found before any route could run: a body too large, or already
 * read), that is the answer, with the handler's CORS headers, so a page on another origin can read it.
 */
export type ReplyEntry = (req: KitRequest, ctx?: { ip?: string | undefined; refusal?: HttpError }) => Promise<Reply>;

/** `reply` as a `Response`. */
export function toResponse(reply: Reply): Response {
  return reply instanceof JsonReply ? reply.toResponse() : reply;
}

/**
 * The body text of `Response`s made from a {@link JsonReply}, so the Node
 * adapter can write it without reading the body stream back when a host's
 * wrapper hands it such a `Response` (see {@link jsonText}).
 */
const jsonBodies = new WeakMap<Response, string>();

/** A JSON answer that is never cached (tokens and receipts are personal). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): JsonReply {
  return new JsonReply(status, JSON.stringify(body), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
}

/**
 * The body text of a `Response` made by {@link JsonReply.toResponse}, as long
 * as nobody has read its body stream; `undefined` otherwise (read the body
 * then). Internal.
 */
export function jsonText(res: Response): string | undefined {
  return res.bodyUsed ? undefined : jsonBodies.get(res);
}

/** Shorthands for the refusals every route shares. */
export const refuse = {
  badRequest: (message: string, issues?: Issue[]) =>
    new HttpError(400, ErrorCode.BadRequest, message, issues ? { issues } : {}),
  unauthorized: (message = 'Sign in to continue.') => new HttpError(401, ErrorCode.Unauthorized, message),
  forbidden: (message = 'You are not allowed to do that.') => new HttpError(403, ErrorCode.Forbidden, message),
  notFound: (message = 'Not found.') => new HttpError(404, ErrorCode.NotFound, message),
  consentRequired: (message = 'Consent is required before joining.') =>
    new HttpError(403, ErrorCode.ConsentRequired, message),
  unreachable: (cause: unknown) =>
    new HttpError(503, ErrorCode.ServerUnreachable, 'The media server is unreachable; try again shortly.', { cause }),
};

/**
 * Maps anything thrown inside a route to a response. Only genuine internal
 * faults (a host callback or store throwing) become 500, with a message that
 * reveals nothing; `onError` sees the original.
 */
export function errorToReply(err: unknown, onError?: (err: unknown) => void): JsonReply {
  return toHttpError(err, onError).toReply();
}

/** `err` as the HttpError the client is told about; server faults (5xx, anything not an HttpError) go to `onError`. */
export function toHttpError(err: unknown, onError?: (err: unknown) => void): HttpError {
  if (err instanceof HttpError) {
    if (err.status >= 500) onError?.(err.cause ?? err);
    return err;
  }
  onError?.(err);
  return new HttpError(500, ErrorCode.ServerError, 'Something went wrong on the server.');
}
