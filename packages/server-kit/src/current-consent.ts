import type { Kit } from './kit.js';
import type { ResolvedPolicy } from './policy.js';
import { ReceiptStatus, type StoredReceipt } from './store/types.js';

/** Newest first: by issue time, then by id so the order never depends on the store's. */
const newerFirst = (a: StoredReceipt, b: StoredReceipt): number =>
  a.record.issuedAt === b.record.issuedAt ? (a.record.id < b.record.id ? 1 : -1) : a.record.issuedAt < b.record.issuedAt ? 1 : -1;

/** The subject's receipts for `room` still active in the store, newest first. */
export async function activeReceipts(kit: Kit, subject: string, room: string): Promise<StoredReceipt[]> {
  const all = await kit.store.listReceipts(subject);
  return all.filter((r) => r.status === ReceiptStatus.Active && r.record.room === room).sort(newerFirst);
}

/**
 * The consent that counts for `subject` in `room` now: their newest active
 * receipt, and only while it has not expired and was given under the room's
 * current terms version. An older receipt never stands in for a newer answer
 * (a new consent supersedes the earlier ones, but two given at the same
 * moment may both still be active).
 */
export async function currentConsent(kit: Kit, subject: string, room: string, policy: ResolvedPolicy): Promise<StoredReceipt | undefined> {
  const [newest] = await activeReceipts(kit, subject, room);
  if (!newest || Date.parse(newest.expiresAt) <= Date.now() || newest.record.policyVersion !== policy.termsVersion) return undefined;
  return newest;
}

/**
 * Marks each receipt withdrawn and reports it to `onWithdraw`, only while it
 * is still active (compare-and-set): one that another withdrawal or a newer
 * answer ended meanwhile, even in the very same moment, is recorded and
 * reported by that one alone.
 */
export async function withdrawEach(kit: Kit, receipts: readonly StoredReceipt[]): Promise<void> {
  const now = new Date().toISOString();
  for (const r of receipts) {
    if (r.status !== ReceiptStatus.Active) continue;
    if (!(await kit.store.setReceiptStatus(r.record.id, ReceiptStatus.Withdrawn, now, ReceiptStatus.Active))) continue;
    await kit.options.onWithdraw?.({ record: r.record, receipt: r.receipt });
  }
}
