import { ErrorCode, roomNameSchema, Routes } from '@parlor/core/protocol';
import { errorToReply, HttpError, REPLY, refuse, toResponse, type Reply, type ReplyEntry } from './http-error.js';
import { createCors } from './cors.js';
import { fromFetch, trimSlashes, type KitRequest } from './request.js';
import { createKit, type Kit } from './kit.js';
import { enforceRecordingConsent, setRecording, type RecordingConsentResult } from './recording.js';
import type { ParlorOptions } from './options.js';
import { consentRoute } from './routes/consent.js';
import { consentStatusRoute } from './routes/consent-status.js';
import { deletionRoute, myDataRoute } from './routes/me.js';
import { inviteRoute, revokeInviteRoute } from './routes/invite.js';
import { moderationRoute } from './routes/moderation.js';
import { policyRoute } from './routes/policy.js';
import { screenNameRoute } from './routes/screen-name.js';
import { tokenRoute } from './routes/token.js';
import { webhookRoute } from './routes/webhook.js';
import { withdrawRoute } from './routes/withdraw.js';

/** What adapters know about the connection that a `Request` does not carry. */
export interface HandlerContext {
  /** The client's address (the Node adapter passes the socket's). */
  ip?: string | undefined;
}

/** A Fetch-API handler serving every Parlor route under its `prefix`. */
export interface ParlorHandler {
  (req: Request, ctx?: HandlerContext): Promise<Response>;
  /** The path prefix it serves, e.g. `/api/parlor`. */
  readonly prefix: string;
  /** The store in use (for host tooling, e.g. exporting audit records). */
  readonly store: Kit['store'];
  /**
   * Takes publish rights away, at once, from every publisher in `room`
   * without recording consent, and marks them `parlor.recording-consent =
   * required` so their client can ask. The kit does this itself on LiveKit's
   * egress webhooks; call it when you record by other means.
   */
  enforceRecordingConsent(room: string): Promise<RecordingConsentResult>;
  /**
   * Tells the kit whether you are recording `room` yourself. While it is,
   * tokens for people without recording consent carry no publish right;
   * `true` also runs {@link ParlorHandler.enforceRecordingConsent}. Call it
   * before you start the recording so nothing unconsented is captured.
   * `false` forgets every recording of the room, webhook-tracked ones too,
   * and is the only thing that ends `true` (LiveKit's `room_finished` does not).
   * Clients learn of it from the room's LiveKit metadata (`recording`),
   * written at once, or on `room_started` for a room not created yet; if
   * that write fails it rejects, after consent was enforced: call it again.
   */
  setRecording(room: string, recording: boolean): Promise<RecordingConsentResult>;
}

type Route = (kit: Kit, req: KitRequest, ctxIp: string | undefined, param: string) => Promise<Reply>;

const TABLE: Record<string, Partial<Record<string, Route>>> = {
  [Routes.policy]: { GET: (k, r) => policyRoute(k, r) },
  [Routes.consent]: { GET: (k, r) => consentStatusRoute(k, r), POST: (k, r, ip) => consentRoute(k, r, ip), DELETE: (k, r) => withdrawRoute(k, r) },
  [Routes.token]: { POST: (k, r, ip) => tokenRoute(k, r, ip) },
  [Routes.screenName]: { POST: (k, r, ip) => screenNameRoute(k, r, ip) },
  [Routes.myData]: { GET: (k, r) => myDataRoute(k, r) },
  [Routes.deletion]: { POST: (k, r) => deletionRoute(k, r) },
  [`${Routes.moderation}/:action`]: { POST: (k, r, _ip, action) => moderationRoute(k, r, action) },
  [Routes.invite]: { POST: (k, r) => inviteRoute(k, r) },
  [`${Routes.invite}/:id`]: { DELETE: (k, r, _ip, id) => revokeInviteRoute(k, r, id) },
  [Routes.webhook]: { POST: (k, r) => webhookRoute(k, r) },
};

/** `Sec-Fetch-Site` values of a request another site's page made (`same-site`: a sibling subdomain). */
const CROSS_SITE = new Set(['cross-site', 'same-site']);

/** Splits `/moderation/kick` into the table key (`/moderation/:action`) and its parameter. */
function match(path: string): { key: string; param: string } | undefined {
  if (TABLE[path]) return { key: path, param: '' };
  const m = /^(\/[^/]+)\/([^/]+)$/.exec(path);
  const key = m && Object.keys(TABLE).find((k) => k.startsWith(`${m[1]}/:`));
  if (!m || !key) return undefined;
  try {
    return { key, param: decodeURIComponent(m[2]!) };
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
  const cors = createCors(options.cors);
  const route = async (req: KitRequest, ctx: HandlerContext): Promise<Reply> => {
    try {
      let path: string;
      try {
        path = new URL(req.url).pathname;
      } catch {
        throw refuse.badRequest('The request URL is not valid.');
      }
      if (!path.startsWith(kit.prefix + '/')) throw refuse.notFound();
      const m = match(trimSlashes(path.slice(kit.prefix.length)));
      const methods = m && TABLE[m.key]!;
      const method = req.method;
      if (cors && method === 'OPTIONS') return cors.preflight(req, methods && Object.keys(methods));
      if (!m || !methods) throw refuse.notFound();
      const fn = methods[method];
      if (!fn) {
        const res = new HttpError(405, ErrorCode.BadRequest, `Use ${Object.keys(methods).join(' or ')}.`).toReply();
        res.headers.set('allow', Object.keys(methods).join(', '));
        return res;
      }
      // A browser says where a request comes from: one another site's page made (a form, a no-cors
      // fetch, which need no preflight) would act with the visitor's cookies. Only origins the host
      // listed in `cors` may change anything; LiveKit's webhooks are signed, and come from no page.
      if (method !== 'GET' && m.key !== Routes.webhook && CROSS_SITE.has(req.headers.get('sec-fetch-site') ?? '') && !cors?.allowsChange(req)) {
        throw refuse.forbidden("Requests from another site's page are refused: list its origin in the server kit's cors option.");
      }
      return await fn(kit, req, ctx.ip, m.param);
    } catch (err) {
      return errorToReply(err, kit.onError);
    }
  };
  const reply: ReplyEntry = async (req, ctx = {}) => {
    const res = ctx.refusal ? errorToReply(ctx.refusal, kit.onError) : await route(req, ctx);
    return cors ? cors.decorate(req, res) : res;
  };
  const handle = async (req: Request, ctx: HandlerContext = {}): Promise<Response> => toResponse(await reply(fromFetch(req), ctx));
  return Object.assign(handle, {
    [REPLY]: reply,
    prefix: kit.prefix,
    store: kit.store,
    enforceRecordingConsent: (room: string) => enforceRecordingConsent(kit, roomNameSchema.parse(room)),
    setRecording: (room: string, recording: boolean) => setRecording(kit, roomNameSchema.parse(room), recording),
  });
}
