import { ErrorCode, type ErrorBody, type Issue } from '@parlor/core/protocol';

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
    const headers: Record<string, string> = {};
    if (this.retryAfter !== undefined) headers['retry-after'] = String(this.retryAfter);
    return json(this.toJSON(), this.status, headers);
  }
}

/** A JSON response that is never cached (tokens and receipts are personal). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
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
export function errorToResponse(err: unknown, onError?: (err: unknown) => void): Response {
  if (err instanceof HttpError) {
    if (err.status >= 500) onError?.(err.cause ?? err);
    return err.toResponse();
  }
  onError?.(err);
  return new HttpError(500, ErrorCode.ServerError, 'Something went wrong on the server.').toResponse();
}
