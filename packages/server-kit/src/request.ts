/**
 * What the kit's routes read of a request: its URL, method and headers, and
 * the body an adapter has read ({@link adoptBody}). The Fetch handler wraps
 * the `Request` it is given; the Node adapter builds one straight from Node's
 * message, and a Fetch `Request` only if host code asks for it (the
 * `authenticate` hook). Building a `Request` per call was a fifth of the
 * token route's cost on Node (bench/NOTES.md, server-kit). Internal.
 */
export interface KitRequest {
  /** The absolute URL. */
  readonly url: string;
  /** Upper case. */
  readonly method: string;
  readonly headers: Pick<Headers, 'get'>;
  /** The request as a Fetch `Request`, for host hooks (built once, on first call, by the Node adapter). */
  request(): Request;
}

const readBodies = new WeakMap<KitRequest | Request, Uint8Array>();

/** The kit's view of a Fetch `Request` (with the body an adapter adopted for it, if any). */
export function fromFetch(req: Request): KitRequest {
  const kit: KitRequest = { url: req.url, method: req.method.toUpperCase(), headers: req.headers, request: () => req };
  const body = readBodies.get(req);
  if (body !== undefined) readBodies.set(kit, body);
  return kit;
}

/**
 * Node's raw header list (`IncomingMessage.rawHeaders`: name, value, name,
 * value…) read the way `Headers.get` reads: any case, repeated fields joined
 * with ", ".
 */
export class RawHeaders implements Pick<Headers, 'get'> {
  constructor(readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      if (this.raw[i]!.toLowerCase() !== wanted) continue;
      value = value === null ? this.raw[i + 1]! : `${value}, ${this.raw[i + 1]!}`;
    }
    return value;
  }
}

/** A request read off a Node socket: no `Request` until {@link KitRequest.request} is called. */
export function fromNode(url: string, method: string, rawHeaders: readonly string[]): KitRequest {
  let built: Request | undefined;
  const headers = new RawHeaders(rawHeaders);
  return {
    url,
    method,
    headers,
    request() {
      built ??= withHeaders(new Request(url, { method }), rawHeaders);
      return built;
    },
  };
}

/** Copies Node's raw headers onto a Request (cheaper than handing its constructor a Headers object to copy). */
export function withHeaders(request: Request, raw: readonly string[]): Request {
  for (let i = 0; i + 1 < raw.length; i += 2) request.headers.append(raw[i]!, raw[i + 1]!);
  return request;
}

/**
 * Records that `body` is the complete body of `req`, as read by an adapter
 * (the Node adapter, which enforces the size limit itself): the routes take
 * it from here rather than streaming a copy out of a `Request`. A `Request`
 * handed to the Fetch handler carries its adopted body into the handler's
 * {@link fromFetch}. Internal.
 */
export function adoptBody(req: KitRequest | Request, body: Uint8Array): void {
  readBodies.set(req, body);
}

/** The body an adapter read for `req`, if any. */
export function adoptedBody(req: KitRequest): Uint8Array | undefined {
  return readBodies.get(req);
}

/**
 * `path` without its trailing slashes, in one pass. Internal. (`/\/+$/` retries from every slash of
 * a run that does not end the string: 16,000 slashes then a letter cost 100 ms of CPU a request.)
 */
export function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}
