// Bench pages: bundles a browser entry with esbuild (from Parlor's TypeScript
// sources, `source` condition) and serves it on loopback.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT } from './common.mjs';

/** Bundles `entry` (a path in the repository) to one ES module string. */
export async function bundleForBrowser(entry, { minify = true } = {}) {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    conditions: ['source', 'browser'],
    tsconfig: join(ROOT, 'packages/widget/tsconfig.json'),
    logLevel: 'error',
    legalComments: 'none',
  });
  return out.outputFiles[0].text;
}

/**
 * Serves `routes` ({ '/path': { body, type } }) on 127.0.0.1; `fallback(req,
 * res)` handles anything else. Resolves to { origin, close }.
 */
export async function servePages(routes, fallback) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const r = routes[path];
    if (r) {
      res.writeHead(200, { 'content-type': r.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(r.body);
    } else if (fallback) {
      fallback(req, res);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

export const html = (title, script) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>` +
  `<body style="margin:0;font:14px system-ui">${script ? `<script type="module" src="${script}"></script>` : ''}</body></html>`;
