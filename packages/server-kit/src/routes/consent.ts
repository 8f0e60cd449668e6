import { randomUUID } from 'node:crypto';
import {
  consentRequestSchema,
  ErrorCode,
  type ConsentRecord,
  type ConsentRequest,
  type ConsentResponse,
} from '@parlor/core/protocol';
import { HttpError, json, refuse, type Reply } from '../http-error.js';
import { authenticate, checkedReceipt, type Caller } from '../identity.js';
import { clientIp, reportError, type Kit } from '../kit.js';
import { ABSOLUTE_MINIMUM_AGE } from '../policy.js';
import { signReceipt } from '../receipts.js';
import { ReceiptStatus, type StoredReceipt } from '../store/types.js';
import { activeReceipts } from '../current-consent.js';
import { readJson } from '../validate.js';
import { randomIdentity, tokenAfterConsent, warmPresence } from './token.js';
import { revokeLivePublish } from '../live-publish.js';
import { mayPublishWith } from '../policy.js';
import { isRecording, restoreAfterConsent } from '../recording.js';
import type { KitRequest } from '../request.js';

/**
 * How consent was collected, as recorded in every receipt: terms, camera
 * and recording ticked by the person (opt-in); analytics pre-ticked, so
 * left on unless they untick it (opt-out; off under GPC). Receipts before
 * 2026-12-07 say `web-form:explicit-opt-in`, which did not say so.
 */
export const CONSENT_METHOD = 'web-form:opt-in;analytics:opt-out';

/** The neutral refusal: it never says which threshold was missed. */
const underAge = () => new HttpError(403, ErrorCode.UnderAge, 'Sorry, you cannot join this room.');

/**
 * An earlier receipt being replaced must be the same subject's and still active.
 * A guest's that is no longer active (replaced or withdrawn, in another tab say,
 * or its data deleted) is refused: answering anew under a fresh identity would
 * leave the page in the room as someone the server no longer links to its answer.
 * The client decides (core asks again without it only for a receipt remembered
 * from an earlier visit). A signed-in user's identity comes from the session.
 */
async function previous(kit: Kit, room: string, receipt: string | undefined, caller: Caller | null): Promise<StoredReceipt | undefined> {
  if (!receipt) return undefined;
  const record = await checkedReceipt(kit, receipt);
  if (caller && record.subject !== caller.identity) throw refuse.forbidden('That receipt belongs to someone else.');
  const stored = await kit.store.getReceipt(record.id);
  if (stored && stored.record.room !== room) throw refuse.badRequest('previousReceipt is for another room.');
  if (stored?.status === ReceiptStatus.Active) return stored;
  if (caller) return undefined;
  throw new HttpError(409, ErrorCode.ConsentReplaced, 'That answer was replaced or withdrawn since; it can no longer be changed.');
}

/**
 * `POST …/consent`: checks age and terms version, records the answers as a
 * signed receipt, stores it and hands it to `onConsent`. Under 13, nothing at
 * all is stored or passed on.
 */
export async function consentRoute(kit: Kit, req: KitRequest, ctxIp?: string): Promise<Reply> {
  kit.limiter.hit('consent', 'perIp', clientIp(kit, req, ctxIp));
  const body: ConsentRequest = await readJson(req, consentRequestSchema);
  // Before anything else touches the answer: an under-13 leaves no trace.
  if (body.age < ABSOLUTE_MINIMUM_AGE) throw underAge();
  const policy = await kit.policy(body.room);
  if (body.age < policy.minimumAge) throw underAge();
  if (body.termsVersion !== policy.termsVersion) {
    throw new HttpError(409, ErrorCode.ConsentOutdated, 'The terms have changed; please review the current version.');
  }
  if (!body.purposes.terms) throw refuse.consentRequired('Accepting the terms is required to join.');

  // Joining in the same request: LiveKit is asked who is in the room while the consent is recorded.
  if (body.join && body.join.mode !== 'viewer') warmPresence(kit, body.room);
  const caller = await authenticate(kit, req, 'consent', body.room);
  if (!caller && !kit.allowGuests) throw refuse.unauthorized();
  const prior = await previous(kit, body.room, body.previousReceipt, caller);
  const subject = caller?.identity ?? prior?.record.subject ?? randomIdentity('guest');
  kit.limiter.hit('consent', 'perIdentity', subject);

  // The header, or the page's navigator.globalPrivacyControl as core sends it: either signal is an opt-out.
  const gpc = req.headers.get('sec-gpc')?.trim() === '1' || body.gpc === true;
  const record: ConsentRecord = {
    id: randomUUID(),
    subject,
    room: body.room,
    purposes: { ...body.purposes, analytics: body.purposes.analytics && !gpc },
    policyVersion: policy.termsVersion,
    issuedAt: new Date().toISOString(),
    method: CONSENT_METHOD,
    gpc,
  };
  if (policy.jurisdiction) record.jurisdiction = policy.jurisdiction;
  const { receipt, expiresAt } = await signReceipt(record, {
    secret: kit.options.secret,
    ttlSeconds: kit.receiptTtlSeconds,
  });
  const now = record.issuedAt;
  // The newest answer is the one that counts: it replaces every earlier receipt of the subject for
  // the room still active (the one named as previousReceipt, and a signed-in user's earlier ones).
  // A fresh guest identity has none.
  const earlier = prior || caller ? await activeReceipts(kit, subject, body.room) : [];
  const is = record.purposes;
  const narrowed = earlier.some(({ record: { purposes: was } }) => (was.broadcast && !is.broadcast) || (was.recording && !is.recording));
  // Publish rights end before anything is stored: if LiveKit fails (503), nothing has changed,
  // and a retry with the same previousReceipt still finds it active (same subject, same revoke).
  if (narrowed && !mayPublishWith(policy, is, await isRecording(kit, body.room))) {
    await revokeLivePublish(kit, body.room, subject, { keepData: true });
  }
  await kit.store.putReceipt({ record, receipt, status: ReceiptStatus.Active, statusAt: now, expiresAt: expiresAt.toISOString() });
  // Each only while still active (compare-and-set): one a withdrawal ended meanwhile is its to report.
  const replaced: typeof earlier = [];
  for (const old of earlier) if (await kit.store.setReceiptStatus(old.record.id, ReceiptStatus.Superseded, now, ReceiptStatus.Active)) replaced.push(old);
  for (const old of replaced) await kit.options.onWithdraw?.({ record: old.record, receipt: old.receipt });
  await kit.options.onConsent?.({ record, receipt });
  // Recording consent given after a recording took publish rights away: give them back at once.
  // Only someone already known can be in the room; a LiveKit hiccup must not fail the consent itself.
  if (prior || caller) await restoreAfterConsent(kit, policy, record).catch((err: unknown) => reportError(kit, err));
  const res: ConsentResponse = { receipt, record };
  if (body.join) Object.assign(res, await tokenAfterConsent(kit, req, ctxIp, body.room, receipt, body.join, { policy, caller, record }));
  return json(res, 201);
}
