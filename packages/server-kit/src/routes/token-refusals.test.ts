import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorBodySchema } from '@parlor/core/protocol';
import { setup } from '../test/harness.js';
import { signWebhook } from '../test/sign-webhook.js';
import type { ParlorOptions } from '../options.js';

type Ctx = ReturnType<typeof setup>;
interface Case {
  name: string;
  options?: Partial<ParlorOptions>;
  /** Prepares state and returns the body (and headers) of the token request. */
  arrange: (ctx: Ctx) => Promise<{ body: unknown; headers?: Record<string, string> }>;
  status: number;
  code: string;
}

const cases: Case[] = [
  { name: 'a guest without a receipt', arrange: async () => ({ body: { room: 'lobby', screenName: 'Ada' } }), status: 403, code: 'consent_required' },
  {
    name: 'a guest where the host allows no guests',
    options: { authenticate: async () => null },
    arrange: async () => {
      const s = setup(); // same secret, guests allowed: a receipt that verifies
      return { body: { room: 'lobby', screenName: 'Ada', receipt: (await s.consent()).receipt } };
    },
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'a receipt for another room',
    arrange: async (c) => ({ body: { room: 'lobby', screenName: 'Ada', receipt: (await c.consent('other')).receipt } }),
    status: 403,
    code: 'consent_required',
  },
  {
    name: 'a receipt signed with another secret',
    arrange: async () => {
      const s = setup({ secret: 'another-secret-that-is-long-enough-xyz' });
      return { body: { room: 'lobby', screenName: 'Ada', receipt: (await s.consent()).receipt } };
    },
    status: 403,
    code: 'consent_required',
  },
  {
    name: 'a receipt not on record (store lost or deleted)',
    arrange: async (c) => {
      const { receipt, subject } = await c.consent();
      await c.store.deleteSubject(subject);
      return { body: { room: 'lobby', screenName: 'Ada', receipt } };
    },
    status: 403,
    code: 'consent_required',
  },
  {
    name: 'a withdrawn receipt',
    arrange: async (c) => {
      const { receipt } = await c.consent();
      assert.equal((await c.call('DELETE', '/consent', { receipt })).status, 200);
      return { body: { room: 'lobby', screenName: 'Ada', receipt } };
    },
    status: 403,
    code: 'consent_required',
  },
  {
    name: 'a receipt for outdated terms',
    options: { policy: (room) => ({ termsVersion: room === 'lobby' ? currentVersion : '1' }) },
    arrange: async (c) => {
      currentVersion = '1';
      const { receipt } = await c.consent();
      currentVersion = '2';
      return { body: { room: 'lobby', screenName: 'Ada', receipt } };
    },
    status: 403,
    code: 'consent_outdated',
  },
  {
    name: 'a banned identity',
    arrange: async (c) => {
      const { receipt, subject } = await c.consent();
      await c.store.putBan({ room: 'lobby', identity: subject, by: 'mod', at: new Date().toISOString() });
      return { body: { room: 'lobby', screenName: 'Ada', receipt } };
    },
    status: 403,
    code: 'banned',
  },
  {
    name: 'a participant in a locked room',
    arrange: async (c) => {
      await c.store.setRoomState('lobby', { locked: true, slowModeSeconds: 0 });
      return { body: { room: 'lobby', screenName: 'Ada', receipt: (await c.consent()).receipt } };
    },
    status: 403,
    code: 'room_locked',
  },
  {
    name: 'a participant in a full room',
    options: { policy: { maxParticipants: 2 } },
    arrange: async (c) => {
      c.rooms.add('lobby', 'a');
      c.rooms.add('lobby', 'b');
      c.rooms.add('lobby', 'hidden-viewer', { hidden: true });
      return { body: { room: 'lobby', screenName: 'Ada', receipt: (await c.consent()).receipt } };
    },
    status: 409,
    code: 'room_full',
  },
  // Whether the room has a seat, or the name is free, cannot be known while LiveKit is down.
  ...[
    { name: 'a full-room check while LiveKit is down', options: { policy: { maxParticipants: 2 } } },
    { name: 'a chosen name while LiveKit is down' },
  ].map(
    (c): Case => ({
      ...c,
      arrange: async (ctx) => {
        const { receipt } = await ctx.consent();
        ctx.rooms.down = true;
        return { body: { room: 'lobby', screenName: 'Ada', receipt } };
      },
      status: 503,
      code: 'server_unreachable',
    }),
  ),
  ...['Ada', 'ada', 'Ａｄａ', 'AD4', 'A-da'].map(
    (screenName): Case => ({
      name: `"${screenName}" while someone in the room goes by "Ada"`,
      arrange: async (c) => {
        c.rooms.add('lobby', 'someone', { name: 'Ada' });
        return { body: { room: 'lobby', screenName, receipt: (await c.consent()).receipt } };
      },
      status: 409,
      code: 'screen_name_taken',
    }),
  ),
  ...['Moderator', 'The Admin', 'M0DERATOR', 'Ｏｗｎｅｒ', 'Mod'].map(
    (screenName): Case => ({
      name: `a participant named "${screenName}"`,
      arrange: async (c) => ({ body: { room: 'lobby', screenName, receipt: (await c.consent()).receipt } }),
      status: 400,
      code: 'screen_name_reserved',
    }),
  ),
  {
    name: 'a name on the host deny list',
    options: { screenNameDenyList: ['badword'] },
    arrange: async (c) => ({ body: { room: 'lobby', screenName: 'Bad Wörd 99', receipt: (await c.consent()).receipt } }),
    status: 400,
    code: 'screen_name_rejected',
  },
  {
    name: 'an anonymous viewer where the policy wants consent from everyone',
    options: { policy: { allowAnonymousViewers: false } },
    arrange: async () => ({ body: { room: 'lobby', screenName: 'Ada', mode: 'viewer' } }),
    status: 403,
    code: 'consent_required',
  },
  {
    name: "someone else's receipt presented by a signed-in user",
    options: { authenticate: async (req) => ({ identity: req.headers.get('x-user') ?? 'nobody' }) },
    arrange: async (c) => ({
      body: { room: 'lobby', screenName: 'Ada', receipt: (await c.consent('lobby', {}, { 'x-user': 'alice' })).receipt },
      headers: { 'x-user': 'mallory' },
    }),
    status: 403,
    code: 'consent_required',
  },
];
let currentVersion = '1';

for (const c of cases) {
  test(`the token route refuses ${c.name}`, async () => {
    const ctx = setup(c.options);
    const { body, headers } = await c.arrange(ctx);
    const r = await ctx.call('POST', '/token', body, headers);
    assert.equal(r.status, c.status, JSON.stringify(r.body));
    assert.equal(errorBodySchema.parse(r.body).code, c.code);
    assert.equal(r.body['token'], undefined);
  });
}

test('moderators still get in to a locked room', async () => {
  const ctx = setup({ authenticate: async () => ({ identity: 'm', role: 'moderator' }) });
  await ctx.store.setRoomState('lobby', { locked: true, slowModeSeconds: 0 });
  const r = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Mia', receipt: (await ctx.consent()).receipt });
  assert.equal(r.status, 200);
});

for (const role of ['moderator', 'owner'] as const) {
  test(`${role === 'owner' ? 'an' : 'a'} ${role} joining a locked room in viewer mode still gets in`, async () => {
    const ctx = setup({ authenticate: async () => ({ identity: 'staff', role }) });
    await ctx.store.setRoomState('lobby', { locked: true, slowModeSeconds: 0 });
    const r = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Mia', mode: 'viewer' });
    assert.deepEqual([r.status, r.body['role']], [200, 'viewer'], JSON.stringify(r.body));
  });
}

test('moderators and owners present are not counted against maxParticipants', async () => {
  const ctx = setup({ policy: { maxParticipants: 2 } });
  ctx.rooms.add('lobby', 'a', { role: 'participant' });
  ctx.rooms.add('lobby', 'm', { role: 'moderator' });
  ctx.rooms.add('lobby', 'o', { role: 'owner' });
  const r = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: (await ctx.consent()).receipt });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  ctx.rooms.add('lobby', 'b', { role: 'participant' });
  const full = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Cy', receipt: (await ctx.consent()).receipt });
  assert.equal(full.body['code'], 'room_full', 'two participants fill it');
});

test('a participant rejoining a full room is not counted against themselves', async () => {
  const ctx = setup({ policy: { maxParticipants: 2 } });
  const { receipt, subject } = await ctx.consent();
  ctx.rooms.add('lobby', 'a');
  ctx.rooms.add('lobby', subject);
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).status, 200);
});

test('a name is free when only the person themselves, a hidden viewer or someone who left used it', async () => {
  const ctx = setup();
  const { receipt, subject } = await ctx.consent();
  ctx.rooms.add('lobby', subject, { name: 'Ada' }); // the same person, rejoining
  ctx.rooms.add('lobby', 'watcher', { name: 'Ada', hidden: true });
  ctx.rooms.add('hall', 'elsewhere', { name: 'Ada' });
  const r = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test("watching (viewer mode) needs no free name, and a signed-in user's name from the host is theirs", async () => {
  const ctx = setup({ authenticate: async () => ({ identity: 'u', name: 'Ada' }) });
  ctx.rooms.add('lobby', 'someone', { name: 'Ada' });
  const signedIn = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Whatever', receipt: (await ctx.consent()).receipt });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  const guests = setup();
  guests.rooms.add('lobby', 'someone', { name: 'Ada' });
  const viewer = await guests.call('POST', '/token', { room: 'lobby', screenName: 'Ada', mode: 'viewer', receipt: (await guests.consent()).receipt });
  assert.deepEqual([viewer.status, viewer.body['role']], [200, 'viewer'], JSON.stringify(viewer.body));
});

test('token requests for a room at the same moment share one LiveKit lookup', async () => {
  const ctx = setup();
  const real = ctx.rooms.listParticipants.bind(ctx.rooms);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let lookups = 0;
  ctx.rooms.listParticipants = async (room: string) => {
    lookups++;
    await gate;
    return real(room);
  };
  const receipts = await Promise.all([ctx.consent(), ctx.consent(), ctx.consent()]);
  const answers = Promise.all(receipts.map(({ receipt }, i) => ctx.call('POST', '/token', { room: 'lobby', screenName: `Ada ${'x'.repeat(i + 1)}`, receipt })));
  await new Promise((r) => setTimeout(r, 50));
  release();
  assert.deepEqual((await answers).map((a) => a.status), [200, 200, 200]);
  assert.equal(lookups, 1, 'one lookup for the three');
});

test('someone just given a token counts as in the room before LiveKit lists them: their name, and their seat', async () => {
  const ctx = setup({ policy: { maxParticipants: 2 } });
  const ada = await ctx.consent();
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: ada.receipt })).status, 200);
  // Ada is still connecting: LiveKit lists nobody.
  const copycat = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'ADA', receipt: (await ctx.consent()).receipt });
  assert.equal(copycat.body['code'], 'screen_name_taken');
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: ada.receipt })).status, 200, 'Ada herself, asking again');
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Bo', receipt: (await ctx.consent()).receipt })).status, 200);
  const third = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Cy', receipt: (await ctx.consent()).receipt });
  assert.equal(third.body['code'], 'room_full', 'two on their way fill a room of two');
  // Watching takes no name and no seat.
  const watcher = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', mode: 'viewer', receipt: (await ctx.consent()).receipt });
  assert.equal(watcher.status, 200);
  assert.equal((await ctx.call('POST', '/token', { room: 'hall', screenName: 'Ada', receipt: (await ctx.consent('hall')).receipt })).status, 200, 'another room');
});

test('the LiveKit lookup is on its way while the store answers the ban check', async () => {
  const ctx = setup();
  const { receipt } = await ctx.consent();
  const askedBeforeBan: boolean[] = [];
  const getBan = ctx.store.getBan.bind(ctx.store);
  ctx.store.getBan = async (room, identity) => {
    askedBeforeBan.push(ctx.rooms.calls.some((c) => c.method === 'listParticipants'));
    return getBan(room, identity);
  };
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).status, 200);
  assert.deepEqual(askedBeforeBan, [true]);
});

test('two requests for one name, or for the last seat, at the same moment: one gets it', async () => {
  const names = setup();
  const [a, b] = await Promise.all([names.consent(), names.consent()]);
  const both = await Promise.all([a, b].map(({ receipt }) => names.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  assert.equal(both.find((r) => r.status === 409)?.body['code'], 'screen_name_taken');
  const seats = setup({ policy: { maxParticipants: 1 } });
  const [c, d] = await Promise.all([seats.consent(), seats.consent()]);
  const last = await Promise.all([c, d].map(({ receipt }, i) => seats.call('POST', '/token', { room: 'lobby', screenName: `Seat ${'ab'[i]}`, receipt })));
  assert.deepEqual(last.map((r) => r.body['code'] ?? r.status).sort(), [200, 'room_full']);
});

test("LiveKit's webhook that someone left frees their name at once; one that someone joined ends their arrival", async () => {
  const ctx = setup({ policy: { maxParticipants: 2 } });
  const webhook = async (event: string, identity: string, n: number) => {
    const body = JSON.stringify({ event, id: `EV_${n}`, createdAt: '1700000000', room: { name: 'lobby', sid: 'RM_1' }, participant: { identity, name: 'Ada', sid: `PA_${identity}` } });
    assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await signWebhook(body) })).status, 200);
  };
  const ada = await ctx.consent();
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: ada.receipt })).status, 200);
  ctx.rooms.add('lobby', ada.subject, { name: 'Ada' });
  await webhook('participant_joined', ada.subject, 1);
  // She reloads the page without "remember me": a new person to the server, while the old one is still listed.
  const again = await ctx.consent();
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: again.receipt })).body['code'], 'screen_name_taken');
  ctx.rooms.rooms.get('lobby')!.people.delete(ada.subject);
  await webhook('participant_left', ada.subject, 2);
  const back = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: again.receipt });
  assert.equal(back.status, 200, JSON.stringify(back.body));
});

test("someone joining under a name a person who joined before them shows (a token minted while it was free) is renumbered on LiveKit's webhook", async () => {
  const ctx = setup();
  let n = 0;
  const joined = async (identity: string) => {
    const body = JSON.stringify({ event: 'participant_joined', id: `EV_${++n}`, createdAt: '1700000000', room: { name: 'lobby', sid: 'RM_1' }, participant: { identity, sid: `PA_${identity}` } });
    assert.equal((await ctx.call('POST', '/webhook', body, { authorization: await signWebhook(body) })).status, 200);
  };
  ctx.rooms.add('lobby', 'ada', { name: 'Ada', role: 'participant', joinedAt: 100 });
  ctx.rooms.add('lobby', 'ada2', { name: 'Ada 2', role: 'participant', joinedAt: 101 });
  ctx.rooms.add('lobby', 'copycat', { name: 'ADA', role: 'participant', joinedAt: 200 });
  ctx.rooms.add('lobby', 'host-bot', { name: 'Ada', joinedAt: 300 }); // the host's own participant (no parlor.role): left alone
  ctx.rooms.add('lobby', 'watcher', { name: 'Ada', role: 'viewer', hidden: true, joinedAt: 50 }); // hidden: shows no name
  await joined('copycat');
  await joined('ada'); // the first holder keeps the name
  await joined('host-bot');
  const names = Object.fromEntries([...ctx.rooms.rooms.get('lobby')!.people.values()].map((p) => [p.identity, p.name]));
  assert.deepEqual(names, { ada: 'Ada', ada2: 'Ada 2', copycat: 'ADA 3', 'host-bot': 'Ada', watcher: 'Ada' });
});

test("joining through the consent request, LiveKit is asked who is in the room before the host's sign-in check and the consent's storage", async () => {
  const asked: boolean[] = [];
  const ctx = setup({ allowGuests: true, authenticate: async () => (asked.push(ctx.rooms.calls.some((c) => c.method === 'listParticipants')), null) });
  const r = await ctx.call('POST', '/consent', {
    room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false },
    join: { screenName: 'Ada' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(r.body['join'], JSON.stringify(r.body));
  assert.deepEqual(asked, [true]);
});

const badBodies: { name: string; body: string; issues: boolean }[] = [
  { name: 'malformed JSON', body: '{"room":', issues: false },
  { name: 'an empty body', body: '', issues: false },
  { name: 'a JSON array', body: '[]', issues: true },
  { name: 'a bad room name', body: JSON.stringify({ room: '../etc', screenName: 'Ada' }), issues: true },
  { name: 'a markup screen name', body: JSON.stringify({ room: 'lobby', screenName: '<b>x</b>' }), issues: true },
  { name: 'a too-long receipt', body: JSON.stringify({ room: 'lobby', screenName: 'Ada', receipt: 'x'.repeat(5000) }), issues: true },
  { name: 'an unknown mode', body: JSON.stringify({ room: 'lobby', screenName: 'Ada', mode: 'god' }), issues: true },
];
for (const c of badBodies) {
  test(`the token route answers 400 bad_request to ${c.name}`, async () => {
    const { call } = setup();
    const r = await call('POST', '/token', c.body);
    assert.equal(r.status, 400);
    const err = errorBodySchema.parse(r.body);
    assert.equal(err.code, 'bad_request');
    assert.equal(err.issues !== undefined && err.issues.length > 0, c.issues);
  });
}

test('zod issues carry real English messages and paths', async () => {
  const { call } = setup();
  const r = await call('POST', '/token', { room: 'lobby' });
  const err = errorBodySchema.parse(r.body);
  const issue = err.issues?.find((i) => i.path[0] === 'screenName');
  assert.ok(issue);
  assert.match(issue.message, /expected string/i);
});

test('the token route rate-limits per IP and per identity with Retry-After', async () => {
  const ctx = setup({ rateLimit: { token: { windowSeconds: 60, perIp: 3, perIdentity: 2 } } });
  const { receipt } = await ctx.consent();
  const body = { room: 'lobby', screenName: 'Ada', receipt };
  assert.equal((await ctx.call('POST', '/token', body, {}, '1.1.1.1')).status, 200);
  assert.equal((await ctx.call('POST', '/token', body, {}, '2.2.2.2')).status, 200);
  const perIdentity = await ctx.call('POST', '/token', body, {}, '3.3.3.3');
  assert.equal(perIdentity.status, 429);
  assert.equal(perIdentity.body['code'], 'rate_limited');
  const viewer = { room: 'lobby', screenName: 'Ada', mode: 'viewer' };
  for (let i = 0; i < 3; i++) assert.equal((await ctx.call('POST', '/token', viewer, {}, '4.4.4.4')).status, 200);
  const perIp = await ctx.call('POST', '/token', viewer, {}, '4.4.4.4');
  assert.equal(perIp.status, 429);
  const retry = Number(perIp.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60);
  assert.equal(perIp.body['retryAfter'], retry);
});
