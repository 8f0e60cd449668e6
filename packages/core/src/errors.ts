import { ErrorCode } from './protocol/index.js';
import type { Issue } from './protocol/index.js';

export { ErrorCode };

/**
 * Every failure Parlor reports to a host page: a stable `code` to branch on
 * and a human `message` to show.
 *
 * @example
 * ```ts
 * try { await client.join({ screenName }); }
 * catch (e) { if (e instanceof ParlorError && e.code === 'banned') showBanned(); }
 * ```
 */
export class ParlorError extends Error {
  override readonly name = 'ParlorError';
  readonly code: ErrorCode;
  /** HTTP status when the error came from the server kit. */
  readonly status: number | undefined;
  /** Validation problems when the server kit refused the input. */
  readonly issues: readonly Issue[] | undefined;
  /** Seconds to wait before trying again (rate limits). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; status?: number; issues?: readonly Issue[]; retryAfter?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.issues = options.issues;
    this.retryAfter = options.retryAfter;
  }

  /** Wraps anything thrown into a ParlorError, keeping ParlorErrors as they are. */
  static from(error: unknown, fallback: ErrorCode = ErrorCode.ServerError): ParlorError {
    if (error instanceof ParlorError) return error;
    if (error instanceof DOMException && error.name === 'AbortError') {
      return new ParlorError(ErrorCode.Aborted, 'The operation was cancelled.', { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ParlorError(fallback, message, { cause: error });
  }
}

/** The error of a join cancelled by leave(), the caller's signal or LiveKit. Internal. */
export const joinCancelled = (cause?: unknown): ParlorError =>
  new ParlorError(ErrorCode.Aborted, 'Joining was cancelled.', cause === undefined ? {} : { cause });

/** The server refused the screen name itself (not allowed, kept for staff, or someone in the room already goes by it): the person picks another. */
export const isNameRefusal = (code: ErrorCode | undefined): boolean =>
  code === ErrorCode.ScreenNameRejected || code === ErrorCode.ScreenNameReserved || code === ErrorCode.ScreenNameTaken;

/** The consent the page held no longer stands (withdrawn or replaced elsewhere, or the terms changed): the person answers again. */
export const isConsentEnded = (code: ErrorCode | undefined): boolean =>
  code === ErrorCode.ConsentRequired || code === ErrorCode.ConsentOutdated || code === ErrorCode.ConsentReplaced;
