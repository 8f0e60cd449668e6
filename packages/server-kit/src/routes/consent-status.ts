import type { ConsentStatusResponse } from '@parlor/core/protocol';
import { json, refuse, type Reply } from '../http-error.js';
import { checkedReceipt } from '../identity.js';
import type { Kit } from '../kit.js';
import { bearer } from '../validate.js';
import type { KitRequest } from '../request.js';

/**
 * `GET …/consent` with `Authorization: Bearer <receipt>`: whether that
 * consent still stands (`active`), or was withdrawn, replaced by a newer
 * answer, or deleted with the person's data. A page whose chat right ended
 * while it was in the room asks this to learn whether its consent ended
 * elsewhere (another window, the host). The receipt is the credential: its
 * signature is checked, and it reveals only its own status.
 */
export async function consentStatusRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const receipt = bearer(req);
  if (!receipt) throw refuse.unauthorized('Present the consent receipt as a Bearer token.');
  const record = await checkedReceipt(kit, receipt);
  const stored = await kit.store.getReceipt(record.id);
  const res: ConsentStatusResponse = { id: record.id, status: stored?.status ?? 'deleted' };
  return json(res);
}
