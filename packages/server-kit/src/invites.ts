import { randomUUID } from 'node:crypto';
import { roleSchema, roomNameSchema, type Role } from '@parlor/core/protocol';
import { InvalidSignatureError, signFor, verifyFor } from './signing.js';

const AUDIENCE = 'parlor:invite';
/** Default invite lifetime: seven days. */
export const DEFAULT_INVITE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Options of {@link createInvite}. */
export interface CreateInviteOptions {
  room: string;
  /** The role the invite grants, e.g. `broadcaster` for "join and go live". */
  role: Role;
  /** The server-kit secret (≥ 32 characters). */
  secret: string;
  /** Default seven days. */
  ttlSeconds?: number;
  /** Invite id (JWT `jti`); random when omitted. */
  id?: string;
}

/** A verified invite. */
export interface Invite {
  id: string;
  room: string;
  role: Role;
  expiresAt: Date;
}

/**
 * Creates a signed, expiring invite (HS256 JWT carrying `{room, role}`) to
 * put in a link; the token route honours it when the person joins.
 *
 * @example
 * ```ts
 * const { invite } = await createInvite({ room: 'town-hall', role: 'broadcaster', secret });
 * const link = `https://example.com/live/town-hall?invite=${invite}`;
 * ```
 */
export async function createInvite(options: CreateInviteOptions): Promise<Invite & { invite: string }> {
  const room = roomNameSchema.parse(options.room);
  const role = roleSchema.parse(options.role);
  const id = options.id ?? randomUUID();
  const { jws, expiresAt } = await signFor(AUDIENCE, { room, role }, {
    secret: options.secret,
    ttlSeconds: options.ttlSeconds ?? DEFAULT_INVITE_TTL_SECONDS,
    id,
  });
  return { invite: jws, id, room, role, expiresAt };
}

/**
 * Verifies an invite made by {@link createInvite}. Throws
 * {@link InvalidSignatureError} when it is forged, expired or malformed.
 * Revocation is the store's business (the handler checks it).
 */
export async function verifyInvite(invite: string, secret: string): Promise<Invite> {
  const payload = await verifyFor(AUDIENCE, invite, secret);
  const room = roomNameSchema.safeParse(payload['room']);
  const role = roleSchema.safeParse(payload['role']);
  if (!room.success || !role.success || typeof payload.jti !== 'string') {
    throw new InvalidSignatureError('The invite is malformed.');
  }
  return { id: payload.jti, room: room.data, role: role.data, expiresAt: new Date((payload.exp ?? 0) * 1000) };
}
