// Second chunk: loaded after the pre-join card is submitted. Brings the
// headless client (and zod/mini) and the consent step; still no livekit-client.
import { RoomClient, globalPrivacyControl } from '@parlor/core';
import type { RoomClientOptions } from '@parlor/core';
import { defineElement } from './define.js';
import { ParlorConsent } from './elements/consent/consent.js';

defineElement('parlor-consent', ParlorConsent);

export { globalPrivacyControl };

export function createClient(options: RoomClientOptions): RoomClient {
  return new RoomClient(options);
}
