// Mounts the real server kit on the web-test-runner dev server under
// /api/parlor, plus /test/token for raw livekit-client peers in interop
// tests. Without LiveKit every call answers 503 with what is missing, so
// tests that need it fail, never skip.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createParlorHandler, MemoryStore, mintToken } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';
import type { Role } from '@parlor/core/protocol';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  respond?: boolean;
}

export function parlorMiddleware() {
  const e = process.env;
  const missing = !e.PARLOR_LIVEKIT_WS_URL || !e.PARLOR_LIVEKIT_API_SECRET;
  const livekit = {
    url: e.PARLOR_LIVEKIT_WS_URL ?? '',
    host: e.PARLOR_LIVEKIT_HTTP_URL ?? '',
    apiKey: e.PARLOR_LIVEKIT_API_KEY ?? '',
    apiSecret: e.PARLOR_LIVEKIT_API_SECRET ?? '',
  };
  const node = missing
    ? undefined
    : toNodeHandler(
        createParlorHandler({
          livekit,
          secret: 'wtr-test-secret-wtr-test-secret-0123456789',
          store: new MemoryStore(),
          allowGuests: true,
          guestRole: 'broadcaster',
          rateLimit: false,
          policy: { termsUrl: '/terms', termsVersion: 't1', requireRecordingConsent: false },
        }),
      );
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    if (!ctx.path.startsWith('/api/parlor') && !ctx.path.startsWith('/test/token')) return next();
    ctx.respond = false;
    if (!node) {
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
    await new Promise<void>((resolve) => {
      ctx.res.on('finish', () => resolve());
      node(ctx.req, ctx.res, () => resolve());
    });
  };
}
