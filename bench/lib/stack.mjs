// The real stack for LiveKit benchmarks: a LiveKit server on loopback, one
// site serving the built script-tag widget (/parlor/parlor.js), the real
// server kit (/api/parlor), a Parlor page, the bare livekit-client baseline
// page (/bare.html) and a shared instrumentation script.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { ROOT } from './common.mjs';
import { bundleForBrowser, servePages } from './browser.mjs';
import { startLivekit } from '../../scripts/livekit.mjs';

const WIDGET = join(ROOT, 'packages/widget/dist/script');

/**
 * Instrumentation shared by both pages (classic script, runs first):
 * - t0: the click on a button labelled "Join…" (capture phase, through shadow roots);
 * - connected: Parlor's store reaching `connected` / the bare page's RoomEvent.Connected;
 * - videoEl, joinEvent (diagnostics, BENCH_DEBUG=1 prints them): the first
 *   <video> element given a stream; Parlor's parlor-join event (the room is shown);
 * - firstFrame: when the first frame of any <video> in the page, shadow roots
 *   included, was handed to the compositor (requestVideoFrameCallback's
 *   presentationTime). Each video is watched from the moment its `srcObject`
 *   is set (both pages set it: Parlor itself, the bare page through
 *   livekit-client's attach), so no frame can go by unseen (bench/NOTES.md,
 *   join notes, says what a polling scan missed). firstFrameCallback keeps
 *   the callback's own time;
 * - longest task (PerformanceObserver longtask) and chat latency samples;
 * - shown(): each watched video's box on the page and the size of the stream
 *   it plays (fan-out compares pages that draw the same pixels).
 */
const INSTRUMENT = `
(() => {
  const b = (window.__bench = { marks: {}, longtasks: [], latencies: [], received: 0, videos: 0 });
  window.benchMark = (name) => { if (!(name in b.marks)) b.marks[name] = performance.now(); };
  addEventListener('click', (e) => {
    const btn = e.composedPath().find((n) => n.tagName === 'BUTTON');
    if (btn && /^\\s*(Join|Watch)/.test(btn.textContent)) { b.marks = {}; b.marks.t0 = performance.now(); }
  }, true);
  const watched = new Set();
  b.shown = () => [...watched].filter((v) => v.isConnected && v.videoWidth).map((v) => {
    const r = v.getBoundingClientRect();
    return { box: Math.round(r.width) + '×' + Math.round(r.height), stream: v.videoWidth + '×' + v.videoHeight };
  });
  const watch = (v) => {
    if (watched.has(v)) return;
    watched.add(v);
    b.videos++;
    window.benchMark('videoEl');
    const onFrame = (now, frame) => {
      if (!('firstFrame' in b.marks)) b.marks.firstFrame = frame.presentationTime;
      window.benchMark('firstFrameCallback');
      b.frames = (b.frames || 0) + 1;
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  };
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    enumerable: srcObject.enumerable,
    get: srcObject.get,
    set(value) {
      srcObject.set.call(this, value);
      if (value && this instanceof HTMLVideoElement) watch(this);
    },
  });
  // Videos given a stream some other way (a src URL): found by a scan.
  const scan = (root) => {
    for (const v of root.querySelectorAll('video')) watch(v);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) scan(el.shadowRoot);
  };
  setInterval(() => scan(document), 50);
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longtasks.push(e.duration); }).observe({ entryTypes: ['longtask'] });
  } catch {}
  addEventListener('parlor-join', () => window.benchMark('joinEvent'));
  addEventListener('parlor-client', (e) => {
    const client = e.detail.client;
    window.parlorClient = client;
    client.subscribe((s) => { if (s.status === 'connected') window.benchMark('connected'); });
    client.on('message', (m) => {
      if (m.local) return;
      b.received++;
      const sent = Number(m.text.split(' ')[1]);
      if (sent) b.latencies.push(Date.now() - sent);
    });
  });
  window.benchChat = ({ text }) => {
    b.received++;
    const sent = Number(text.split(' ')[1]);
    if (sent) b.latencies.push(Date.now() - sent);
  };
})();`;

const page = (title, body, scripts) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>` +
  `<script src="/instrument.js"></script>${scripts}<body style="margin:0;font:14px system-ui">${body}</body></html>`;

export async function startStack({ policy = {} } = {}) {
  if (!existsSync(join(WIDGET, 'parlor.js'))) {
    throw new Error('The script-tag build is missing (packages/widget/dist/script/parlor.js). Run `npx rollup -c rollup.config.mjs --silent`.');
  }
  const lk = await startLivekit();
  const livekit = { url: lk.url, host: lk.httpUrl, apiKey: lk.apiKey, apiSecret: lk.apiSecret };
  const { createParlorHandler, MemoryStore } = await import('@parlor/server-kit');
  const { toNodeHandler } = await import('@parlor/server-kit/node');
  const parlor = toNodeHandler(
    createParlorHandler({
      livekit,
      secret: crypto.randomUUID() + crypto.randomUUID(),
      store: new MemoryStore(),
      allowGuests: true,
      guestRole: 'broadcaster',
      rateLimit: false,
      policy: { termsUrl: '/terms.html', privacyUrl: '/terms.html', termsVersion: 'bench', minimumAge: 18, requireRecordingConsent: false, allowAnonymousViewers: true, ...policy },
    }),
  );
  const mint = async ({ room, identity, name, publish = true, hidden = false }) => {
    const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity, name, ttl: 600 });
    at.addGrant({ room, roomJoin: true, canPublish: publish, canSubscribe: true, canPublishData: true, hidden });
    return at.toJwt();
  };
  const bareJs = await bundleForBrowser('bench/pages/bare.ts');
  const parlorPage = (room, mode) =>
    page(
      'Parlor bench',
      `<parlor-room room="${room}" token-endpoint="/api/parlor/token" mode="${mode}"></parlor-room>` +
        // Same ICE settings as the bare page (no public STUN on a loopback-only machine).
        `<script type="module">const el = document.querySelector('parlor-room'); el.livekitOptions = { connectOptions: { rtcConfig: { iceServers: [] } } };</script>`,
      '<script type="module" src="/parlor/parlor.js"></script>',
    );
  const site = await servePages(
    {
      '/instrument.js': { body: INSTRUMENT, type: 'text/javascript' },
      '/bare.js': { body: bareJs, type: 'text/javascript' },
      '/bare.html': { body: page('bare bench', '<button id="join">Join</button><div id="stage" style="border:1px solid #ccc;padding:0.5rem"></div><ul id="log" style="height:300px;overflow:auto"></ul>', '<script type="module" src="/bare.js"></script>') },
      '/terms.html': { body: '<p>terms</p>' },
    },
    (req, res) => {
      parlor(req, res, () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/parlor.html') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(parlorPage(url.searchParams.get('room') ?? 'bench', url.searchParams.get('mode') ?? 'participant'));
        } else if (url.pathname === '/bare-token') {
          const identity = `bare_${crypto.randomUUID().slice(0, 8)}`;
          const viewer = url.searchParams.has('viewer');
          mint({ room: url.searchParams.get('room'), identity, name: url.searchParams.get('name') ?? identity, publish: !viewer, hidden: viewer }).then((token) =>
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, url: lk.url })),
          );
        } else if (url.pathname.startsWith('/parlor/')) {
          const path = normalize(join(WIDGET, url.pathname.slice('/parlor/'.length)));
          if (!path.startsWith(WIDGET) || !existsSync(path)) return res.writeHead(404).end('not found');
          res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'application/json', 'cache-control': 'no-store' }).end(readFileSync(path));
        } else {
          res.writeHead(404).end('not found');
        }
      });
    },
  );
  return {
    lk,
    livekit,
    origin: site.origin,
    mint,
    async close() {
      await site.close();
      await lk.stop();
    },
  };
}

/**
 * Goes through Parlor's pre-join and consent as a person would; clicks "Join
 * room" (or "Watch"), after `settleMs` with the consent step filled in (a
 * person reads it: the page has loaded what it preloads by then).
 */
export async function parlorJoin(page, { name, viewer = false, broadcast = false, settleMs = 0 }) {
  if (viewer) {
    // Viewer mode: a Watch button (older builds also asked for a screen name).
    const watch = page.getByRole('button', { name: /^Watch/ });
    await watch.waitFor({ timeout: 20_000 });
    const nameField = page.getByLabel('Screen name');
    if (await nameField.count()) await nameField.fill(name);
    await watch.click();
    return;
  }
  await page.getByLabel('Screen name').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your age').fill('30');
  await page.getByLabel('I accept the privacy terms').check();
  if (broadcast) await page.getByLabel('I agree to appear on camera').check();
  if (settleMs > 0) await page.waitForTimeout(settleMs);
  await page.getByRole('button', { name: 'Join room' }).click();
}

/** Waits for a mark in the page's instrumentation; returns the marks. */
export async function waitMark(page, name, timeout = 30_000) {
  await page.waitForFunction((n) => window.__bench && n in window.__bench.marks, name, { timeout, polling: 20 });
  return page.evaluate(() => window.__bench.marks);
}
