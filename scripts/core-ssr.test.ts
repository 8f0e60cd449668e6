// @parlor/core must import and construct in Node (server-side rendering):
// no top-level `window`, `document`, `navigator` or storage access, and
// livekit-client stays behind the dynamic import that only join() triggers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing @parlor/core in Node does not throw and needs no DOM', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  const core = await import('@parlor/core');
  assert.equal(typeof core.RoomClient, 'function');
  assert.equal(typeof core.createStore, 'function');
  assert.equal(core.ErrorCode.RoomFull, 'room_full');
});

test('a RoomClient can be constructed and read on the server', async () => {
  const { RoomClient, globalPrivacyControl } = await import('@parlor/core');
  const client = new RoomClient({ endpoint: 'http://127.0.0.1:9/api/parlor', room: 'ssr-room' });
  const s = client.getState();
  assert.equal(s.status, 'idle');
  assert.equal(s.room, 'ssr-room');
  assert.equal(s.rememberedName, undefined);
  assert.deepEqual(s.participants, []);
  assert.equal(s.chat.size, 0);
  assert.equal(globalPrivacyControl(), false);
  // Device listing without navigator.mediaDevices answers the (empty) lists instead of throwing.
  assert.deepEqual(await client.listDevices(), { videoinput: [], audioinput: [], audiooutput: [] });
});

test('a relative endpoint used on the server is refused as such (bad_request), not reported as an unreachable server', async () => {
  const { RoomClient, ParlorError } = await import('@parlor/core');
  const client = new RoomClient({ endpoint: '/api/parlor', room: 'ssr-room' });
  const e = await client.loadPolicy().catch((err: unknown) => err);
  assert.ok(e instanceof ParlorError);
  assert.equal(e.code, 'bad_request');
  assert.match(e.message, /"\/api\/parlor" is relative/);
  // With a fetch of its own, resolving it is that fetch's business.
  const seen: string[] = [];
  const own = new RoomClient({
    endpoint: '/api/parlor',
    room: 'ssr-room',
    fetch: async (url) => {
      seen.push(String(url));
      return new Response(JSON.stringify({ code: 'not_found', message: 'no' }), { status: 404 });
    },
  });
  await own.loadPolicy().catch(() => {});
  assert.deepEqual(seen, ['/api/parlor/policy?room=ssr-room']);
});

test('the protocol subpath imports in Node too', async () => {
  const protocol = await import('@parlor/core/protocol');
  assert.equal(protocol.Routes.token, '/token');
});
