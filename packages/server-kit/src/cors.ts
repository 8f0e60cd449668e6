import { ErrorCode } from '@parlor/core/protocol';
import { HttpError, type HeaderBag, type Reply } from './http-error.js';
import type { CorsOptions } from './options.js';
import type { KitRequest } from './request.js';

/** Request headers a browser may send cross-origin (Authorization carries receipts and room tokens). */
const ALLOW_HEADERS = 'content-type, authorization';
/** Default lifetime of a cached preflight. */
const DEFAULT_MAX_AGE_SECONDS = 600;

/** Answers preflights and adds CORS headers for the origins a host allowed. Internal. */
export interface Cors {
  /** The answer to `OPTIONS` on a route serving `methods` (undefined: no such route). */
  preflight(req: KitRequest, methods: readonly string[] | undefined): Reply;
  /** Adds the CORS headers `req`'s origin is entitled to; returns `res`. */
  decorate<R extends Reply>(req: KitRequest, res: R): R;
  /**
   * Whether a change another site's page asks for may go through: its origin listed by name; with
   * `'*'`, only a request without cookies (any site may call with a receipt or a room token, none
   * with the visitor's session: a form or no-cors fetch sends cookies whatever CORS says).
   */
  allowsChange(req: KitRequest): boolean;
}

function checkOrigins(o: CorsOptions): ReadonlySet<string> | '*' {
  if (o.origins === '*') {
    if (o.credentials) {
      throw new TypeError('cors: credentials with origins "*" would let any site act with your users\' cookies; list the origins.');
    }
    return '*';
  }
  if (!Array.isArray(o.origins)) throw new TypeError('cors.origins must be an array of origins or "*".');
  for (const origin of o.origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    if (parsed !== origin) throw new TypeError(`cors.origins: "${origin}" is not an origin like "https://app.example.com" (no path, no trailing slash).`);
  }
  return new Set(o.origins);
}

/** A header name as HTTP writes it (a token): anything else would make the preflight answer invalid. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeaders(headers: readonly string[] | undefined): string {
  if (headers === undefined) return ALLOW_HEADERS;
  if (!Array.isArray(headers)) throw new TypeError('cors.allowHeaders must be an array of header names.');
  for (const h of headers) {
    if (typeof h !== 'string' || !HEADER_NAME.test(h)) throw new TypeError(`cors.allowHeaders: "${String(h)}" is not a header name.`);
  }
  return [ALLOW_HEADERS, ...headers.map((h) => h.toLowerCase())].join(', ');
}

/** Checks the `cors` option at startup; `undefined` (the default) means no CORS at all. */
export function createCors(options: CorsOptions | undefined): Cors | undefined {
  if (!options) return undefined;
  const origins = checkOrigins(options);
  const allowHeaders = checkHeaders(options.allowHeaders);
  const credentials = options.credentials === true;
  const maxAge = String(Math.max(0, Math.floor(options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS)));

  /** The `Access-Control-Allow-Origin` value for this request, or undefined when its origin is not allowed. */
  const allowOrigin = (req: KitRequest): string | undefined => {
    const origin = req.headers.get('origin');
    if (origins === '*') return '*';
    return origin !== null && origins.has(origin) ? origin : undefined;
  };
  const base = (req: KitRequest, headers: HeaderBag): boolean => {
    // A listed-origin answer differs per Origin: shared caches must key on it.
    if (origins !== '*' && !/\borigin\b/i.test(headers.get('vary') ?? '')) headers.append('vary', 'Origin');
    const allowed = allowOrigin(req);
    if (allowed === undefined) return false;
    headers.set('access-control-allow-origin', allowed);
    if (credentials) headers.set('access-control-allow-credentials', 'true');
    return true;
  };

  return {
    preflight(req, methods) {
      if (allowOrigin(req) === undefined) {
        const res = new HttpError(403, ErrorCode.Forbidden, 'This origin may not call these routes.').toReply();
        base(req, res.headers);
        return res;
      }
      if (!methods) return this.decorate(req, new HttpError(404, ErrorCode.NotFound, 'Not found.').toReply());
      const res = new Response(null, { status: 204 });
      base(req, res.headers);
      res.headers.set('access-control-allow-methods', [...methods, 'OPTIONS'].join(', '));
      res.headers.set('access-control-allow-headers', allowHeaders);
      res.headers.set('access-control-max-age', maxAge);
      return res;
    },
    decorate(req, res) {
      if (base(req, res.headers)) res.headers.set('access-control-expose-headers', 'retry-after');
      return res;
    },
    allowsChange: (req) => allowOrigin(req) !== undefined && (origins !== '*' || req.headers.get('cookie') === null),
  };
}
