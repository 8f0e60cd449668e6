// scripts/livekit.mjs against the real livekit-server binary: the demo's
// keepAlive starts a server that dies again, with the same keys; stop() and
// restart() are not crashes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { startLivekit } from './livekit.mjs';

// Away from the port the test runner's own LiveKit uses (7880–7882).
const PORT = 7960;

const answers = (url) => fetch(url, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);

async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: not within ${ms} ms`);
}

test('keepAlive: a LiveKit server that dies is started again with the same keys; stop() is final', { timeout: 90_000 }, async () => {
  const restarts = [];
  const lk = await startLivekit({ port: PORT, keepAlive: true, onRestart: (why, inMs) => restarts.push({ why, inMs }) });
  try {
    const rooms = new RoomServiceClient(lk.httpUrl, lk.apiKey, lk.apiSecret);
    await rooms.createRoom({ name: 'before' });
    const first = lk.pid;
    process.kill(first, 'SIGKILL');
    await until(async () => lk.pid !== first && (await answers(lk.httpUrl)), 20_000, 'a new server');
    assert.deepEqual(restarts, [{ why: 'was stopped by SIGKILL', inMs: 1_000 }]);
    // The same keys are good on the new server (the host's kit keeps minting with them).
    await rooms.createRoom({ name: 'after' });
    assert.deepEqual((await rooms.listRooms()).map((r) => r.name), ['after']);
    // Dying again soon after: the wait doubles.
    const second = lk.pid;
    process.kill(second, 'SIGKILL');
    await until(async () => lk.pid !== second && (await answers(lk.httpUrl)), 20_000, 'a third server');
    assert.deepEqual(restarts.map((r) => r.inMs), [1_000, 2_000]);
    // restart() is not a crash: no second server is started behind it.
    await lk.restart();
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(restarts.length, 2);
  } finally {
    await lk.stop();
  }
  await new Promise((r) => setTimeout(r, 2_500));
  assert.equal(await answers(lk.httpUrl), false, 'stopped for good');
  assert.equal(restarts.length, 2);
});

test('without keepAlive a server that dies stays down', { timeout: 60_000 }, async () => {
  const lk = await startLivekit({ port: PORT });
  try {
    process.kill(lk.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(await answers(lk.httpUrl), false);
  } finally {
    await lk.stop();
  }
});

test('stop() while a restart() waits to start the server again is final', { timeout: 60_000 }, async () => {
  const lk = await startLivekit({ port: PORT, keepAlive: true, onRestart: () => assert.fail('no crash here') });
  const restarting = lk.restart(1_500);
  await new Promise((r) => setTimeout(r, 300));
  await lk.stop();
  await restarting;
  await new Promise((r) => setTimeout(r, 2_500));
  assert.equal(await answers(lk.httpUrl), false);
});
