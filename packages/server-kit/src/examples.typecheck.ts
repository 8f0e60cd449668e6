/**
 * The snippets of docs/server-kit.md, type-checked (`npm run typecheck`) so
 * the docs cannot drift from the API. Not exported, not built, never run.
 * Hono is not a dependency: its snippet is checked against a stand-in with
 * the same shape as Hono's `app.all` and `Context` (`c.req.raw`, `c.env`).
 */
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import express from 'express';
import { createParlorHandler, type ParlorOptions } from './index.js';
import { toNodeHandler } from './node.js';

// What the host already has; the docs assume these.
declare function sessionFromCookie(cookie: string | null): Promise<{ id: string; isStaff: boolean } | null>;
declare const db: {
  consents: { insert(row: object): Promise<void> };
  audit: { insert(row: object): Promise<void> };
};

// Quick start
export const parlor = createParlorHandler({
  livekit: {
    url: 'wss://lk.example.com',
    host: 'https://lk.example.com',
    apiKey: process.env.LIVEKIT_API_KEY!,
    apiSecret: process.env.LIVEKIT_API_SECRET!,
  },
  secret: process.env.PARLOR_SECRET!,
  authenticate: async (req) => {
    const user = await sessionFromCookie(req.headers.get('cookie'));
    return user ? { identity: user.id, role: user.isStaff ? 'moderator' : 'participant' } : null;
  },
  allowGuests: true,
  policy: { termsUrl: '/terms', termsVersion: '2024-06', minimumAge: 16 },
  onConsent: ({ record, receipt }) => db.consents.insert({ ...record, receipt }),
  onAudit: (record) => db.audit.insert(record),
});

// Node http / Express
export function nodeAndExpress(): void {
  http.createServer(toNodeHandler(parlor)).listen(3000);
  const app = express();
  app.use(toNodeHandler(parlor));
  app.use(express.json());
}

// Next.js route handler: app/api/parlor/[...route]/route.ts
export const GET = (req: Request) => parlor(req);
export const POST = GET;
export const DELETE = GET;
export const OPTIONS = GET;
export const runtime = 'nodejs';

// Hono (stand-in types; see the header)
interface HonoContext {
  req: { raw: Request };
  env?: { incoming?: IncomingMessage };
}
declare const app: { all(path: string, handler: (c: HonoContext) => Promise<Response>): void };
app.all('/api/parlor/*', (c) => parlor(c.req.raw, { ip: c.env?.incoming?.socket?.remoteAddress }));

// Options from the tables: cross-origin pages, recording consent asked only when a recording starts.
export const more: Partial<ParlorOptions> = {
  cors: { origins: ['https://app.example.com'], credentials: true },
  policy: (room) => ({ requireRecordingConsent: room !== 'studio' }),
};

// Recording yourself: mark the room first so nothing unconsented is captured.
export async function startMyRecording(room: string): Promise<string[]> {
  const { revoked } = await parlor.setRecording(room, true);
  return revoked;
}
