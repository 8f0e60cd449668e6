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

const banKey = (room: string, identity: string) => `${room}\u0000${identity}`;
/**
 * A deep copy of plain JSON-like data (what the store holds: strings,
 * numbers, booleans, arrays, plain objects), so callers cannot change stored
 * records through what they get back. Hand-written because `structuredClone`
 * was a visible share of the token route's profile with this store.
 */
function clone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = clone((v as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * A {@link ParlorStore} in process memory: for tests and demos. Everything is
 * lost on restart, so bans and consent records do not survive; use
 * {@link SqliteStore} or your own database in production.
 */
export class MemoryStore implements ParlorStore {
  private receipts = new Map<string, StoredReceipt>();
  private bans = new Map<string, BanRecord>();
  private audits: AuditRecord[] = [];
  private invites = new Map<string, InviteRecord>();
  private rooms = new Map<string, RoomState>();
  private webhooks = new Map<string, number>();

  async putReceipt(r: StoredReceipt): Promise<void> {
    this.receipts.set(r.record.id, clone(r));
  }
  async getReceipt(id: string): Promise<StoredReceipt | undefined> {
    const r = this.receipts.get(id);
    return r && clone(r);
  }
  async listReceipts(subject: string): Promise<StoredReceipt[]> {
    return [...this.receipts.values()].filter((r) => r.record.subject === subject).map(clone);
  }
  async setReceiptStatus(id: string, status: ReceiptStatus, at: string, from?: ReceiptStatus): Promise<boolean> {
    const r = this.receipts.get(id);
    if (!r || (from !== undefined && r.status !== from)) return false;
    this.receipts.set(id, { ...r, status, statusAt: at });
    return true;
  }

  async putBan(ban: BanRecord): Promise<void> {
    this.bans.set(banKey(ban.room, ban.identity), clone(ban));
  }
  async getBan(room: string, identity: string): Promise<BanRecord | undefined> {
    const b = this.bans.get(banKey(room, identity));
    return b && clone(b);
  }
  async removeBan(room: string, identity: string): Promise<boolean> {
    return this.bans.delete(banKey(room, identity));
  }

  async putAudit(record: AuditRecord): Promise<void> {
    this.audits.push(clone(record));
  }

  async putInvite(invite: InviteRecord): Promise<void> {
    this.invites.set(invite.id, clone(invite));
  }
  async getInvite(id: string): Promise<InviteRecord | undefined> {
    const i = this.invites.get(id);
    return i && clone(i);
  }
  async revokeInvite(id: string): Promise<boolean> {
    const i = this.invites.get(id);
    if (!i) return false;
    this.invites.set(id, { ...i, revoked: true });
    return true;
  }

  async getRoomState(room: string): Promise<RoomState> {
    return { ...(this.rooms.get(room) ?? DEFAULT_ROOM_STATE) };
  }
  async setRoomState(room: string, state: RoomState): Promise<void> {
    this.rooms.set(room, { ...state });
  }

  async claimWebhook(id: string, atMs: number): Promise<boolean> {
    for (const [k, t] of this.webhooks) if (atMs - t > WEBHOOK_DEDUPE_MS) this.webhooks.delete(k);
    if (this.webhooks.has(id)) return false;
    this.webhooks.set(id, atMs);
    return true;
  }
  async releaseWebhook(id: string): Promise<void> {
    this.webhooks.delete(id);
  }

  async exportSubject(subject: string): Promise<SubjectData> {
    return {
      subject,
      receipts: await this.listReceipts(subject),
      bans: [...this.bans.values()].filter((b) => b.identity === subject || b.by === subject).map(clone),
      audits: this.audits.filter((a) => a.target === subject || a.actor === subject).map(clone),
      invites: [...this.invites.values()].filter((i) => i.createdBy === subject).map(clone),
    };
  }
  async deleteSubject(subject: string): Promise<DeletedCounts> {
    const counts: DeletedCounts = { receipts: 0, bans: 0, audits: 0 };
    for (const [id, r] of this.receipts) if (r.record.subject === subject && this.receipts.delete(id)) counts.receipts++;
    for (const [k, b] of this.bans) if (b.identity === subject && this.bans.delete(k)) counts.bans++;
    const before = this.audits.length;
    this.audits = this.audits.filter((a) => a.target !== subject);
    counts.audits = before - this.audits.length;
    return counts;
  }
}
