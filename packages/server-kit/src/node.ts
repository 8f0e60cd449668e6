/**
 * `@parlor/server-kit/node`: mount the Fetch-API handler on Node `http`,
 * Express or Connect.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@parlor/core/protocol';
import { HttpError, JsonReply, jsonText, REPLY, type Reply, type ReplyEntry } from './http-error.js';
import type { HandlerContext, ParlorHandler } from './handler.js';
import { adoptBody, fromNode, withHeaders } from './request.js';
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

/** Read before the kit got the request (a body parser mounted first): the bytes are gone. */
const CONSUMED = Symbol('consumed');

/**
 * Reads the body up to `limit` bytes; resolves `undefined` when over (the rest is drained, not
 * kept), and CONSUMED when something read it before.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined | typeof CONSUMED> {
  if (req.readableEnded) {
    // Nothing was sent, so nothing was lost; otherwise waiting for 'end' would wait for ever.
    const empty = Number(req.headers['content-length'] ?? '0') === 0 && req.headers['transfer-encoding'] === undefined;
    return Promise.resolve(empty ? Buffer.alloc(0) : CONSUMED);
  }
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

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply instanceof JsonReply) {
    // The kit's own JSON answer: written as is, no Response or body stream in between.
    res.writeHead(reply.status, { ...reply.headers.record, 'content-length': String(Buffer.byteLength(reply.text)) });
    res.end(reply.text);
    return;
  }
  const headers: Record<string, string> = {};
  reply.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(reply.status, headers);
  // A JSON answer of the kit passed through a host's wrapper: write its text
  // as is rather than draining the Response's body stream (a copy of it).
  const text = jsonText(reply);
  res.end(text !== undefined ? text : Buffer.from(await reply.arrayBuffer()));
}

/**
 * Adapts a {@link ParlorHandler} to Node's `(req, res, next)`. Requests
 * outside the handler's prefix go to `next` (or get a 404 without one). Mount
 * it before any body parser: every route reads the raw body (webhooks are
 * verified on it); a body already read is answered 500 `server_error`
 * saying so, instead of waiting for bytes that will not come.
 *
 * @example
 * ```ts
 * app.use(toNodeHandler(createParlorHandler(options)));            // Express
 * http.createServer(toNodeHandler(parlor)).listen(3000);            // node:http
 * ```
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  // A ParlorHandler (not a host's wrapper around one) has an entry point that
  // answers before building a Response.
  const direct = (handler as Partial<Record<typeof REPLY, ReplyEntry>>)[REPLY];
  return (req, res, next) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== handler.prefix && !path.startsWith(handler.prefix + '/')) {
        if (next) return next();
        return send(res, new HttpError(404, ErrorCode.NotFound, 'Not found.').toReply());
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const body = hasBody ? await readBody(req, limit) : Buffer.alloc(0);
      const host = req.headers.host ?? 'localhost';
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (body === CONSUMED || body === undefined) {
        const refusal =
          body === CONSUMED
            ? new HttpError(500, ErrorCode.ServerError, 'The request body was read before the Parlor handler: mount toNodeHandler before any body parser.')
            : new HttpError(413, ErrorCode.PayloadTooLarge, `The request body is larger than ${limit} bytes.`);
        if (body === undefined) res.setHeader('connection', 'close');
        // Answered by the handler itself when it can (its CORS headers let another origin's page
        // read why); a host's wrapper is not called for a request it could not read.
        return send(res, direct ? await direct(fromNode(url.href, method, req.rawHeaders), { refusal }) : refusal.toReply());
      }
      const bytes = hasBody && body.length > 0 ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : undefined;
      const ctx = { ip: req.socket.remoteAddress };
      if (direct) {
        // The handler itself: its routes read the URL, method and headers
        // straight from Node's message and the body from adoptBody. A Fetch
        // Request (without the body) is built only if the host's
        // `authenticate` runs.
        const request = fromNode(url.href, method, req.rawHeaders);
        if (hasBody) adoptBody(request, bytes ?? new Uint8Array(0));
        return send(res, await direct(request, ctx));
      }
      // A host's wrapper around the handler may read the body: the Request carries it.
      const request = withHeaders(new Request(url, { method, ...(bytes ? { body: bytes } : {}) }), req.rawHeaders);
      if (hasBody) adoptBody(request, bytes ?? new Uint8Array(0));
      await send(res, await handler(request, ctx));
    })().catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      // Only a malformed Host header or a broken socket lands here.
      void send(res, new HttpError(400, ErrorCode.BadRequest, 'The request could not be read.', { cause: err }).toReply());
    });
  };
}
