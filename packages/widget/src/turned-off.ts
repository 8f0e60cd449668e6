import type { RoomClient } from '@parlor/core';

/** What the person can turn on and off from the controls. */
export type OnAirSource = 'camera' | 'microphone' | 'screen';

const offAt = new WeakMap<RoomClient, Record<OnAirSource, number>>();

/** The person turned `source` off themselves (a recording taking it away is not that). */
export function noteTurnedOff(client: RoomClient, source: OnAirSource): void {
  const times = offAt.get(client) ?? { camera: 0, microphone: 0, screen: 0 };
  times[source] = Date.now();
  offAt.set(client, times);
}

/** When the person last turned `source` off themselves (0: never). */
export function turnedOffAt(client: RoomClient, source: OnAirSource): number {
  return offAt.get(client)?.[source] ?? 0;
}
