/**
 * `@parlor/server-kit/node`: mount the Fetch-API handler on Node `http`,
 * Express or Connect.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@parlor/core/protocol';
import { HttpError } from './http-error.js';
import type { HandlerContext, ParlorHandler } from './handler.js';
import { MAX_BODY_BYTES } from './validate.js';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Largest body read before answering 413. Default 64 KB. */
  maxBodyBytes?: number;
}

/** What {@link toNodeHandler} needs of a handler: a {@link ParlorHandler}, or any function with its call shape and `prefix`. */
export type FetchHandler = Pick<ParlorHandler, 'prefix'> & ((req: Request, ctx?: HandlerContext) => Promise<Response>);

/** A Node/Express/Connect middleware. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** Reads the body up to `limit` bytes; resolves `undefined` when over (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
    if (over) {
      // Answer now; keep draining so the socket can be reused, storing nothing.
      resolve(undefined);
      req.resume();
    }
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Adapts a {@link ParlorHandler} to Node's `(req, res, next)`. Requests
 * outside the handler's prefix go to `next` (or get a 404 without one). Mount
 * it before any body parser: webhooks are verified on the raw body.
 *
 * @example
 * ```ts
 * app.use(toNodeHandler(createParlorHandler(options)));            // Express
 * http.createServer(toNodeHandler(parlor)).listen(3000);            // node:http
 * ```
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req, res, next) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== handler.prefix && !path.startsWith(handler.prefix + '/')) {
        if (next) return next();
        return send(res, new HttpError(404, ErrorCode.NotFound, 'Not found.').toResponse());
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const body = hasBody ? await readBody(req, limit) : Buffer.alloc(0);
      if (body === undefined) {
        res.setHeader('connection', 'close');
        return send(res, new HttpError(413, ErrorCode.PayloadTooLarge, `The request body is larger than ${limit} bytes.`).toResponse());
      }
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      const host = req.headers.host ?? 'localhost';
      const request = new Request(new URL(req.url ?? '/', `http://${host}`), {
        method,
        headers,
        ...(hasBody && body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      await send(res, await handler(request, { ip: req.socket.remoteAddress }));
    })().catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      // Only a malformed Host header or a broken socket lands here.
      void send(res, new HttpError(400, ErrorCode.BadRequest, 'The request could not be read.', { cause: err }).toResponse());
    });
  };
}
