import type { ConsentRecord, ModerationAction, Role } from '@parlor/core/protocol';

/** Lifecycle of a stored consent. */
export const ReceiptStatus = {
  Active: 'active',
  Withdrawn: 'withdrawn',
  /** Replaced by a newer answer of the same subject. */
  Superseded: 'superseded',
} as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** A consent receipt as the kit keeps it: the record, the signed JWS, and its status. */
export interface StoredReceipt {
  record: ConsentRecord;
  /** The compact JWS handed to the person: the host's proof of consent. */
  receipt: string;
  status: ReceiptStatus;
  /** ISO time of the last status change. */
  statusAt: string;
  /** ISO time the receipt stops being accepted. */
  expiresAt: string;
}

/** A ban of one identity from one room. */
export interface BanRecord {
  room: string;
  identity: string;
  reason?: string;
  /** Identity of the moderator who banned. */
  by: string;
  /**
   * Their role then. A ban binds only people that role outranks when they ask
   * for a token, so a moderator cannot lock out an owner or another moderator
   * who happened not to be in the room. Records without it count as an owner's.
   */
  byRole?: Role;
  at: string;
}

/** One moderation decision, kept for accountability. */
export interface AuditRecord {
  id: string;
  at: string;
  room: string;
  action: ModerationAction | 'invite' | 'revoke-invite';
  /** Who acted, and with which role. */
  actor: string;
  actorRole: Role;
  /** The identity acted upon, if any. */
  target?: string;
  reason?: string;
  /** Action parameters (slow-mode seconds, invite role, muted track ids…). */
  details?: Record<string, string | number | boolean>;
}

/** An invite issued through the handler, kept so it can be revoked. */
export interface InviteRecord {
  id: string;
  room: string;
  role: Role;
  createdBy: string;
  expiresAt: string;
  revoked: boolean;
}

/** Room-level state: lock, slow mode and running recordings (lock, slow mode and whether any recording runs are mirrored into LiveKit room metadata). */
export interface RoomState {
  locked: boolean;
  slowModeSeconds: number;
  /**
   * Ids of the recordings (LiveKit egress ids, or `host` for
   * `setRecording`) running in the room; it is being recorded while this is
   * non-empty. Optional so stores written before it keep working.
   */
  recordings?: string[];
}

/** Everything the kit holds about one subject (`GET …/me/data`). */
export interface SubjectData {
  subject: string;
  receipts: StoredReceipt[];
  /** Bans of the subject, and bans the subject issued as a moderator. */
  bans: BanRecord[];
  /** Moderation records where the subject is the target or the actor. */
  audits: AuditRecord[];
  /** Invites the subject created. */
  invites: InviteRecord[];
}

/** What a deletion removed. */
export interface DeletedCounts {
  receipts: number;
  bans: number;
  audits: number;
}

/**
 * Persistence behind the handler. Every method is async so a networked
 * database can implement it; implementations must be safe to call
 * concurrently from one process.
 */
export interface ParlorStore {
  putReceipt(receipt: StoredReceipt): Promise<void>;
  getReceipt(id: string): Promise<StoredReceipt | undefined>;
  listReceipts(subject: string): Promise<StoredReceipt[]>;
  /**
   * Sets a receipt's status and resolves whether it changed anything. With
   * `from`, a compare-and-set: the status changes only while it is still
   * `from` (atomically: of two callers at the same moment, one gets `true`),
   * so a withdrawal is recorded and reported once.
   */
  setReceiptStatus(id: string, status: ReceiptStatus, at: string, from?: ReceiptStatus): Promise<boolean>;

  putBan(ban: BanRecord): Promise<void>;
  getBan(room: string, identity: string): Promise<BanRecord | undefined>;
  /** Returns whether a ban existed. */
  removeBan(room: string, identity: string): Promise<boolean>;

  putAudit(record: AuditRecord): Promise<void>;

  putInvite(invite: InviteRecord): Promise<void>;
  getInvite(id: string): Promise<InviteRecord | undefined>;
  /** Returns whether the invite existed. */
  revokeInvite(id: string): Promise<boolean>;

  getRoomState(room: string): Promise<RoomState>;
  setRoomState(room: string, state: RoomState): Promise<void>;

  /** Atomically records a webhook id; false when it was already seen (a retry). */
  claimWebhook(id: string, atMs: number): Promise<boolean>;
  /** Forgets a claimed id so a retry is processed (the callbacks failed). */
  releaseWebhook(id: string): Promise<void>;

  exportSubject(subject: string): Promise<SubjectData>;
  /** Purges receipts, bans and audit records about the subject, so that no copy can be read back from storage. */
  deleteSubject(subject: string): Promise<DeletedCounts>;

  close?(): Promise<void>;
}

/** How long webhook ids are remembered for de-duplication (LiveKit retries within minutes). */
export const WEBHOOK_DEDUPE_MS = 24 * 60 * 60 * 1000;

/** The state of a room nobody has moderated yet. */
export const DEFAULT_ROOM_STATE: RoomState = Object.freeze({ locked: false, slowModeSeconds: 0 });
