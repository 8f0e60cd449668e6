// Going on air and coming off it: shared by the flow, the controls and the people list.
import type { RoomClient, RoomState } from '@parlor/core';

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

/** Resolves true once `client` may publish (now or later), false after `ms` without. */
export function publishingAgain(client: RoomClient, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (yes: boolean) => {
      clearTimeout(timer);
      off();
      resolve(yes);
    };
    const timer = setTimeout(() => done(false), ms);
    const off = client.subscribe((s) => void (s.local?.can.publish && done(true)));
    if (client.getState().local?.can.publish) done(true);
  });
}

/** Why going on camera here needs recording consent: a recording runs `now`, or the room `may` record (it asks everyone on camera); '' when it does not. */
export type RecordingAsked = '' | 'now' | 'may';

export function recordingAsked(s: RoomState): RecordingAsked {
  return s.recording ? 'now' : s.policy?.requireRecordingConsent === true ? 'may' : '';
}
