// Shared setup of the real-LiveKit integration tests: the LiveKit server the
// test orchestrator started (missing env fails the file, never skips it) and
// plain livekit-client peers in real Chromium.
import { fileURLToPath } from 'node:url';

/** Reads one orchestrator variable; throws with how to get LiveKit when absent. */
export function env(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(`LiveKit is missing: ${name} is not set. Run through \`node scripts/with-livekit.mjs\`, which starts a real LiveKit server.`);
  }
  return v;
}

/** The real LiveKit server, as the server kit's `livekit` option. */
export const lk = {
  url: env('PARLOR_LIVEKIT_WS_URL'),
  host: env('PARLOR_LIVEKIT_HTTP_URL'),
  apiKey: env('PARLOR_LIVEKIT_API_KEY'),
  apiSecret: env('PARLOR_LIVEKIT_API_SECRET'),
};

/** A plain livekit-client participant in a Chromium page. */
export interface Peer {
  // The callback runs in the page against livekit-client's Room, which this package does not depend on.
  run<T>(fn: string | ((room: any, LK: any) => T | Promise<T>)): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export interface RawPeers {
  open(o: { url: string; token?: string; connect?: boolean }): Promise<Peer>;
  close(): Promise<void>;
}

const rawPeerPath = fileURLToPath(new URL('../../../../scripts/testing/raw-peer.mjs', import.meta.url));

/** Launches Chromium with the raw-peer page (scripts/testing/raw-peer.mjs). */
export async function startRawPeers(): Promise<RawPeers> {
  const mod = (await import(rawPeerPath)) as { startRawPeers: () => Promise<RawPeers> };
  return mod.startRawPeers();
}

/** Polls `fn` until it gives something truthy; throws naming `what` after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
