import type { DeletionResponse, MyDataResponse } from '@parlor/core/protocol';
import { json, type Reply } from '../http-error.js';
import { withdrawEach } from '../current-consent.js';
import { dataSubject } from '../identity.js';
import type { Kit } from '../kit.js';
import { revokeLivePublish } from '../live-publish.js';
import { ReceiptStatus } from '../store/types.js';
import type { KitRequest } from '../request.js';
import { bearer } from '../validate.js';

/**
 * `GET …/me/data`: everything the kit holds about the caller (receipts, bans
 * of or by them, moderation records about or by them, invites they created)
 * as JSON, for a data-access request.
 */
export async function myDataRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const subject = await dataSubject(kit, req, 'me/data');
  const held: MyDataResponse = await kit.store.exportSubject(subject);
  // Who moderated them is someone else's data (a signed-in moderator's id may be an email): their
  // role says enough. What the person did themselves keeps their own identity. A receipt's signed
  // string is a credential, not data: an old one (expired, replaced) presented here must not hand
  // out the current one, which joins rooms. Only the one presented is given back.
  const presented = bearer(req);
  const data: MyDataResponse = {
    ...held,
    receipts: held.receipts.map((r) => (r.receipt === presented ? r : { ...r, receipt: '' })),
    bans: held.bans.map((b) => (b.by === subject ? b : { ...b, by: '' })),
    audits: held.audits.map((a) => (a.actor === subject ? a : { ...a, actor: '' })),
  };
  return json(data, 200, { 'content-disposition': 'attachment; filename="parlor-data.json"' });
}

/**
 * `POST …/me/deletion`: ends every consent of the caller as withdrawing does
 * (publish and chat rights in each live room they have a receipt for end at
 * once; each receipt still active is withdrawn and reported to `onWithdraw`),
 * then purges their receipts, bans and the moderation records about them,
 * asks the host (`onDeletionRequest`) to purge its side, and answers with what
 * was deleted. What they did as a moderator (audits as the actor, bans they
 * issued, invites they created) stays on record.
 */
export async function deletionRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const subject = await dataSubject(kit, req, 'me/deletion');
  const receipts = await kit.store.listReceipts(subject);
  // The consents the data rested on end with it. Rights end in the live rooms first: if LiveKit
  // fails (503), nothing is withdrawn or deleted yet, and a retry does it all. Only rooms where a
  // receipt is still active: a withdrawal or a newer answer already took back what the others
  // gave, so someone with no active consent is deleted without asking LiveKit anything.
  const rooms = new Set(receipts.filter((r) => r.status === ReceiptStatus.Active).map((r) => r.record.room));
  await Promise.all([...rooms].map((room) => revokeLivePublish(kit, room, subject, { keepData: false })));
  await withdrawEach(kit, receipts);
  const deleted = await kit.store.deleteSubject(subject);
  await kit.options.onDeletionRequest?.(subject, deleted);
  const res: DeletionResponse = { subject, deleted };
  return json(res);
}
