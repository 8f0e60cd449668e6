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

/** How many verified receipts {@link verifyReceipt} remembers (per secret). */
const VERIFIED_CACHE_LIMIT = 2048;

interface Verified {
  record: ConsentRecord;
  /** Seconds since the epoch, as in the JWT. */
  exp: number;
}

/** Receipts that verified, by secret then by their exact text. */
const verifiedBySecret = new Map<string, Map<string, Verified>>();

/** A copy the caller may change without changing the cached record (every field is a primitive but `purposes`). */
const copyRecord = (r: ConsentRecord): ConsentRecord => ({ ...r, purposes: { ...r.purposes } });

/**
 * Verifies a receipt made by {@link signReceipt} and returns its record.
 * Throws {@link InvalidSignatureError} when the signature, audience or expiry
 * fails, or the record inside is malformed. Does not consult the store: a
 * withdrawn receipt still verifies here.
 *
 * A receipt that verified is remembered (by its exact text, per secret, at
 * most a couple of thousand): presenting the very same string again skips the
 * HMAC, JSON and schema work but not the expiry check. People present the
 * same receipt on every join, and checking it was the largest share of the
 * token route in the benchmark's profile. Only receipts that verified are
 * kept, so forged ones cannot fill the cache.
 *
 * `allowExpired`: a receipt past its `exp` verifies too (its signature and
 * record still must), for what the person may always do with their data:
 * see it, delete it, withdraw. An expired receipt never joins a room.
 */
export async function verifyReceipt(receipt: string, secret: string, options: { allowExpired?: boolean } = {}): Promise<VerifiedReceipt> {
  const allowExpired = options.allowExpired === true;
  let cache = verifiedBySecret.get(secret);
  const hit = cache?.get(receipt);
  if (hit) {
    if (allowExpired || hit.exp > Math.floor(Date.now() / 1000)) return { record: copyRecord(hit.record), expiresAt: new Date(hit.exp * 1000) };
    cache!.delete(receipt);
  }
  const payload = await verifyFor(AUDIENCE, receipt, secret, allowExpired);
  const parsed = consentRecordSchema.safeParse(payload['consent']);
  if (!parsed.success || parsed.data.subject !== payload.sub || parsed.data.id !== payload.jti) {
    throw new InvalidSignatureError('The receipt does not carry a valid consent record.');
  }
  const exp = payload.exp ?? 0;
  if (!cache) {
    if (verifiedBySecret.size >= 8) verifiedBySecret.clear();
    cache = new Map();
    verifiedBySecret.set(secret, cache);
  }
  if (cache.size >= VERIFIED_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(receipt, { record: copyRecord(parsed.data), exp });
  return { record: parsed.data, expiresAt: new Date(exp * 1000) };
}
