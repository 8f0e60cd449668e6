// Functions evaluated inside the lab page (they must be self-contained).
import type { Page } from 'playwright-core';

export interface JoinArgs {
  room: string;
  name: string;
  broadcast?: boolean;
  terms?: boolean;
  mode?: 'participant' | 'viewer';
  key?: string;
  chat?: { ratePerSecond?: number; rateBurst?: number };
}

/** Consents and joins with a real RoomClient; stored as window.clients[key ?? name]. */
export async function joinClient(page: Page, args: JoinArgs): Promise<void> {
  await page.evaluate(async (a) => {
    const w = window as unknown as { Parlor: Window['Parlor']; clients?: Record<string, InstanceType<Window['Parlor']['RoomClient']>> };
    const client = new w.Parlor.RoomClient({
      endpoint: '/api/parlor',
      room: a.room,
      ...(a.chat ? { chat: a.chat } : {}),
      livekit: { connectOptions: { rtcConfig: { iceServers: [] } } },
    });
    await client.giveConsent({ age: 30, purposes: { terms: a.terms ?? true, broadcast: a.broadcast ?? true, recording: false, analytics: false } });
    await client.join({ screenName: a.name, ...(a.mode ? { mode: a.mode } : {}) });
    (w.clients ??= {})[a.key ?? a.name] = client;
  }, args);
}
