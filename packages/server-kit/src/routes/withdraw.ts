import { withdrawRequestSchema, type WithdrawResponse } from '@parlor/core/protocol';
import { json, refuse, type Reply } from '../http-error.js';
import { authenticate, checkedReceipt } from '../identity.js';
import { activeReceipts, withdrawEach } from '../current-consent.js';
import type { Kit } from '../kit.js';
import { revokeLivePublish } from '../live-publish.js';
import { ReceiptStatus } from '../store/types.js';
import { bearer, readText, validate } from '../validate.js';
import type { KitRequest } from '../request.js';

/** The receipt from the body (`{receipt}`) or `Authorization: Bearer`. */
async function presentedReceipt(req: KitRequest): Promise<string> {
  const text = await readText(req);
  let fromBody: string | undefined;
  if (text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw refuse.badRequest('The body is not valid JSON.');
    }
    fromBody = validate(withdrawRequestSchema, parsed, 'body').receipt;
  }
  const receipt = fromBody ?? bearer(req);
  if (!receipt) throw refuse.badRequest('Present the receipt to withdraw, in the body or as a Bearer token.');
  return receipt;
}

/**
 * `DELETE …/consent`: withdraws a consent. The receipt (and any other of the
 * person's still active for the room) stops working for new tokens, publish
 * and chat rights end in the live room now, and `onWithdraw` gets each record.
 */
export async function withdrawRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const receipt = await presentedReceipt(req);
  const record = await checkedReceipt(kit, receipt, true);
  const caller = await authenticate(kit, req, 'withdraw', record.room);
  if (caller && caller.identity !== record.subject) throw refuse.forbidden('That receipt belongs to someone else.');
  const stored = await kit.store.getReceipt(record.id);
  if (!stored) throw refuse.notFound('No such consent is on record (it may have been deleted).');
  // The person's consent for the room ends, not just this receipt: any of theirs still active
  // there goes with it. That includes a newer answer that replaced this one (given in another
  // window, say): whoever presses Withdraw, in whichever window, means their consent here. Read
  // before LiveKit is called, so a consent given meanwhile is not withdrawn with them. A receipt
  // already withdrawn changes nothing more (a retry, or a consent given afresh since).
  const ending = stored.status === ReceiptStatus.Withdrawn ? [] : await activeReceipts(kit, record.subject, record.room);
  // Rights end in the live room first: if LiveKit fails (503) nothing has changed, and the
  // retry still finds the receipts active, so each is withdrawn and reported exactly once.
  const revokedLive = ending.length > 0 && (await revokeLivePublish(kit, record.room, record.subject, { keepData: false }));
  await withdrawEach(kit, ending);
  const res: WithdrawResponse = { withdrawn: true, id: record.id, revokedLive };
  return json(res);
}
