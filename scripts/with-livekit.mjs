#!/usr/bin/env node
// Runs a command with a real LiveKit server started for it (loopback only):
//   node scripts/with-livekit.mjs <command…>
// The command sees PARLOR_LIVEKIT_WS_URL, PARLOR_LIVEKIT_HTTP_URL,
// PARLOR_LIVEKIT_API_KEY, PARLOR_LIVEKIT_API_SECRET and PARLOR_WEBHOOK_PORT
// (LiveKit posts webhooks to http://127.0.0.1:$PARLOR_WEBHOOK_PORT/api/parlor/webhook).
import { spawn } from 'node:child_process';
import { startLivekit } from './livekit.mjs';

export const WEBHOOK_PORT = 7899;

export function livekitEnv(lk) {
  return {
    PARLOR_LIVEKIT_WS_URL: lk.url,
    PARLOR_LIVEKIT_HTTP_URL: lk.httpUrl,
    PARLOR_LIVEKIT_API_KEY: lk.apiKey,
    PARLOR_LIVEKIT_API_SECRET: lk.apiSecret,
    PARLOR_LIVEKIT_PID: String(lk.pid),
    PARLOR_WEBHOOK_PORT: String(WEBHOOK_PORT),
  };
}

export function startTestLivekit() {
  return startLivekit({ webhookUrls: [`http://127.0.0.1:${WEBHOOK_PORT}/api/parlor/webhook`] });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error('usage: node scripts/with-livekit.mjs <command…>');
    process.exit(2);
  }
  const lk = await startTestLivekit();
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...livekitEnv(lk) } });
  const code = await new Promise((r) => child.on('exit', (c) => r(c ?? 1)));
  await lk.stop();
  process.exit(code);
}
