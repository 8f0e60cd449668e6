// A room name the server kit would refuse is said as such, before any request.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { codeOf } from './test/helpers.js';

function client(room: string) {
  const asked: string[] = [];
  const c = new RoomClient({
    endpoint: '/api/parlor',
    room,
    fetch: async (input) => {
      asked.push(String(input));
      return new Response(JSON.stringify({ code: 'server_error', message: 'not here' }), { status: 500, headers: { 'content-type': 'application/json' } });
    },
  });
  return { c, asked };
}

describe('room names', () => {
  for (const room of ['bad room!!/<x>', '', 'x'.repeat(65), '-starts-with-a-dash']) {
    it(`"${room.slice(0, 20)}": invalid_room from the policy, the consent and a viewer's join, and nothing is asked of the server`, async () => {
      const { c, asked } = client(room);
      expect(await codeOf(c.loadPolicy())).to.equal('invalid_room');
      expect(await codeOf(c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } }))).to.equal('invalid_room');
      expect(await codeOf(c.join({ screenName: 'Viewer', mode: 'viewer' }))).to.equal('invalid_room');
      expect(asked).to.deep.equal([]);
    });
  }

  it('a valid name goes to the server', async () => {
    const { c, asked } = client('lobby_2-b');
    expect(await codeOf(c.loadPolicy())).to.equal('server_error');
    expect(asked).to.have.length(1);
  });
});
