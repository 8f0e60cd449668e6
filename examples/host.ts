// The example host site: serves a plain HTML page that embeds the widget's
// script-tag build, mounts the server kit under /api/parlor, and (in
// server.ts) starts a real LiveKit server on loopback.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParlorHandler, createInvite } from '@parlor/server-kit';
import type { ParlorHandler, ParlorOptions, ParlorStore } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';

const here = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC = join(here, 'public');
const WIDGET = resolve(here, '../packages/widget/dist/script');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** The strict Content-Security-Policy of /strict.html: no inline script, no eval, Trusted Types. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:* ws://localhost:* http://localhost:*",
  "require-trusted-types-for 'script'",
  "trusted-types lit-html",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

export interface HostOptions {
  port?: number;
  livekit: ParlorOptions['livekit'];
  /** Signs receipts and invites; random per start when not given. */
  secret?: string;
  store?: ParlorStore;
  /** Extra options for the server kit (callbacks, policy). */
  kit?: Partial<ParlorOptions>;
}

export interface Host {
  server: Server;
  url: string;
  ownerInvite: string;
  /** The server kit's handler, for what a host does outside a request (a recording it starts, say). */
  parlor: ParlorHandler;
  close(): Promise<void>;
}

async function serveFile(root: string, rel: string): Promise<{ body: Buffer; type: string } | undefined> {
  const path = normalize(join(root, rel));
  if (!path.startsWith(root)) return undefined;
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return { body: await readFile(path), type: TYPES[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/** Starts the host site on 127.0.0.1. */
export async function startHost(options: HostOptions): Promise<Host> {
  const secret = options.secret ?? crypto.randomUUID() + crypto.randomUUID();
  const handler = createParlorHandler({
    livekit: options.livekit,
    secret,
    ...(options.store ? { store: options.store } : {}),
    allowGuests: true,
    // Tinychat-style: anyone who consented to broadcasting may go on camera.
    guestRole: 'broadcaster',
    // The demo never records, so it asks no recording consent (a recording room would set this true).
    policy: { termsUrl: '/terms.html', privacyUrl: '/privacy.html', termsVersion: '2026-11', minimumAge: 18, requireRecordingConsent: false },
    ...options.kit,
  });
  const parlor = toNodeHandler(handler);
  const server = createServer((req, res) => {
    parlor(req, res, () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        let file;
        if (url.pathname.startsWith('/parlor/')) file = await serveFile(WIDGET, url.pathname.slice('/parlor/'.length));
        else file = await serveFile(PUBLIC, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
        if (!file) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
          return;
        }
        const headers: Record<string, string> = {
          'content-type': file.type,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        };
        if (url.pathname === '/strict.html') headers['content-security-policy'] = STRICT_CSP;
        res.writeHead(200, headers).end(file.body);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 8080, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}`;
  const { invite: ownerInvite } = await createInvite({ secret, room: 'lobby', role: 'owner' });
  return {
    server,
    url,
    ownerInvite,
    parlor: handler,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
