import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParticipantInfo, ParticipantPermission } from 'livekit-server-sdk';
import { ARRIVAL_MS, CONNECT_GRACE_MS, LIST_MAX_AGE_MS, RoomPresence } from './presence.js';

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

test('an arrival counts until LiveKit lists them, at most 15 s; once listed, leaving frees the name within a second', async () => {
  const t = setup();
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  t.presence.arrived('lobby', { identity: 'b', name: 'Bo', hidden: false, role: 'participant' });
  assert.deepEqual((await t.presence.inRoom('lobby'))[0], { identity: 'a', name: 'Ada', hidden: false, role: 'participant', at: 1_000_000 });
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a', 'b'], 'once per identity');
  assert.deepEqual(await t.presence.inRoom('hall'), []);
  // Ada reaches LiveKit (counted once); Bo never does.
  t.people.set('lobby', [listed('a', 'Ada')]);
  t.advance(LIST_MAX_AGE_MS + 1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a', 'b']);
  // Ada leaves: gone with the next list, though her token is only seconds old.
  t.people.set('lobby', []);
  t.advance(LIST_MAX_AGE_MS + 1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['b']);
  // Checked against a list older than the token (no lookup after it), an arrival counts until 15 s after it.
  const early = await t.presence.lookup('hall');
  t.presence.arrived('hall', { identity: 'c', name: 'Cy', hidden: false, role: 'participant' });
  const present = () => {
    let seen: { identity: string }[] = [];
    t.presence.claim('hall', early, undefined, (p) => (seen = p));
    return ids(seen);
  };
  t.advance(ARRIVAL_MS);
  assert.deepEqual(present(), ['c']);
  t.advance(1);
  assert.deepEqual(present(), [], 'forgotten after 15 s');
});

test('an arrival a lookup made 5 s or more after their token leaves out is gone: a reload as someone new finds the name free', async () => {
  const t = setup();
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  // Lookups within the grace leave her arriving: a join takes a moment to reach LiveKit.
  t.advance(CONNECT_GRACE_MS - 1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a']);
  // She never shows (a closed tab, or joined and left between lookups): the next lookup after the grace frees her name.
  t.advance(LIST_MAX_AGE_MS + 1);
  assert.deepEqual(await t.presence.inRoom('lobby'), []);
  // Someone listed by that lookup under a token given after it stays arriving, however the list reads.
  t.presence.arrived('lobby', { identity: 'b', name: 'Bo', hidden: false, role: 'participant' });
  t.advance(CONNECT_GRACE_MS - 1);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['b']);
});

test('lookups of rooms asked for once are let go: what is held stays bounded however many room names come', async () => {
  const t = setup();
  for (let i = 0; i < 2_000; i++) {
    await t.presence.lookup(`room-${i}`);
    t.advance(50);
  }
  // 100 s of lookups, one room each 50 ms: only those of the last sweep's span are held.
  assert.ok(t.presence.held <= (ARRIVAL_MS + LIST_MAX_AGE_MS) / 50 + 1, `held ${t.presence.held}`);
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

test('claim: the check and the arrival are one step, so a second claim on the same listing sees the first', async () => {
  const t = setup();
  const listing = await t.presence.lookup('lobby');
  const seen: string[][] = [];
  const ada = { identity: 'a', name: 'Ada', hidden: false, role: 'participant' };
  t.presence.claim('lobby', listing, ada, (p) => void seen.push(ids(p)));
  t.presence.claim('lobby', listing, { ...ada, identity: 'b' }, (p) => void seen.push(ids(p)));
  assert.deepEqual(seen, [[], ['a']]);
  // A refused claim records nothing.
  assert.throws(() => t.presence.claim('lobby', listing, { ...ada, identity: 'c' }, () => { throw new Error('taken'); }), /taken/);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a', 'b']);
});

test('forget (LiveKit says joined or left) ends an arrival and the shared list; hidden arrivals are never kept', async () => {
  const t = setup();
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada', hidden: false, role: 'participant' });
  t.presence.arrived('lobby', { identity: 'v', name: 'Viewer', hidden: true, role: 'viewer' });
  t.people.set('lobby', [listed('b', 'Bo')]);
  assert.deepEqual(ids(await t.presence.inRoom('lobby')), ['a', 'b']);
  t.people.set('lobby', []);
  t.presence.forget('lobby', 'a');
  assert.deepEqual(await t.presence.inRoom('lobby'), [], 'asked LiveKit again at once, and Ada is no longer arriving');
  assert.equal(t.asked.length, 2);
});

test('someone listed under an old name and arriving under a new one holds both until LiveKit lists the new one', async () => {
  const t = setup();
  t.people.set('lobby', [listed('a', 'Ada')]);
  await t.presence.inRoom('lobby');
  t.presence.arrived('lobby', { identity: 'a', name: 'Ada Byron', hidden: false, role: 'participant' });
  assert.deepEqual((await t.presence.inRoom('lobby')).map((p) => p.name).sort(), ['Ada', 'Ada Byron'], 'a list asked before the new token does not end the arrival');
  t.people.set('lobby', [listed('a', 'Ada Byron')]);
  t.advance(LIST_MAX_AGE_MS + 1);
  assert.deepEqual((await t.presence.inRoom('lobby')).map((p) => p.name), ['Ada Byron']);
});
