import { consentRecordSchema, type ConsentRecord } from '@parlor/core/protocol';
import { InvalidSignatureError, signFor, verifyFor } from './signing.js';

const AUDIENCE = 'parlor:consent-receipt';
/** Default receipt lifetime: one year. */
export const DEFAULT_RECEIPT_TTL_SECONDS = 365 * 24 * 60 * 60;

/** Options of {@link signReceipt}. */
export interface SignReceiptOptions {
  /** The server-kit secret (≥ 32 characters). */
  secret: string;
  /** Default one year. */
  ttlSeconds?: number;
}

/** A receipt whose signature and expiry checked out. */
export interface VerifiedReceipt {
  record: ConsentRecord;
  expiresAt: Date;
}

/**
 * Signs a consent record as a compact JWS (HS256): the receipt a person holds
 * and the host can later show as proof. Claims: `consent` (the record),
 * `sub` (subject), `jti` (record id), `aud` `parlor:consent-receipt`.
 *
 * @example
 * ```ts
 * const { receipt } = await signReceipt(record, { secret: process.env.PARLOR_SECRET! });
 * ```
 */
export async function signReceipt(
  record: ConsentRecord,
  options: SignReceiptOptions,
): Promise<{ receipt: string; expiresAt: Date }> {
  const checked = consentRecordSchema.parse(record);
  const { jws, expiresAt } = await signFor(AUDIENCE, { consent: checked }, {
    secret: options.secret,
    ttlSeconds: options.ttlSeconds ?? DEFAULT_RECEIPT_TTL_SECONDS,
    subject: checked.subject,
    id: checked.id,
  });
  return { receipt: jws, expiresAt };
}

/**
 * Verifies a receipt made by {@link signReceipt} and returns its record.
 * Throws {@link InvalidSignatureError} when the signature, audience or expiry
 * fails, or the record inside is malformed. Does not consult the store: a
 * withdrawn receipt still verifies here.
 */
export async function verifyReceipt(receipt: string, secret: string): Promise<VerifiedReceipt> {
  const payload = await verifyFor(AUDIENCE, receipt, secret);
  const parsed = consentRecordSchema.safeParse(payload['consent']);
  if (!parsed.success || parsed.data.subject !== payload.sub || parsed.data.id !== payload.jti) {
    throw new InvalidSignatureError('The receipt does not carry a valid consent record.');
  }
  return { record: parsed.data, expiresAt: new Date((payload.exp ?? 0) * 1000) };
}
