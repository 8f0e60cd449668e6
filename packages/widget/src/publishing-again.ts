import type { RoomClient } from '@parlor/core';

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
