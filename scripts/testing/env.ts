// Reads the real LiveKit server the test orchestrator started. A test that
// needs it fails (never skips) when it is missing.
export interface LivekitEnv {
  url: string;
  host: string;
  apiKey: string;
  apiSecret: string;
  pid: number | undefined;
}

export function livekitEnv(): LivekitEnv {
  const e = process.env;
  const missing = ['PARLOR_LIVEKIT_WS_URL', 'PARLOR_LIVEKIT_HTTP_URL', 'PARLOR_LIVEKIT_API_KEY', 'PARLOR_LIVEKIT_API_SECRET'].filter((k) => !e[k]);
  if (missing.length) {
    throw new Error(
      `LiveKit server is missing: ${missing.join(', ')} not set. Run the tests with \`npm test\` (it installs and starts LiveKit), ` +
        'or wrap the command in `node scripts/with-livekit.mjs …`.',
    );
  }
  return {
    url: e.PARLOR_LIVEKIT_WS_URL!,
    host: e.PARLOR_LIVEKIT_HTTP_URL!,
    apiKey: e.PARLOR_LIVEKIT_API_KEY!,
    apiSecret: e.PARLOR_LIVEKIT_API_SECRET!,
    pid: e.PARLOR_LIVEKIT_PID ? Number(e.PARLOR_LIVEKIT_PID) : undefined,
  };
}
