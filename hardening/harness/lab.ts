// A loopback web server for hardening tests: the lab page (real widget, real
// core, plain livekit-client, no CSP, a script-execution sentinel), the
// widget's script-tag entry as a host page embeds it (`/widget.html`), the
// real server kit under /api/parlor and /test/token for raw peers.
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createParlorHandler, MemoryStore, mintToken } from '@parlor/server-kit';
import type { ParlorHandler, ParlorOptions } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';
import type { Role } from '@parlor/core/protocol';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Executing payloads call __pwn() or set __pwned; dialogs count too. */
const SENTINEL = `window.__name = (f) => f; // tsx keeps function names in page.evaluate sources
window.__pwned = false;
window.__pwn = () => { window.__pwned = true; };
for (const k of ['alert', 'confirm', 'prompt', 'print']) window[k] = () => { window.__pwned = true; };
window.__longest = 0;
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
    .observe({ type: 'longtask', buffered: true });
} catch {}`;

const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Parlor hardening lab</title>
<script>${SENTINEL}</script>
<script type="module" src="/lab.js"></script>
<body><main id="stage"></main></body></html>`;

/** The real widget as a host page embeds it: one element, one module script, nothing inline. */
const widgetPage = (room: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parlor hardening widget</title>
<script type="module" src="/w/script.js"></script></head>
<body><main><parlor-room room="${room.replace(/[^A-Za-z0-9_-]/g, '')}" token-endpoint="/api/parlor/token"></parlor-room></main></body></html>`;

let bundle: Promise<string> | undefined;
let widget: Promise<Map<string, string>> | undefined;

/**
 * Bundles the widget's script-tag entry from source, split into lazy chunks
 * like the published build, but independent of a `dist/` that others may be
 * rebuilding while the tests run. Production Lit: no dev-mode warnings.
 */
export function widgetBundle(): Promise<Map<string, string>> {
  widget ??= build({
    entryPoints: { script: fileURLToPath(new URL('../../packages/widget/src/script.ts', import.meta.url)) },
    bundle: true,
    splitting: true,
    outdir: '/w',
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    tsconfig: `${root}tsconfig.base.json`,
    absWorkingDir: root,
    logLevel: 'error',
  }).then((r) => new Map(r.outputFiles.map((f) => [f.path, f.text])));
  return widget;
}

/** Bundles hardening/pages/lab.ts from the packages' sources (once per process). */
export function labBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('../pages/lab.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser', 'development'],
    tsconfig: `${root}tsconfig.base.json`,
    absWorkingDir: root,
    logLevel: 'error',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export interface LabOptions {
  livekit: { url: string; host: string; apiKey: string; apiSecret: string };
  kit?: Partial<ParlorOptions>;
}

export interface Lab {
  url: string;
  handler: ParlorHandler;
  server: Server;
  close(): Promise<void>;
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const js = await labBundle();
  const chunks = await widgetBundle();
  const lk = options.livekit;
  const handler = createParlorHandler({
    livekit: lk,
    secret: 'hardening-lab-secret-0123456789-abcdefghij',
    store: new MemoryStore(),
    allowGuests: true,
    guestRole: 'broadcaster',
    rateLimit: false,
    policy: { termsUrl: '/terms', termsVersion: 't1', requireRecordingConsent: false },
    onError: () => {},
    ...options.kit,
  });
  const parlor = toNodeHandler(handler);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/lab.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
      return;
    }
    if (url.pathname.startsWith('/w/') && chunks.has(url.pathname)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(chunks.get(url.pathname));
      return;
    }
    if (url.pathname === '/widget.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(widgetPage(url.searchParams.get('room') ?? 'lobby'));
      return;
    }
    if (url.pathname === '/test/token') {
      void mintToken({
        apiKey: lk.apiKey,
        apiSecret: lk.apiSecret,
        room: url.searchParams.get('room') ?? 'lobby',
        identity: url.searchParams.get('identity') ?? `raw-${Math.random().toString(36).slice(2)}`,
        name: url.searchParams.get('name') ?? 'Raw peer',
        role: (url.searchParams.get('role') ?? 'participant') as Role,
        limits: { mayPublish: url.searchParams.get('publish') !== '0', mayChat: url.searchParams.get('chat') !== '0' },
      }).then((m) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: m.token, url: lk.url })));
      return;
    }
    parlor(req, res, () => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    handler,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
