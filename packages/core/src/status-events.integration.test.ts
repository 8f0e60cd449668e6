// `statusChanged` reports every status the state goes through: a page that
// drives its UI from the event never disagrees with one that reads the state.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import type { ConnectionStatus } from './types.js';
import { joined, livekit, uniqueRoom } from './test/helpers.js';

function watch(client: RoomClient) {
  const fromState: ConnectionStatus[] = [];
  const fromEvents: ConnectionStatus[] = [];
  client.subscribe((s, prev) => {
    if (s.status !== prev.status) fromState.push(s.status);
  });
  client.on('statusChanged', (status) => fromEvents.push(status));
  return { fromState, fromEvents };
}

describe('statusChanged (real LiveKit)', function () {
  this.timeout(60_000);

  it('reports leave and reset, after a join and without one', async () => {
    const idle = new RoomClient({ endpoint: '/api/parlor', room: uniqueRoom(), livekit });
    const seenIdle = watch(idle);
    await idle.leave();
    idle.reset();
    expect(seenIdle.fromState).to.deep.equal(['disconnected', 'idle']);
    expect(seenIdle.fromEvents).to.deep.equal(seenIdle.fromState);

    const c = await joined(uniqueRoom(), 'Heron');
    const seen = watch(c);
    await c.leave();
    c.reset();
    await c.join({ screenName: 'Heron' });
    await c.leave();
    expect(seen.fromState).to.deep.equal(['disconnected', 'idle', 'authorizing', 'connecting', 'connected', 'disconnected']);
    expect(seen.fromEvents).to.deep.equal(seen.fromState);
  });

  it('reports a failed join', async () => {
    // No server kit behind this endpoint: the token request fails.
    const c = new RoomClient({ endpoint: '/api/nowhere', room: uniqueRoom(), livekit });
    const seen = watch(c);
    const error = await c.join({ screenName: 'Heron' }).then(() => undefined, (e: unknown) => e);
    expect(error, 'the join fails').to.be.instanceOf(Error);
    expect(seen.fromState).to.deep.equal(['authorizing', 'failed']);
    expect(seen.fromEvents).to.deep.equal(seen.fromState);
  });
});
