// A token the server kit hands out can still be refused by LiveKit, or
// LiveKit can be down: the real server kit answers, and a custom `fetch`
// (the RoomClient option hosts use for auth headers) bends its answer.
// No msw here: its WebSocket interception would stand between us and LiveKit.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import { livekit, uniqueRoom } from './test/helpers.js';

const cases = [
  { name: 'LiveKit refuses the token', change: { token: 'not-a-real-token' }, code: 'token_rejected' },
  { name: 'LiveKit is unreachable', change: { url: 'ws://127.0.0.1:9' }, code: 'server_unreachable' },
];

describe('joining fails with a code a UI can explain (real server kit and LiveKit)', function () {
  this.timeout(30_000);
  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const bent: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).endsWith('/token') || !res.ok) return res;
        return Response.json({ ...((await res.json()) as object), ...c.change });
      };
      const client = new RoomClient({
        endpoint: '/api/parlor',
        room: uniqueRoom(),
        fetch: bent,
        livekit: { connectOptions: { ...livekit.connectOptions, maxRetries: 0 } },
      });
      await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
      const errors: string[] = [];
      client.on('error', (e) => errors.push(e.code));
      const statuses: string[] = [];
      client.on('statusChanged', (s) => statuses.push(s));
      let disconnected = 0;
      client.on('disconnected', () => disconnected++);
      const err = await client.join({ screenName: 'Moonbeam' }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(ParlorError);
      expect((err as ParlorError).code).to.equal(c.code);
      expect(errors).to.deep.equal([c.code]);
      expect(client.getState().status).to.equal('failed');
      // The room was never entered: no 'disconnected' on the way to 'failed'.
      expect(statuses).to.deep.equal(['authorizing', 'connecting', 'failed']);
      expect(disconnected, 'disconnected events').to.equal(0);
      expect(client.getState().disconnectReason).to.equal(undefined);
      expect(client.livekitRoom).to.equal(undefined);
    });
  }
});
