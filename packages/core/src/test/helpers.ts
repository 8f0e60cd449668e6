// Shared by core's browser tests: real clients against the real server kit
// (/api/parlor on the dev server) and real LiveKit, plus raw livekit-client peers.
import { Room } from 'livekit-client';
import { RoomClient } from '../client.js';
import { ParlorError } from '../errors.js';
import type { JoinOptions, RoomClientOptions } from '../client.js';
import type { Purposes } from '../protocol/index.js';
import type { RoomState } from '../types.js';

/** No public STUN servers: the tests run in a loopback-only network namespace. */
export const livekit = { connectOptions: { rtcConfig: { iceServers: [] } } };

/** A fresh room name per test, so tests never see each other. */
export const uniqueRoom = (): string => `core-${Math.random().toString(36).slice(2, 10)}`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first snapshot matching `pred`; rejects after `ms`, saying what it waited for. */
export function until(client: RoomClient, pred: (s: RoomState) => boolean, ms = 15_000, what = ''): Promise<RoomState> {
  return new Promise((resolve, reject) => {
    if (pred(client.getState())) return resolve(client.getState());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state never matched ${what} within ${ms} ms; status=${client.getState().status}`));
    }, ms);
    const off = client.subscribe((s) => {
      if (pred(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

/** Polls `check` until it returns true; rejects after `ms`. */
export async function eventually(check: () => boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(50);
  }
}

/** A client that has loaded the policy, consented (all purposes unless told) and joined. */
export async function joined(
  room: string,
  screenName: string,
  join: Omit<JoinOptions, 'screenName'> = {},
  options: { purposes?: Partial<Purposes>; client?: Partial<RoomClientOptions> } = {},
): Promise<RoomClient> {
  const client = new RoomClient({ endpoint: '/api/parlor', room, livekit, ...options.client });
  await client.loadPolicy();
  await client.giveConsent({
    age: 30,
    purposes: { terms: true, broadcast: true, recording: false, analytics: false, ...options.purposes },
  });
  await client.join({ screenName, ...join });
  return client;
}

/** A plain livekit-client participant with a raw token (as LiveKit's own components would be). */
export async function rawPeer(room: string, identity: string, name: string): Promise<Room> {
  const res = await fetch(`/test/token?room=${room}&identity=${identity}&name=${encodeURIComponent(name)}`);
  if (!res.ok) throw new Error(`/test/token answered ${res.status}: ${await res.text()}`);
  const { token, url } = (await res.json()) as { token: string; url: string };
  const peer = new Room();
  await peer.connect(url, token, livekit.connectOptions);
  return peer;
}

/** Ids of chat messages in a client's state, counted (a duplicate shows as a count above 1). */
export function idCounts(client: RoomClient): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of client.getState().chat) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  return counts;
}

/** The ParlorError code an action (or promise) fails with; undefined when it succeeds. */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
    return undefined;
  } catch (e) {
    return e instanceof ParlorError ? e.code : `not a ParlorError: ${String(e)}`;
  }
}
