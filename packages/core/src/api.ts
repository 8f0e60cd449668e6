import * as z from 'zod/mini';
import {
  ErrorCode,
  Routes,
  consentResponseSchema,
  consentStatusResponseSchema,
  deletionResponseSchema,
  errorBodySchema,
  moderationResponseSchema,
  policySchema,
  roomNameSchema,
  screenNameCheckResponseSchema,
  withdrawResponseSchema,
} from './protocol/index.js';
import type {
  CheckedConsentResponse,
  ConsentRequest,
  ConsentStatusResponse,
  DeletionResponse,
  ModerationAction,
  ModerationRequest,
  ModerationResponse,
  Policy,
  ScreenNameCheck,
  ScreenNameCheckResponse,
  TokenRequest,
  TokenResponse,
  WithdrawResponse,
} from './protocol/index.js';
import { tokenResponseSchema } from './protocol/index.js';
import { ParlorError } from './errors.js';

/**
 * What `myData()` checks of `GET /me/data`: its shape. The records are handed
 * on as the server sent them, for the person to read; their full contract is
 * `myDataResponseSchema` (`@parlor/core/protocol`), which a page that works
 * with them can apply. Checking every record here would add ~0.9 KB gz to
 * every embed for a view that only prints them.
 */
const myDataShapeSchema = z.object({
  subject: z.string(),
  receipts: z.array(z.unknown()),
  bans: z.array(z.unknown()),
  audits: z.array(z.unknown()),
  invites: z.array(z.unknown()),
});

/** `myData()`'s answer: see {@link myDataShapeSchema}. */
export type MyData = z.infer<typeof myDataShapeSchema>;

/** Options for talking to the host's server kit. */
export interface ApiOptions {
  /** Base URL of the server kit's routes, e.g. `/api/parlor`. */
  endpoint: string;
  /** A custom fetch (tests, auth headers); defaults to the global one. */
  fetch?: typeof fetch | undefined;
  /** Extra headers for every call (e.g. the host's CSRF token). */
  headers?: Record<string, string> | undefined;
}

/**
 * The server kit's HTTP routes as typed calls. Every answer is validated;
 * every failure becomes a `ParlorError` with the server's code.
 */
export class ParlorApi {
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #headers: Record<string, string>;
  /** A relative endpoint with the global fetch and no page to resolve it against (Node, a worker's import). */
  readonly #unresolvable: boolean;

  constructor(options: ApiOptions) {
    this.#base = options.endpoint.replace(/\/+$/, '');
    this.#unresolvable = !options.fetch && typeof location === 'undefined' && !/^[a-z][a-z\d+.-]*:/i.test(this.#base);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = options.headers ?? {};
  }

  policy(room: string, signal?: AbortSignal): Promise<Policy> {
    return this.#call(`${Routes.policy}?room=${encodeURIComponent(room)}`, { method: 'GET', signal, room }, policySchema);
  }

  /** The receipt and record are checked; `join` and `joinError` are the caller's to check. */
  consent(body: ConsentRequest, signal?: AbortSignal): Promise<CheckedConsentResponse> {
    return this.#call(Routes.consent, { method: 'POST', body, signal }, consentResponseSchema);
  }

  withdrawConsent(receipt: string, signal?: AbortSignal): Promise<WithdrawResponse> {
    return this.#call(Routes.consent, { method: 'DELETE', body: { receipt }, signal }, withdrawResponseSchema);
  }

  token(body: TokenRequest, signal?: AbortSignal): Promise<TokenResponse> {
    return this.#call(Routes.token, { method: 'POST', body, signal }, tokenResponseSchema);
  }

  /** Whether `body.screenName` would be accepted in the room; a refusal is a ParlorError (`screen_name_*`). */
  checkScreenName(body: ScreenNameCheck, signal?: AbortSignal): Promise<ScreenNameCheckResponse> {
    return this.#call(Routes.screenName, { method: 'POST', body, signal }, screenNameCheckResponseSchema);
  }

  /** Whether the consent of `receipt` still stands (`active`), or ended: withdrawn, replaced or deleted. */
  consentStatus(receipt: string, signal?: AbortSignal): Promise<ConsentStatusResponse> {
    return this.#call(Routes.consent, { method: 'GET', bearer: receipt, signal }, consentStatusResponseSchema);
  }

  /** Its shape checked, then handed on whole: fields a newer server kit adds are the person's data too. */
  myData(receipt: string, signal?: AbortSignal): Promise<MyData> {
    return this.#call(Routes.myData, { method: 'GET', bearer: receipt, signal, whole: true }, myDataShapeSchema);
  }

  requestDeletion(receipt: string, signal?: AbortSignal): Promise<DeletionResponse> {
    return this.#call(Routes.deletion, { method: 'POST', bearer: receipt, body: {}, signal }, deletionResponseSchema);
  }

  /** Moderation calls are authorized by the caller's LiveKit token (or the host's own session). */
  moderate(
    action: ModerationAction,
    body: ModerationRequest,
    livekitToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<ModerationResponse> {
    return this.#call(
      `${Routes.moderation}/${action}`,
      { method: 'POST', body, bearer: livekitToken, signal },
      moderationResponseSchema,
    );
  }

  async #call<S extends z.ZodMiniType>(
    path: string,
    init: { method: string; body?: unknown; bearer?: string | undefined; signal?: AbortSignal | undefined; whole?: boolean; room?: string },
    schema: S,
  ): Promise<z.infer<S>> {
    // A room name the server kit would refuse: said as such (the page's setting or link is wrong), not as a bad request.
    const room = init.room ?? (init.body as { room?: unknown } | undefined)?.room;
    if (room !== undefined && !roomNameSchema.safeParse(room).success) {
      throw new ParlorError(ErrorCode.InvalidRoom, 'Invalid room name (1–64 letters, digits, - or _, starting with a letter or digit).');
    }
    if (this.#unresolvable) {
      throw new ParlorError(ErrorCode.BadRequest, `The endpoint "${this.#base}" is relative, with no page to resolve it: give a full URL.`);
    }
    // Header names are case-insensitive: the host's `Authorization` is replaced by the receipt's, not joined to it.
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, value] of Object.entries(this.#headers)) headers.set(name, value);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
    let res: Response;
    try {
      res = await this.#fetch(this.#base + path, {
        method: init.method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        credentials: 'same-origin',
        signal: init.signal ?? null,
      });
    } catch (cause) {
      if (init.signal?.aborted) throw new ParlorError(ErrorCode.Aborted, 'The request was cancelled.', { cause });
      throw new ParlorError(ErrorCode.ServerUnreachable, 'Could not reach the server. Check your connection and try again.', { cause });
    }
    // Proxies and gateways answer 429/503 in plain text: Retry-After still counts.
    const retryHeader = Number(res.headers.get('retry-after')) || 0;
    let json: unknown;
    try {
      json = await res.json();
    } catch (cause) {
      throw new ParlorError(
        res.ok ? ErrorCode.ServerError : statusCode(res.status),
        res.ok ? `The server sent an unreadable answer (HTTP ${res.status}).` : `The server refused the request (HTTP ${res.status}).`,
        { cause, status: res.status, ...(retryHeader ? { retryAfter: retryHeader } : {}) },
      );
    }
    if (!res.ok) throw errorFromAnswer(json, res.status, retryHeader);
    const data = checkedAnswer(schema, json, res.status);
    return (init.whole ? json : data) as z.infer<S>;
  }
}

/** `json` checked against `schema`; `server_error` when the server kit answered something Parlor does not understand. */
export function checkedAnswer<S extends z.ZodMiniType>(schema: S, json: unknown, status?: number): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ParlorError(ErrorCode.ServerError, 'The server sent an answer Parlor does not understand.', {
      ...(status !== undefined ? { status } : {}),
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * The ParlorError for an error answer of the server kit: its code and message
 * when the body is one (`errorBodySchema`), else one for the HTTP status.
 * `retryHeader`: its Retry-After in seconds, 0 when none.
 */
export function errorFromAnswer(json: unknown, status: number, retryHeader = 0): ParlorError {
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) {
    return new ParlorError(statusCode(status), `The server refused the request (HTTP ${status}).`, {
      status,
      ...(retryHeader ? { retryAfter: retryHeader } : {}),
    });
  }
  const body = parsed.data;
  return new ParlorError(body.code, body.message, {
    status,
    ...(body.issues ? { issues: body.issues } : {}),
    ...(body.retryAfter !== undefined || retryHeader ? { retryAfter: body.retryAfter ?? retryHeader } : {}),
  });
}

function statusCode(status: number): ErrorCode {
  if (status === 400) return ErrorCode.BadRequest;
  if (status === 401) return ErrorCode.Unauthorized;
  if (status === 403) return ErrorCode.Forbidden;
  if (status === 404) return ErrorCode.NotFound;
  if (status === 409) return ErrorCode.Conflict;
  if (status === 413) return ErrorCode.PayloadTooLarge;
  if (status === 429) return ErrorCode.RateLimited;
  if (status >= 502 && status <= 504) return ErrorCode.ServerUnreachable;
  return ErrorCode.ServerError;
}
