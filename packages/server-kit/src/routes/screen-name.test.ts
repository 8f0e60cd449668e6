import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorBodySchema, screenNameCheckResponseSchema, type Role } from '@parlor/core/protocol';
import type { AuthResult } from '../options.js';
import type { ParlorStore } from '../store/types.js';
import { MemoryStore } from '../store/memory.js';
import { setup } from '../test/harness.js';

const check = (ctx: ReturnType<typeof setup>, body: unknown, headers: Record<string, string> = {}, ip?: string) =>
  ctx.call('POST', '/screen-name', body, headers, ip);

test('a free name is accepted as the room would show it (trimmed); nothing is stored and LiveKit is only asked who is there', async () => {
  const store = new MemoryStore();
  const writes: string[] = [];
  // Every store method that writes, watched: the check has no consent to store anything under.
  const watched = new Proxy(store, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (!/^get|^list|^find/.test(String(key))) writes.push(String(key));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as ParlorStore;
  const ctx = setup({ store: watched });
  const r = await check(ctx, { room: 'lobby', screenName: '  Ada Lovelace ' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(screenNameCheckResponseSchema.parse(r.body), { screenName: 'Ada Lovelace' });
  assert.deepEqual(writes, []);
  assert.deepEqual([...new Set(ctx.rooms.calls.map((c) => c.method))], ['listParticipants']);
  // A name checked is not a name claimed: someone else may still join under it.
  const t = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'ada lovelace', receipt: (await ctx.consent()).receipt });
  assert.equal(t.status, 200);
});

test('refusals say which: kept for staff (400 screen_name_reserved), the deny list (400 screen_name_rejected), taken (409), a bad shape (400 with issues)', async () => {
  const ctx = setup({ screenNameDenyList: ['badword'] });
  ctx.rooms.add('lobby', 'someone', { name: 'Kestrel' });
  const cases: [unknown, number, string][] = [
    [{ room: 'lobby', screenName: 'M0derator' }, 400, 'screen_name_reserved'],
    [{ room: 'lobby', screenName: 'The Admin' }, 400, 'screen_name_reserved'],
    [{ room: 'lobby', screenName: 'Bad Wörd 99' }, 400, 'screen_name_rejected'],
    [{ room: 'lobby', screenName: 'KESTREL' }, 409, 'screen_name_taken'],
    [{ room: 'lobby', screenName: 'x' }, 400, 'bad_request'],
    [{ room: 'no spaces', screenName: 'Ada' }, 400, 'bad_request'],
  ];
  for (const [body, status, code] of cases) {
    const r = await check(ctx, body);
    const err = errorBodySchema.parse(r.body);
    assert.deepEqual([r.status, err.code], [status, code], JSON.stringify(body));
    if (code === 'bad_request') assert.ok((err.issues?.length ?? 0) > 0, 'the zod issue list');
  }
  // Kestrel in another room is no one here.
  assert.equal((await check(ctx, { room: 'hall', screenName: 'Kestrel' })).status, 200);
});

test('a name with characters it may not have is refused in words, not with the pattern', async () => {
  const ctx = setup();
  const err = errorBodySchema.parse((await check(ctx, { room: 'lobby', screenName: '<b>Ada</b>' })).body);
  assert.equal(err.code, 'bad_request');
  assert.deepEqual(
    err.issues?.map((i) => [i.path.join('.'), i.message]),
    [['screenName', "Use letters, digits, spaces and . _ ' - only, starting with a letter or digit."]],
  );
});

test('someone who was just given a token under a name (not yet listed by LiveKit) has it taken already', async () => {
  const ctx = setup();
  const t = await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Moonbeam', receipt: (await ctx.consent()).receipt });
  assert.equal(t.status, 200);
  const r = await check(ctx, { room: 'lobby', screenName: 'moon beam' });
  assert.deepEqual([r.status, r.body['code']], [409, 'screen_name_taken']);
});

test('staff words pass for a moderator signed in by the host, or with a moderator invite; a bad invite is 403', async () => {
  const auth = async (req: Request): Promise<AuthResult | null> => {
    const [identity, role] = (req.headers.get('x-user') ?? '').split(':');
    return identity ? { identity, role: role as Role } : null;
  };
  const ctx = setup({ authenticate: auth, allowGuests: true });
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Moderator Mia' }, { 'x-user': 'mia:moderator' })).status, 200);
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Moderator Mia' })).body['code'], 'screen_name_reserved');
  const inv = await ctx.call('POST', '/invite', { room: 'lobby', role: 'moderator' }, { 'x-user': 'owner:owner' });
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Moderator Mia', invite: inv.body['invite'] })).status, 200);
  const bad = await check(ctx, { room: 'lobby', screenName: 'Ada', invite: 'not-an-invite' });
  assert.deepEqual([bad.status, bad.body['code']], [403, 'invalid_invite']);
});

test("the host's own name for a signed-in user is theirs, unchecked; where the host allows no guests, strangers get 401", async () => {
  const ctx = setup({
    authenticate: async (req) => (req.headers.get('x-user') ? { identity: 'u1', name: 'Dr. Host Name' } : null),
  });
  const named = await check(ctx, { room: 'lobby', screenName: 'Whatever' }, { 'x-user': '1' });
  assert.deepEqual([named.status, named.body['screenName']], [200, 'Dr. Host Name']);
  const stranger = await check(ctx, { room: 'lobby', screenName: 'Ada' });
  assert.deepEqual([stranger.status, stranger.body['code']], [401, 'unauthorized']);
});

test('rate limited with its own rule: 60 a minute per IP by default, then per identity when known and per room from anyone (names cannot be probed at speed)', async () => {
  const byDefault = setup();
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) statuses.push((await check(byDefault, { room: 'lobby', screenName: `Ada ${i % 9}` })).status);
  assert.deepEqual([statuses.slice(0, 60).every((s) => s === 200), statuses[60]], [true, 429]);
  // The token route keeps its own count.
  assert.equal((await byDefault.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: (await byDefault.consent()).receipt })).status, 200);

  const ctx = setup({ rateLimit: { screenName: { windowSeconds: 60, perIp: 100, perIdentity: 2, perRoom: 4 } } });
  const { receipt } = await ctx.consent();
  const mine = [1, 2, 3].map((i) => check(ctx, { room: 'lobby', screenName: `Bo ${i}`, receipt }, {}, `10.0.1.${i}`));
  assert.deepEqual((await Promise.all(mine)).map((r) => r.status), [200, 200, 429], 'one identity, three addresses');
  // One room, asked from many addresses: the fourth and fifth of its window are refused, another room is not.
  const room = await Promise.all([1, 2].map((i) => check(ctx, { room: 'lobby', screenName: `Cy ${i}` }, {}, `10.0.2.${i}`)));
  assert.deepEqual(room.map((r) => r.status), [200, 429]);
  assert.equal((await check(ctx, { room: 'hall', screenName: 'Cy' }, {}, '10.0.2.9')).status, 200);
});

test("the person's own session does not count: with the receipt their join would name, the name they are in the room under is theirs; a receipt that no longer stands names nobody", async () => {
  const ctx = setup();
  const { receipt } = await ctx.consent();
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt })).status, 200);
  // The same person, from a second window or after a reload ("remember me" kept the receipt).
  const own = await check(ctx, { room: 'lobby', screenName: 'ADA', receipt });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  // The token route agrees: same subject, same name.
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'ADA', receipt })).status, 200);
  // Someone else's receipt, another room's, or none: taken.
  for (const other of [(await ctx.consent()).receipt, (await ctx.consent('hall')).receipt, 'not-a-receipt', undefined]) {
    const r = await check(ctx, { room: 'lobby', screenName: 'Ada', ...(other ? { receipt: other } : {}) });
    assert.deepEqual([r.status, r.body['code']], [409, 'screen_name_taken']);
  }
  // Withdrawn: the next join would be someone new.
  assert.equal((await ctx.call('DELETE', '/consent', { receipt })).status, 200);
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Ada', receipt })).body['code'], 'screen_name_taken');
});

test('a room that would not let the person in says so before the name: locked (a moderator invite still enters), a ban (known by the receipt), full, LiveKit down', async () => {
  const ctx = setup({ policy: { maxParticipants: 2 }, authenticate: async (req) => (req.headers.get('x-user') === 'owner' ? { identity: 'owner', role: 'owner' } : null), allowGuests: true });
  await ctx.store.setRoomState('lobby', { locked: true, slowModeSeconds: 0 });
  const locked = await check(ctx, { room: 'lobby', screenName: 'Ada' });
  assert.deepEqual([locked.status, locked.body['code']], [403, 'room_locked']);
  const inv = await ctx.call('POST', '/invite', { room: 'lobby', role: 'moderator' }, { 'x-user': 'owner' });
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Ada', invite: inv.body['invite'] })).status, 200);
  await ctx.store.setRoomState('lobby', { locked: false, slowModeSeconds: 0 });

  const { receipt, subject } = await ctx.consent();
  await ctx.store.putBan({ room: 'lobby', identity: subject, by: 'mod', at: new Date().toISOString() });
  const banned = await check(ctx, { room: 'lobby', screenName: 'Ada', receipt });
  assert.deepEqual([banned.status, banned.body['code']], [403, 'banned']);

  // Another room: LiveKit's list of the lobby, asked a moment ago, is shared for a second.
  ctx.rooms.add('hall', 'a');
  ctx.rooms.add('hall', 'b');
  const full = await check(ctx, { room: 'hall', screenName: 'Ada' });
  assert.deepEqual([full.status, full.body['code']], [409, 'room_full']);

  ctx.rooms.down = true;
  const down = await check(ctx, { room: 'den', screenName: 'Ada' });
  assert.deepEqual([down.status, down.body['code']], [503, 'server_unreachable']);
});

test('where guests join as hidden viewers, their name is shown to no one and is not checked against the room (as the token route)', async () => {
  const ctx = setup({ guestRole: 'viewer' });
  ctx.rooms.add('lobby', 'someone', { name: 'Ada' });
  assert.equal((await check(ctx, { room: 'lobby', screenName: 'Ada' })).status, 200);
  assert.equal((await ctx.call('POST', '/token', { room: 'lobby', screenName: 'Ada', receipt: (await ctx.consent()).receipt })).status, 200);
});
