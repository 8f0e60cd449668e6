// Type-checked only (npm run typecheck, with exactOptionalPropertyTypes on, as
// many apps build): what a page's own code naturally passes, optional values
// that may be undefined among them, must fit the public types. Never run.
import { createPreview, RoomClient, type JoinOptions } from './index.js';

declare const params: URLSearchParams;
declare const camera: MediaDeviceInfo | undefined;
declare const answeredAnalytics: boolean | undefined;

export async function consumer(signal?: AbortSignal): Promise<void> {
  const invite = params.get('invite') ?? undefined;
  const client = new RoomClient({ endpoint: '/api/parlor', room: 'lobby', headers: undefined, fetch: undefined, chat: { ratePerSecond: undefined, maxAttempts: 3 } });
  const screenName = await client.checkScreenName('Moonbeam', { invite, signal });
  await client.loadPolicy(signal);
  const options: JoinOptions = {
    screenName,
    invite,
    signal,
    camera: camera !== undefined,
    consent: { age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: answeredAnalytics }, remember: undefined, screenName: undefined },
  };
  await client.join(options);
  await createPreview({ camera: true, deviceId: { camera: camera?.deviceId, microphone: undefined } });
}
