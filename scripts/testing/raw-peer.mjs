// A plain livekit-client participant in real Chromium, with no Parlor code in
// the page: the "other implementation" for interop tests, the target of
// moderation tests and the abusive peer of the hardening suite.
//
//   const peers = await startRawPeers();
//   const p = await peers.open({ url, token });
//   await p.run((room) => room.localParticipant.sendText('hi', { topic: 'lk.chat' }));
//   await peers.close();
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const lkDist = dirname(require.resolve('livekit-client'));

const PAGE = `<!doctype html><meta charset="utf-8"><title>raw peer</title>
<script type="module">
import * as LK from '/livekit-client.esm.mjs';
window.LK = LK;
window.ready = true;
</script>`;

/** Serves the page on loopback and launches one Chromium shared by all peers. */
export async function startRawPeers() {
  const js = readFileSync(join(lkDist, 'livekit-client.esm.mjs'));
  const server = createServer((req, res) => {
    if (req.url === '/livekit-client.esm.mjs') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const contexts = [];
  return {
    origin,
    browser,
    /**
     * Opens a page that connects a livekit-client Room with the token.
     * `run(fn, arg)` evaluates `fn(room, LK, arg)` in the page.
     */
    async open({ url, token, connect = true }) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(origin + '/');
      await page.waitForFunction(() => window.ready === true);
      if (connect) {
        await page.evaluate(
          async ({ url, token }) => {
            const room = new window.LK.Room();
            window.room = room;
            await room.connect(url, token, { rtcConfig: { iceServers: [] } });
          },
          { url, token },
        );
      }
      return {
        page,
        run: (fn, arg) =>
          page.evaluate(
            // eslint-disable-next-line no-new-func
            ({ src, arg }) => new Function('room', 'LK', 'arg', `return (${src})(room, LK, arg);`)(window.room, window.LK, arg),
            { src: fn.toString(), arg },
          ),
        close: () => context.close(),
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
