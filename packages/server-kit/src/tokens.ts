import { TrackSource } from 'livekit-server-sdk';
import { Attr, type Grants, type Role } from '@parlor/core/protocol';
import { summarize, videoGrantFor, type GrantLimits } from './grants.js';
import { signHs256 } from './jwt.js';

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

/** How LiveKit's JWT spells each track source in `video.canPublishSources`. */
const SOURCE_CLAIM: Readonly<Partial<Record<TrackSource, string>>> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen_share_audio',
};

function sourceClaim(source: TrackSource): string {
  const s = SOURCE_CLAIM[source];
  if (s === undefined) throw new TypeError(`Cannot put track source ${String(source)} in a token.`);
  return s;
}

/**
 * Mints a LiveKit access token for a role: every grant explicit, `room`
 * always set, the role in participant attribute `parlor.role` (clients read
 * roles from there, and cannot change it: `canUpdateOwnMetadata` is false).
 *
 * The JWT is the one livekit-server-sdk's `AccessToken` produces for the
 * same inputs (header `{"alg":"HS256"}`; claims `attributes`, `name`,
 * `video`, `iss` = API key, `exp`, `nbf`, `sub` = identity, in that order),
 * signed here directly with `node:crypto` HMAC-SHA256: `AccessToken` goes
 * through jose and cost half the token route's minting time in the
 * benchmark (bench/NOTES.md, server-kit). A test mints both ways and compares them.
 *
 * @example
 * ```ts
 * const { token } = await mintToken({ apiKey, apiSecret, room: 'lobby', identity: 'u1', name: 'Ada',
 *   role: 'participant', limits: { mayPublish: true, mayChat: true } });
 * ```
 */
export async function mintToken(options: MintTokenOptions): Promise<MintedToken> {
  return mintTokenSync(options);
}

/** {@link mintToken} without the promise (what the token route calls). Internal. */
export function mintTokenSync(options: MintTokenOptions): MintedToken {
  const { apiKey, apiSecret, identity, name } = options;
  if (!apiKey || !apiSecret) throw new TypeError('apiKey and apiSecret are required to mint a token.');
  if (!identity) throw new TypeError('identity is required to mint a token that joins a room.');
  const ttl = Math.max(1, Math.floor(options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS));
  const grant = videoGrantFor(options.room, options.role, options.limits);
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttl;
  const claims: Record<string, unknown> = { attributes: { ...options.attributes, [Attr.Role]: options.role } };
  if (name) claims['name'] = name; // as AccessToken: an empty name is left out
  claims['video'] = { ...grant, canPublishSources: grant.canPublishSources.map(sourceClaim) };
  claims['iss'] = apiKey;
  claims['exp'] = exp;
  claims['nbf'] = now;
  claims['sub'] = identity;
  return { token: signHs256(claims, apiSecret), grants: summarize(grant, options.role), expiresAt: new Date(exp * 1000) };
}
