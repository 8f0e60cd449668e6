// Mounts the real server kit on the web-test-runner dev server under
// /api/parlor (and, with 3-second LiveKit tokens, /api/parlor-short-ttl; with a host session that
// names people, /api/parlor-named), plus /test/token for raw livekit-client peers in interop
// tests. Without LiveKit every call answers 503 with what is missing, so
// tests that need it fail, never skip.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createInvite, createParlorHandler, MemoryStore, mintToken, type ParlorHandler } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';
import type { Role } from '@parlor/core/protocol';
import { RoomServiceClient } from 'livekit-server-sdk';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  respond?: boolean;
}

const mswWorker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
const SECRET = 'wtr-test-secret-wtr-test-secret-0123456789';
/** Where the kit with 3-second LiveKit tokens is mounted. */
const SHORT_TTL_PREFIX = '/api/parlor-short-ttl';
/** Where a kit whose host session gives the person's name is mounted (signed in by the `parlor-test-user` cookie). */
const NAMED_PREFIX = '/api/parlor-named';
/** The name that kit's host gives everyone signed in. */
const HOST_NAME = 'Grace Hopper';

/** The host session of the named kit: the `parlor-test-user` cookie is the user id. */
async function namedSession(req: Request) {
  const id = /(?:^|;\s*)parlor-test-user=([\w-]+)/.exec(req.headers.get('cookie') ?? '')?.[1];
  return id ? { identity: `user-${id}`, name: HOST_NAME } : null;
}

/** Asks scripts/run-tests.mjs (our parent, over IPC) to restart LiveKit; resolves once it answers again. */
function restartLivekit(): Promise<string | undefined> {
  const send = process.send?.bind(process);
  if (!send) return Promise.resolve('no IPC channel to the test orchestrator: run through scripts/run-tests.mjs');
  const id = Math.random().toString(36).slice(2);
  return new Promise((resolve) => {
    process.channel?.ref();
    const onMessage = (m: { type?: string; id?: string; error?: string }) => {
      if (m?.type !== 'parlor:livekit-restarted' || m.id !== id) return;
      process.off('message', onMessage);
      process.channel?.unref();
      resolve(m.error);
    };
    process.on('message', onMessage);
    send({ type: 'parlor:livekit-restart', id });
  });
}

/** Test-only routes: raw LiveKit tokens, invites, the msw worker script, a LiveKit restart, the host's own recording switch, a host's tool switching someone's chat right. */
async function testRoute(ctx: KoaContext, parlor: ParlorHandler): Promise<void> {
  const url = new URL(ctx.req.url ?? '/', 'http://x');
  const send = (status: number, body: unknown, type = 'application/json') => {
    ctx.res.writeHead(status, { 'content-type': type });
    ctx.res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (ctx.path === '/test/invite') {
    const made = await createInvite({
      room: url.searchParams.get('room') ?? 'lobby',
      role: (url.searchParams.get('role') ?? 'moderator') as Role,
      secret: SECRET,
    });
    return send(200, { invite: made.invite });
  }
  if (ctx.path === '/test/recording' && ctx.req.method === 'POST') {
    // What a host does around a recording it runs itself (server-kit.md).
    try {
      return send(200, await parlor.setRecording(url.searchParams.get('room') ?? 'lobby', url.searchParams.get('on') === '1'));
    } catch (error) {
      // An answer, not a hang: the test that asked must fail with the reason.
      return send(500, { error: String(error) });
    }
  }
  if (ctx.path === '/test/chat-right' && ctx.req.method === 'POST') {
    // A host's own tool taking someone's chat right (or giving it back) while their consent stands.
    const e = process.env;
    const rooms = new RoomServiceClient(e.PARLOR_LIVEKIT_HTTP_URL ?? '', e.PARLOR_LIVEKIT_API_KEY, e.PARLOR_LIVEKIT_API_SECRET);
    const room = url.searchParams.get('room') ?? 'lobby';
    const identity = url.searchParams.get('identity') ?? '';
    try {
      const p = await rooms.getParticipant(room, identity);
      await rooms.updateParticipant(room, identity, { permission: { ...p.permission, canPublishData: url.searchParams.get('on') === '1' } });
      return send(200, { updated: true });
    } catch (error) {
      return send(500, { error: String(error) });
    }
  }
  if (ctx.path === '/test/livekit/restart' && ctx.req.method === 'POST') {
    const error = await restartLivekit();
    return error ? send(500, { error }) : send(200, { restarted: true });
  }
  send(404, { error: 'no such test route' });
}

export function parlorMiddleware() {
  // The IPC channel (see restartLivekit) must not keep the test runner alive once it is done.
  process.channel?.unref();
  const e = process.env;
  const missing = !e.PARLOR_LIVEKIT_WS_URL || !e.PARLOR_LIVEKIT_API_SECRET;
  const livekit = {
    url: e.PARLOR_LIVEKIT_WS_URL ?? '',
    host: e.PARLOR_LIVEKIT_HTTP_URL ?? '',
    apiKey: e.PARLOR_LIVEKIT_API_KEY ?? '',
    apiSecret: e.PARLOR_LIVEKIT_API_SECRET ?? '',
  };
  const options = {
    livekit,
    secret: SECRET,
    store: new MemoryStore(),
    allowGuests: true,
    guestRole: 'broadcaster',
    rateLimit: false,
    policy: { termsUrl: '/terms', privacyUrl: '/privacy', termsVersion: 't1', requireRecordingConsent: false },
  } as const;
  const parlor = missing ? undefined : createParlorHandler(options);
  const node = parlor && toNodeHandler(parlor);
  // The same kit (store, secret) minting LiveKit tokens that expire after 3 s,
  // for tests of what happens once a join token has expired.
  const shortLived = missing ? undefined : toNodeHandler(createParlorHandler({ ...options, prefix: SHORT_TTL_PREFIX, tokenTtlSeconds: 3 }));
  const named = missing ? undefined : toNodeHandler(createParlorHandler({ ...options, prefix: NAMED_PREFIX, authenticate: namedSession }));
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    if (ctx.path === '/test/msw/mockServiceWorker.js') {
      // msw's service worker, served from the origin's root scope so browser tests can mock fetch.
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'text/javascript', 'service-worker-allowed': '/' });
      ctx.res.end(await readFile(mswWorker, 'utf8'));
      return;
    }
    // '/api/parlorx' is not a kit's: handing it over would leave the request unanswered.
    const short = ctx.path.startsWith(SHORT_TTL_PREFIX + '/');
    const byName = ctx.path.startsWith(NAMED_PREFIX + '/');
    const kits = short || byName || ctx.path === '/api/parlor' || ctx.path.startsWith('/api/parlor/');
    if (!kits && !ctx.path.startsWith('/test/')) return next();
    ctx.respond = false;
    if (!node || !parlor) {
      ctx.res.writeHead(503, { 'content-type': 'application/json' });
      ctx.res.end(JSON.stringify({ code: 'server_unreachable', message: 'LiveKit server is missing: run the tests through `npm test`.' }));
      return;
    }
    if (ctx.path.startsWith('/test/token')) {
      const url = new URL(ctx.req.url ?? '/', 'http://x');
      const minted = await mintToken({
        apiKey: livekit.apiKey,
        apiSecret: livekit.apiSecret,
        room: url.searchParams.get('room') ?? 'lobby',
        identity: url.searchParams.get('identity') ?? `raw-${Math.random().toString(36).slice(2)}`,
        name: url.searchParams.get('name') ?? 'Raw peer',
        role: (url.searchParams.get('role') ?? 'participant') as Role,
        limits: { mayPublish: true, mayChat: true },
      });
      ctx.res.writeHead(200, { 'content-type': 'application/json' });
      ctx.res.end(JSON.stringify({ token: minted.token, url: livekit.url }));
      return;
    }
    if (ctx.path.startsWith('/test/')) return testRoute(ctx, parlor);
    const kit = (short && shortLived) || (byName && named) || node;
    await new Promise<void>((resolve) => {
      ctx.res.on('finish', () => resolve());
      kit(ctx.req, ctx.res, () => resolve());
    });
  };
}
