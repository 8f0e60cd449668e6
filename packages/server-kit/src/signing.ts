import type { JWTPayload } from 'jose';
import { b64json, JwtError, signHs256, verifyHs256, type JwtClaims } from './jwt.js';

/** Minimum length of the server-kit secret (HS256 wants ≥ 256 bits of key). */
export const MIN_SECRET_LENGTH = 32;

/** Thrown when a receipt or invite fails verification (bad signature, expired, wrong kind, malformed). */
export class InvalidSignatureError extends Error {
  override readonly name = 'InvalidSignatureError';
}

/** Throws unless the secret is long enough to sign with. */
export function assertSecret(secret: string): void {
  // An unset environment variable passed on (`process.env.PARLOR_SECRET!`) says so, not "too short".
  if (secret === undefined || secret === '') throw new TypeError('The server-kit secret is not set (an environment variable missing?).');
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`The server-kit secret must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
}

/** `{"alg":"HS256","typ":"JWT"}`: the protected header of receipts and invites. */
const HEADER = b64json({ alg: 'HS256', typ: 'JWT' });

/** Signs `claims` as an HS256 JWS for one audience (receipt, invite) so kinds cannot be swapped. */
export async function signFor(
  audience: string,
  claims: JWTPayload,
  opts: { secret: string; ttlSeconds: number; subject?: string; id: string },
): Promise<{ jws: string; expiresAt: Date }> {
  assertSecret(opts.secret);
  const now = Math.floor(Date.now() / 1000);
  const exp = now + Math.max(1, Math.floor(opts.ttlSeconds));
  // Synchronous HS256 on node:crypto (jwt.ts), as jose's SignJWT would write it, without
  // WebCrypto's thread-pool round trip on every consent answer.
  const payload: JwtClaims = { ...claims, iss: 'parlor', aud: audience, jti: opts.id, iat: now, exp };
  if (opts.subject) payload['sub'] = opts.subject;
  return { jws: signHs256(payload, opts.secret, HEADER), expiresAt: new Date(exp * 1000) };
}

const numeric = (claims: JwtClaims, name: string): number | undefined => {
  const v = claims[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new JwtError(`"${name}" must be a number.`);
  return v;
};

/**
 * Verifies a JWS made by {@link signFor} for `audience`; throws
 * {@link InvalidSignatureError}. Synchronous HS256 on `node:crypto` (see
 * `jwt.ts`) with the checks jose's `jwtVerify` would make for
 * `{ algorithms: ['HS256'], issuer: 'parlor', audience, requiredClaims: ['exp', 'jti'] }`:
 * `iss`, `aud`, `exp` and `jti` present; issuer `parlor`; `aud` is (or lists)
 * `audience`; `exp` in the future; `nbf`, when present, not in the future;
 * `iat`, when present, a number. No clock tolerance. With `allowExpired`, an
 * `exp` in the past passes (it must still be there).
 */
export async function verifyFor(audience: string, jws: string, secret: string, allowExpired = false): Promise<JWTPayload> {
  assertSecret(secret);
  try {
    const claims = verifyHs256(jws, secret);
    for (const name of ['iss', 'aud', 'exp', 'jti']) {
      if (!Object.hasOwn(claims, name)) throw new JwtError(`The "${name}" claim is missing.`);
    }
    if (claims['iss'] !== 'parlor') throw new JwtError('Unexpected issuer.');
    const aud = claims['aud'];
    if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) throw new JwtError('Unexpected audience.');
    const now = Math.floor(Date.now() / 1000);
    numeric(claims, 'iat');
    const nbf = numeric(claims, 'nbf');
    if (nbf !== undefined && nbf > now) throw new JwtError('Not valid yet.');
    const exp = numeric(claims, 'exp')!;
    if (exp <= now && !allowExpired) throw new JwtError('Expired.');
    return claims as JWTPayload;
  } catch (cause) {
    throw new InvalidSignatureError('The signature is invalid or expired.', { cause });
  }
}
