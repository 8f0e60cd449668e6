import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParticipantInfo, ParticipantPermission } from 'livekit-server-sdk';
import { ARRIVAL_MS, LIST_MAX_AGE_MS, RoomPresence } from './presence.js';

function setup() {
  let now = 1_000_000;
  const people = new Map<string, ParticipantInfo[]>();
  const asked: string[] = [];
  let fail = false;
  const presence = new RoomPresence(async (room) => {
    asked.push(room);
    if (fail) throw new Error('LiveKit is down');
    return people.get(room) ?? [];
  }, () => now);
  return {
    presence,
    asked,
    people,
    advance: (ms: number) => void (now += ms),
    failing: (on: boolean) => void (fail = on),
  };
}

const listed = (identity: string, name: string, hidden = false) =>
  new ParticipantInfo({ identity, name, permission: new ParticipantPermission({ hidden }) });
const ids = (xs: { identity: string }[]) => xs.map((x) => x.identity).sort();

test("LiveKit's list stands for a second per room, then is asked again", async () => {
  const t = setup();
  t.people.set('lobby', [listed('a', 'Ada')]);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a']);
  t.people.set('lobby', [listed('a', 'Ada'), listed('b', 'Bo')]);
  t.advance(LIST_MAX_AGE_MS);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a'], 'within the second: the same answer');
  await t.presence.inRoom('hall');
  t.advance(1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a', 'b']);
  assert.deepEqual(t.asked, ['lobby', 'hall', 'lobby']);
});

test('arrivals count for 30 s or until LiveKit lists them, once per identity', async () => {
  const t = setup();
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  assert.deepEqual(await t.presence.inRoom('lobby'), [{ identity: 'a', name: 'Ada', hidden: false, role: 'participant', at: 1_000_000 }]);
  assert.deepEqual(await t.presence.inRoom('hall'), []);
  t.people.set('lobby', [listed('a', 'Ada')]);
  t.advance(LIST_MAX_AGE_MS + 1);
  assert.equal((await t.presence.inRoom('lobby')).length, 1, 'listed and arriving: counted once');
  t.people.set('lobby', []);
  t.advance(ARRIVAL_MS - LIST_MAX_AGE_MS - 1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a'], 'left LiveKit again, but arrived 30 s ago at most');
  t.advance(1);
  assert.deepEqual(await t.presence.inRoom('lobby'), [], 'forgotten after 30 s');
});

test('a failed lookup rejects and is not kept: the next request asks again', async () => {
  const t = setup();
  t.failing(true);
  await assert.rejects(t.presence.inRoom('lobby'), /down/);
  t.failing(false);
  t.people.set('lobby', [listed('a', 'Ada', true)]);
  assert.deepEqual(await t.presence.inRoom('lobby'), [{ identity: 'a', name: 'Ada', hidden: true, role: undefined }]);
  assert.equal(t.asked.length, 2);
});
