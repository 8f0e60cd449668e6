import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { ParlorStore, StoredReceipt } from './types.js';
import { setup } from '../test/harness.js';

const receipt = (id: string, subject: string): StoredReceipt => ({
  record: { id, subject, room: 'lobby', purposes: { terms: true, broadcast: true, recording: true, analytics: false }, policyVersion: '1', issuedAt: '2024-01-01T00:00:00.000Z', method: 'm', gpc: false },
  receipt: `jws-${id}`,
  status: 'active',
  statusAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:00:00.000Z',
});

const stores: { name: string; make: () => ParlorStore }[] = [
  { name: 'MemoryStore', make: () => new MemoryStore() },
  { name: 'SqliteStore', make: () => new SqliteStore({ path: ':memory:' }) },
];

for (const s of stores) {
  test(`${s.name} changes a receipt's status from an expected one exactly once (compare-and-set)`, async () => {
    const st = s.make();
    await st.putReceipt(receipt('r1', 'alice'));
    const at = '2024-02-01T00:00:00.000Z';
    const both = await Promise.all([st.setReceiptStatus('r1', 'withdrawn', at, 'active'), st.setReceiptStatus('r1', 'superseded', at, 'active')]);
    assert.deepEqual(both, [true, false], 'of two callers at the same moment, only the first changes it');
    assert.equal((await st.getReceipt('r1'))?.status, 'withdrawn');
    assert.equal(await st.setReceiptStatus('r1', 'withdrawn', at, 'active'), false, 'no longer active');
    assert.equal(await st.setReceiptStatus('r1', 'superseded', '2024-03-01T00:00:00.000Z'), true, 'without `from` it always sets');
    assert.deepEqual(await st.getReceipt('r1'), { ...receipt('r1', 'alice'), status: 'superseded', statusAt: '2024-03-01T00:00:00.000Z' });
    assert.equal(await st.setReceiptStatus('nope', 'withdrawn', at), false, 'an unknown receipt changes nothing');
  });

  test(`${s.name} keeps receipts, bans, invites, room state and webhook ids per the contract`, async () => {
    const st = s.make();
    await st.putReceipt(receipt('r1', 'alice'));
    await st.putReceipt(receipt('r2', 'bob'));
    await st.setReceiptStatus('r1', 'withdrawn', '2024-02-01T00:00:00.000Z');
    assert.deepEqual(await st.getReceipt('r1'), { ...receipt('r1', 'alice'), status: 'withdrawn', statusAt: '2024-02-01T00:00:00.000Z' });
    assert.deepEqual((await st.listReceipts('bob')).map((r) => r.record.id), ['r2']);
    assert.equal(await st.getReceipt('nope'), undefined);

    await st.putBan({ room: 'lobby', identity: 'alice', by: 'mia', at: 't', reason: 'spam' });
    assert.equal((await st.getBan('lobby', 'alice'))?.reason, 'spam');
    assert.equal(await st.getBan('other', 'alice'), undefined);
    assert.equal(await st.removeBan('lobby', 'alice'), true);
    assert.equal(await st.removeBan('lobby', 'alice'), false);

    await st.putInvite({ id: 'i1', room: 'lobby', role: 'viewer', createdBy: 'mia', expiresAt: 't', revoked: false });
    assert.equal(await st.revokeInvite('i1'), true);
    assert.equal((await st.getInvite('i1'))?.revoked, true);
    assert.equal(await st.revokeInvite('i2'), false);

    assert.deepEqual(await st.getRoomState('lobby'), { locked: false, slowModeSeconds: 0 });
    await st.setRoomState('lobby', { locked: true, slowModeSeconds: 5 });
    assert.deepEqual(await st.getRoomState('lobby'), { locked: true, slowModeSeconds: 5 });

    const t = Date.now();
    assert.equal(await st.claimWebhook('EV', t), true);
    assert.equal(await st.claimWebhook('EV', t + 1), false);
    await st.releaseWebhook('EV');
    assert.equal(await st.claimWebhook('EV', t + 2), true);
    assert.equal(await st.claimWebhook('EV', t + 2 + 25 * 3600_000), true, 'old ids are forgotten after a day');

    await st.putBan({ room: 'lobby', identity: 'alice', by: 'mia', at: 't' });
    await st.putAudit({ id: 'a1', at: 't', room: 'lobby', action: 'ban', actor: 'mia', actorRole: 'moderator', target: 'alice' });
    await st.putAudit({ id: 'a2', at: 't', room: 'lobby', action: 'kick', actor: 'alice', actorRole: 'moderator', target: 'bob' });
    // What alice did as a moderator is hers too: a ban she issued and an invite she created.
    await st.putBan({ room: 'lobby', identity: 'carol', by: 'alice', byRole: 'moderator', at: 't' });
    await st.putInvite({ id: 'i1', room: 'lobby', role: 'broadcaster', createdBy: 'alice', expiresAt: 't', revoked: false });
    await st.putInvite({ id: 'i2', room: 'lobby', role: 'broadcaster', createdBy: 'mia', expiresAt: 't', revoked: false });
    const data = await st.exportSubject('alice');
    assert.deepEqual(
      [data.receipts.length, data.bans.map((b) => b.identity).sort(), data.audits.map((a) => a.id), data.invites.map((i) => i.id)],
      [1, ['alice', 'carol'], ['a1', 'a2'], ['i1']],
    );
    assert.deepEqual(await st.deleteSubject('alice'), { receipts: 1, bans: 1, audits: 1 });
    const after = await st.exportSubject('alice');
    assert.deepEqual(
      [after.audits.map((a) => a.id), after.bans.map((b) => b.identity), after.invites.map((i) => i.id)],
      [['a2'], ['carol'], ['i1']],
      'what alice did as a moderator stays on record',
    );
    assert.equal((await st.listReceipts('bob')).length, 1);
    await st.close?.();
  });
}

test('SqliteStore: a file written before deletions overwrote is rewritten once on opening, so what was deleted then is gone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parlor-store-'));
  const path = join(dir, 'parlor.sqlite');
  const files = () => readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
  try {
    const first = new SqliteStore({ path });
    await first.listReceipts('nobody');
    await first.close();
    // What an older kit left: a row deleted without overwriting, in a file marked as not yet rewritten.
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(path);
    old.pragma('secure_delete = OFF');
    old.pragma('user_version = 0');
    old.prepare('INSERT INTO receipts (id, subject, data) VALUES (?, ?, ?)').run('OldId', 'guest_OldSubject', '{"receipt":"jws-OldReceipt"}');
    old.prepare('DELETE FROM receipts WHERE id = ?').run('OldId');
    old.close();
    assert.ok(files().includes('jws-OldReceipt'), 'the old file still holds the deleted row (the check below can see it)');
    const reopened = new SqliteStore({ path });
    await reopened.listReceipts('nobody');
    assert.ok(!files().includes('jws-OldReceipt'), 'gone once the store opened the file');
    await reopened.close();
    assert.ok(!files().includes('jws-OldReceipt'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a ban survives a restart: new SqliteStore on the same file, token still refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parlor-store-'));
  const path = join(dir, 'nested', 'parlor.sqlite');
  try {
    const first = new SqliteStore({ path });
    const a = setup({ store: first, authenticate: async (req) => ({ identity: req.headers.get('x-user') ?? 'x', role: req.headers.get('x-user') === 'mia' ? 'moderator' : 'participant' }) });
    const { receipt } = await a.consent('lobby', {}, { 'x-user': 'bob' });
    a.rooms.add('lobby', 'bob', { role: 'participant' });
    assert.equal((await a.call('POST', '/moderation/ban', { room: 'lobby', target: 'bob' }, { 'x-user': 'mia' })).status, 200);
    await first.close();

    const b = setup({ store: new SqliteStore({ path }), authenticate: async () => ({ identity: 'bob' }) });
    const r = await b.call('POST', '/token', { room: 'lobby', screenName: 'Bob', receipt });
    assert.equal(r.status, 403);
    assert.equal(r.body['code'], 'banned');
    assert.equal((await b.store.exportSubject('bob')).audits[0]?.action, 'ban');
    await b.store.close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SqliteStore: a deleted subject's data cannot be read back from the database's files", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parlor-store-'));
  const path = join(dir, 'parlor.sqlite');
  const gone = ['guest_GoneSubject', 'jws-GoneReceipt', 'GoneReason'];
  try {
    const st = new SqliteStore({ path });
    await st.putReceipt({ ...receipt('GoneId', gone[0]!), receipt: gone[1]! });
    await st.putBan({ room: 'lobby', identity: gone[0]!, by: 'mia', at: 't', reason: gone[2]! });
    await st.putAudit({ id: 'a9', at: 't', room: 'lobby', action: 'kick', actor: 'mia', actorRole: 'moderator', target: gone[0]! });
    await st.putReceipt({ ...receipt('KeptId', 'guest_KeptSubject'), receipt: 'jws-KeptReceipt' });
    const files = () => readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
    assert.ok(gone.every((s) => files().includes(s)), 'written to the files (the check below can see them)');
    assert.deepEqual(await st.deleteSubject(gone[0]!), { receipts: 1, bans: 1, audits: 1 });
    for (const s of gone) assert.ok(!files().includes(s), `${s} is gone from the files while the store is open`);
    await st.close();
    const after = files();
    for (const s of gone) assert.ok(!after.includes(s), `${s} is gone from the files after closing`);
    assert.ok(after.includes('jws-KeptReceipt'), "another person's data is kept");
    const reopened = new SqliteStore({ path });
    assert.equal((await reopened.listReceipts('guest_KeptSubject')).length, 1);
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
