import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  DEFAULT_ROOM_STATE,
  WEBHOOK_DEDUPE_MS,
  type AuditRecord,
  type BanRecord,
  type DeletedCounts,
  type InviteRecord,
  type ParlorStore,
  type ReceiptStatus,
  type RoomState,
  type StoredReceipt,
  type SubjectData,
} from './types.js';

type Db = BetterSqlite3.Database;

/**
 * The write-ahead log still holds pages as they were before a deletion: copies the overwritten ones
 * into the file and empties the log. Another connection reading the file (a backup tool, say) can
 * keep it from emptying: tried again a second later, a few times, then left to the next deletion.
 */
function checkpoint(db: Db, tries = 3): void {
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy && tries > 1) setTimeout(() => checkpoint(db, tries - 1), 1000).unref();
  } catch {
    // Closed meanwhile: closing checkpoints the log too.
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS receipts (id TEXT PRIMARY KEY, subject TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS receipts_subject ON receipts(subject);
CREATE TABLE IF NOT EXISTS bans (room TEXT NOT NULL, identity TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (room, identity));
CREATE INDEX IF NOT EXISTS bans_identity ON bans(identity);
CREATE TABLE IF NOT EXISTS audits (id TEXT PRIMARY KEY, actor TEXT NOT NULL, target TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audits_target ON audits(target);
CREATE INDEX IF NOT EXISTS audits_actor ON audits(actor);
CREATE TABLE IF NOT EXISTS invites (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
`;

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; its directory is created. `:memory:` works for tests. */
  path: string;
}

/**
 * The default {@link ParlorStore}: one embedded SQLite file (better-sqlite3,
 * loaded on first use so the package loads without it). Survives restarts;
 * fits one server-kit process. Several processes need a networked store.
 */
export class SqliteStore implements ParlorStore {
  private db: Promise<Db> | undefined;

  constructor(private readonly options: SqliteStoreOptions) {}

  private open(): Promise<Db> {
    this.db ??= (async () => {
      const mod = await import('better-sqlite3').catch((cause: unknown) => {
        throw new Error('SqliteStore needs the better-sqlite3 package; install it or pass another store.', { cause });
      });
      if (this.options.path !== ':memory:') mkdirSync(dirname(this.options.path), { recursive: true });
      const db = new mod.default(this.options.path);
      db.pragma('journal_mode = WAL');
      // What is deleted is overwritten, not left in free pages for anyone with the file to read back.
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
      // A file written before that (user_version 0) may still hold what was deleted then: rewritten once.
      if (db.pragma('user_version', { simple: true }) === 0) {
        db.exec('VACUUM');
        db.pragma('user_version = 1');
        checkpoint(db);
      }
      return db;
    })();
    return this.db;
  }

  /**
   * The prepared statement for `sql`, prepared once per open database
   * (preparing costs more than running these one-row queries).
   */
  private async statement(sql: string): Promise<BetterSqlite3.Statement> {
    const db = await this.open();
    if (this.statementsOf !== db) {
      this.statementsOf = db;
      this.statements.clear();
    }
    let st = this.statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }
  private statements = new Map<string, BetterSqlite3.Statement>();
  private statementsOf: Db | undefined;

  private async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    const rows = (await this.statement(sql)).all(...params) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as T);
  }
  private async one<T>(sql: string, ...params: unknown[]): Promise<T | undefined> {
    const row = (await this.statement(sql)).get(...params) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }
  private async run(sql: string, ...params: unknown[]): Promise<number> {
    return (await this.statement(sql)).run(...params).changes;
  }

  async putReceipt(r: StoredReceipt): Promise<void> {
    await this.run('INSERT OR REPLACE INTO receipts VALUES (?, ?, ?)', r.record.id, r.record.subject, JSON.stringify(r));
  }
  getReceipt(id: string): Promise<StoredReceipt | undefined> {
    return this.one('SELECT data FROM receipts WHERE id = ?', id);
  }
  listReceipts(subject: string): Promise<StoredReceipt[]> {
    return this.all('SELECT data FROM receipts WHERE subject = ? ORDER BY rowid', subject);
  }
  async setReceiptStatus(id: string, status: ReceiptStatus, at: string, from?: ReceiptStatus): Promise<boolean> {
    // One statement: atomic, also against another process on the same file.
    const set = "UPDATE receipts SET data = json_set(data, '$.status', ?, '$.statusAt', ?) WHERE id = ?";
    const changed = from === undefined ? await this.run(set, status, at, id) : await this.run(`${set} AND json_extract(data, '$.status') = ?`, status, at, id, from);
    return changed > 0;
  }

  async putBan(ban: BanRecord): Promise<void> {
    await this.run('INSERT OR REPLACE INTO bans VALUES (?, ?, ?)', ban.room, ban.identity, JSON.stringify(ban));
  }
  getBan(room: string, identity: string): Promise<BanRecord | undefined> {
    return this.one('SELECT data FROM bans WHERE room = ? AND identity = ?', room, identity);
  }
  async removeBan(room: string, identity: string): Promise<boolean> {
    return (await this.run('DELETE FROM bans WHERE room = ? AND identity = ?', room, identity)) > 0;
  }

  async putAudit(a: AuditRecord): Promise<void> {
    await this.run('INSERT OR REPLACE INTO audits VALUES (?, ?, ?, ?)', a.id, a.actor, a.target ?? null, JSON.stringify(a));
  }

  async putInvite(invite: InviteRecord): Promise<void> {
    await this.run('INSERT OR REPLACE INTO invites VALUES (?, ?)', invite.id, JSON.stringify(invite));
  }
  getInvite(id: string): Promise<InviteRecord | undefined> {
    return this.one('SELECT data FROM invites WHERE id = ?', id);
  }
  async revokeInvite(id: string): Promise<boolean> {
    const i = await this.getInvite(id);
    if (!i) return false;
    await this.putInvite({ ...i, revoked: true });
    return true;
  }

  async getRoomState(room: string): Promise<RoomState> {
    return (await this.one<RoomState>('SELECT data FROM rooms WHERE room = ?', room)) ?? { ...DEFAULT_ROOM_STATE };
  }
  async setRoomState(room: string, state: RoomState): Promise<void> {
    await this.run('INSERT OR REPLACE INTO rooms VALUES (?, ?)', room, JSON.stringify(state));
  }

  async claimWebhook(id: string, atMs: number): Promise<boolean> {
    await this.run('DELETE FROM webhooks WHERE at < ?', atMs - WEBHOOK_DEDUPE_MS);
    return (await this.run('INSERT OR IGNORE INTO webhooks VALUES (?, ?)', id, atMs)) > 0;
  }
  async releaseWebhook(id: string): Promise<void> {
    await this.run('DELETE FROM webhooks WHERE id = ?', id);
  }

  async exportSubject(subject: string): Promise<SubjectData> {
    return {
      subject,
      receipts: await this.listReceipts(subject),
      bans: await this.all("SELECT data FROM bans WHERE identity = ? OR json_extract(data, '$.by') = ?", subject, subject),
      audits: await this.all('SELECT data FROM audits WHERE target = ? OR actor = ? ORDER BY rowid', subject, subject),
      invites: await this.all("SELECT data FROM invites WHERE json_extract(data, '$.createdBy') = ? ORDER BY rowid", subject),
    };
  }
  async deleteSubject(subject: string): Promise<DeletedCounts> {
    const db = await this.open();
    const counts = db.transaction(() => ({
      receipts: db.prepare('DELETE FROM receipts WHERE subject = ?').run(subject).changes,
      bans: db.prepare('DELETE FROM bans WHERE identity = ?').run(subject).changes,
      audits: db.prepare('DELETE FROM audits WHERE target = ?').run(subject).changes,
    }))();
    checkpoint(db);
    return counts;
  }

  /** Closes the database file; the store reopens it on next use. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.statements.clear();
    this.statementsOf = undefined;
    if (db) (await db).close();
  }
}
