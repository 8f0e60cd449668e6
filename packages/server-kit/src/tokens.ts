import { decodeJwt } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import { Attr, type Grants, type Role } from '@parlor/core/protocol';
import { summarize, videoGrantFor, type GrantLimits } from './grants.js';

/** Default LiveKit token lifetime: ten minutes (enough to connect; reconnects refresh it in the SFU). */
export const DEFAULT_TOKEN_TTL_SECONDS = 600;

/** Options of {@link mintToken}. */
export interface MintTokenOptions {
  apiKey: string;
  apiSecret: string;
  room: string;
  identity: string;
  /** Participant name others see (the screen name). */
  name: string;
  role: Role;
  /** Consent-derived limits on the role's rights. */
  limits: GrantLimits;
  /** Default 600. */
  ttlSeconds?: number;
  /** Extra participant attributes; `parlor.role` is always the role and cannot be overridden. */
  attributes?: Readonly<Record<string, string>>;
}

/** A minted token with what it allows. */
export interface MintedToken {
  token: string;
  grants: Grants;
  expiresAt: Date;
}

/**
 * Mints a LiveKit access token for a role: every grant explicit, `room`
 * always set, the role in participant attribute `parlor.role` (clients read
 * roles from there, and cannot change it: `canUpdateOwnMetadata` is false).
 *
 * @example
 * ```ts
 * const { token } = await mintToken({ apiKey, apiSecret, room: 'lobby', identity: 'u1', name: 'Ada',
 *   role: 'participant', limits: { mayPublish: true, mayChat: true } });
 * ```
 */
export async function mintToken(options: MintTokenOptions): Promise<MintedToken> {
  const ttl = Math.max(1, Math.floor(options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS));
  const at = new AccessToken(options.apiKey, options.apiSecret, {
    identity: options.identity,
    name: options.name,
    ttl,
    attributes: { ...options.attributes, [Attr.Role]: options.role },
  });
  const grant = videoGrantFor(options.room, options.role, options.limits);
  at.addGrant(grant);
  const token = await at.toJwt();
  const exp = decodeJwt(token).exp ?? Math.floor(Date.now() / 1000) + ttl;
  return { token, grants: summarize(grant), expiresAt: new Date(exp * 1000) };
}
