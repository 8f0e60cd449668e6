/**
 * A lean HS256 JWT signer and verifier on `node:crypto`, for the two hot
 * paths of the token route: minting LiveKit tokens and checking consent
 * receipts. It does one algorithm only (HMAC-SHA256), synchronously, with a
 * cached key, instead of jose's general JOSE machinery and WebCrypto's
 * thread-pool round trip (which the token-route profile showed to be most of
 * its cost; see bench/NOTES.md, server-kit). Internal: not exported from the package.
 *
 * What it accepts is a subset of what jose accepts for the same options:
 * exactly three base64url segments; a protected header that is a JSON object
 * with `alg` exactly `HS256` and no `crit` or `b64`; the signature in its
 * canonical (unpadded) base64url form, compared in constant time; a claims
 * set that is a JSON object.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Thrown when a compact JWS is malformed or its signature does not match. */
export class JwtError extends Error {
  override readonly name = 'JwtError';
}

/** The claims of a verified JWT (a JSON object). */
export type JwtClaims = Record<string, unknown>;

const KEY_CACHE_LIMIT = 16;
const keys = new Map<string, KeyObject>();

/**
 * The HMAC key for `secret` (its UTF-8 bytes, as jose and livekit-server-sdk
 * use it), created once per secret. A process holds a handful of secrets (the
 * kit's and LiveKit's), so the cache stays tiny; it is bounded anyway.
 */
export function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= KEY_CACHE_LIMIT) keys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** base64url of the UTF-8 JSON of `value`. */
export const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** base64url of `{"alg":"HS256"}`: the header livekit-server-sdk's AccessToken writes. */
export const HS256_HEADER = b64json({ alg: 'HS256' });

const sign = (input: string, key: KeyObject): string => createHmac('sha256', key).update(input).digest('base64url');

/**
 * Signs `claims` as a compact HS256 JWS with the already-encoded protected
 * header `header` (default {@link HS256_HEADER}). Claims are serialized with
 * `JSON.stringify` in their own key order.
 */
export function signHs256(claims: JwtClaims, secret: string, header: string = HS256_HEADER): string {
  const input = `${header}.${b64json(claims)}`;
  return `${input}.${sign(input, hmacKey(secret))}`;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function jsonObject(segment: string, what: string): JwtClaims {
  if (!SEGMENT.test(segment)) throw new JwtError(`The ${what} is not base64url.`);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw new JwtError(`The ${what} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtError(`The ${what} is not a JSON object.`);
  return value as JwtClaims;
}

/**
 * Checks a compact HS256 JWS against `secret` and returns its claims. Only
 * the signature and the header are checked here; the caller checks the
 * claims (issuer, audience, expiry…).
 *
 * @throws {@link JwtError} when the token is malformed, uses another
 * algorithm (including `none`), carries `crit`/`b64`, or the signature does
 * not match.
 */
export function verifyHs256(token: string, secret: string): JwtClaims {
  if (typeof token !== 'string') throw new JwtError('The token is not a string.');
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) !== -1) {
    throw new JwtError('The token is not a compact JWS.');
  }
  const header = jsonObject(token.slice(0, first), 'header');
  if (header['alg'] !== 'HS256') throw new JwtError('The token is not HS256.');
  if ('crit' in header || 'b64' in header) throw new JwtError('The token uses unsupported header parameters.');
  const given = Buffer.from(token.slice(second + 1), 'latin1');
  const expected = Buffer.from(sign(token.slice(0, second), hmacKey(secret)), 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError('The signature does not match.');
  return jsonObject(token.slice(first + 1, second), 'claims set');
}
