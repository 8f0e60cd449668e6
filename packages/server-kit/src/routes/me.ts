import type { DeletionResponse, MyDataResponse } from '@parlor/core/protocol';
import { json, type Reply } from '../http-error.js';
import { dataSubject } from '../identity.js';
import type { Kit } from '../kit.js';
import type { KitRequest } from '../request.js';

/**
 * `GET …/me/data`: everything the kit holds about the caller (receipts, bans
 * of or by them, moderation records about or by them, invites they created)
 * as JSON, for a data-access request.
 */
export async function myDataRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const subject = await dataSubject(kit, req, 'me/data');
  const data: MyDataResponse = await kit.store.exportSubject(subject);
  return json(data, 200, { 'content-disposition': 'attachment; filename="parlor-data.json"' });
}

/**
 * `POST …/me/deletion`: purges the caller's receipts, bans and the moderation
 * records about them, then asks the host (`onDeletionRequest`) to purge its
 * side, and answers with what was deleted. What they did as a moderator (audits
 * as the actor, bans they issued, invites they created) stays on record.
 */
export async function deletionRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const subject = await dataSubject(kit, req, 'me/deletion');
  const deleted = await kit.store.deleteSubject(subject);
  await kit.options.onDeletionRequest?.(subject, deleted);
  const res: DeletionResponse = { subject, deleted };
  return json(res);
}
