import { ErrorCode, Routes } from '@parlor/core/protocol';
import { errorToResponse, HttpError, refuse } from './http-error.js';
import { createKit, type Kit } from './kit.js';
import type { ParlorOptions } from './options.js';
import { consentRoute } from './routes/consent.js';
import { deletionRoute, myDataRoute } from './routes/me.js';
import { inviteRoute } from './routes/invite.js';
import { moderationRoute } from './routes/moderation.js';
import { policyRoute } from './routes/policy.js';
import { tokenRoute } from './routes/token.js';
import { webhookRoute } from './routes/webhook.js';
import { withdrawRoute } from './routes/withdraw.js';

/** What adapters know about the connection that a `Request` does not carry. */
export interface HandlerContext {
  /** The client's address (the Node adapter passes the socket's). */
  ip?: string;
}

/** A Fetch-API handler serving every Parlor route under its `prefix`. */
export interface ParlorHandler {
  (req: Request, ctx?: HandlerContext): Promise<Response>;
  /** The path prefix it serves, e.g. `/api/parlor`. */
  readonly prefix: string;
  /** The store in use (for host tooling, e.g. exporting audit records). */
  readonly store: Kit['store'];
}

type Route = (kit: Kit, req: Request, ctxIp: string | undefined, param: string) => Promise<Response>;

const TABLE: Record<string, Partial<Record<string, Route>>> = {
  [Routes.policy]: { GET: (k, r) => policyRoute(k, r) },
  [Routes.consent]: { POST: (k, r, ip) => consentRoute(k, r, ip), DELETE: (k, r) => withdrawRoute(k, r) },
  [Routes.token]: { POST: (k, r, ip) => tokenRoute(k, r, ip) },
  [Routes.myData]: { GET: (k, r) => myDataRoute(k, r) },
  [Routes.deletion]: { POST: (k, r) => deletionRoute(k, r) },
  [Routes.moderation]: { POST: (k, r, _ip, action) => moderationRoute(k, r, action) },
  [Routes.invite]: { POST: (k, r) => inviteRoute(k, r) },
  [Routes.webhook]: { POST: (k, r) => webhookRoute(k, r) },
};

/** Splits `/moderation/kick` into the table key and its parameter. */
function match(path: string): { key: string; param: string } | undefined {
  if (TABLE[path]) return { key: path, param: '' };
  const m = /^(\/moderation)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  try {
    return { key: m[1]!, param: decodeURIComponent(m[2]!) };
  } catch {
    return undefined;
  }
}

/**
 * Creates the Parlor server handler: `(Request) => Promise<Response>` for
 * every route under `options.prefix` (default `/api/parlor`). Options are
 * checked here, so a misconfiguration throws at startup, not per request.
 *
 * @example
 * ```ts
 * const parlor = createParlorHandler({
 *   livekit: { url: 'wss://lk.example.com', host: 'https://lk.example.com', apiKey, apiSecret },
 *   secret: process.env.PARLOR_SECRET!,
 *   policy: { termsUrl: '/terms', termsVersion: '2024-06' },
 * });
 * export const GET = parlor, POST = parlor, DELETE = parlor; // Next.js route handler
 * ```
 */
export function createParlorHandler(options: ParlorOptions): ParlorHandler {
  const kit = createKit(options);
  const onError = options.onError ?? ((err: unknown) => console.error('[parlor]', err));
  const handle = async (req: Request, ctx: HandlerContext = {}): Promise<Response> => {
    try {
      let path: string;
      try {
        path = new URL(req.url).pathname;
      } catch {
        throw refuse.badRequest('The request URL is not valid.');
      }
      if (!path.startsWith(kit.prefix + '/')) throw refuse.notFound();
      const m = match(path.slice(kit.prefix.length).replace(/\/+$/, ''));
      if (!m) throw refuse.notFound();
      const methods = TABLE[m.key]!;
      const route = methods[req.method.toUpperCase()];
      if (!route) {
        const res = new HttpError(405, ErrorCode.BadRequest, `Use ${Object.keys(methods).join(' or ')}.`).toResponse();
        res.headers.set('allow', Object.keys(methods).join(', '));
        return res;
      }
      return await route(kit, req, ctx.ip, m.param);
    } catch (err) {
      return errorToResponse(err, onError);
    }
  };
  return Object.assign(handle, { prefix: kit.prefix, store: kit.store });
}
