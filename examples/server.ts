// `npm start`: the demo. Starts LiveKit on loopback and the example host,
// then prints the URL to open in two tabs.
import { startHost } from './host.js';
// @ts-expect-error plain JS helper shared with the test harness
import { startLivekit } from '../scripts/livekit.mjs';

const port = Number(process.env.PORT ?? 8080);
// LiveKit tells the host who joins and leaves (bans and consent enforced at join, screen names kept unique).
// keepAlive: a LiveKit that exits is started again (same keys); the pages reconnect by themselves.
const lk = await startLivekit({ port: Number(process.env.PARLOR_LIVEKIT_PORT ?? 7880), webhookUrls: [`http://127.0.0.1:${port}/api/parlor/webhook`], keepAlive: true });
const host = await startHost({
  port,
  livekit: { url: lk.url, host: lk.httpUrl, apiKey: lk.apiKey, apiSecret: lk.apiSecret },
});

console.log(`
  Parlor demo is running.

    Open ${host.url}/ in two browser tabs, pick two screen names, and chat.
    Viewer embed:      ${host.url}/viewer.html
    Strict-CSP page:   ${host.url}/strict.html
    Join as the owner (moderation menu): ${host.url}/?invite=${host.ownerInvite}

  LiveKit: ${lk.url}   (Ctrl-C stops both)
`);

const stop = async () => {
  await host.close();
  await lk.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
