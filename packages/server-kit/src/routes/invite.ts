import { randomUUID } from 'node:crypto';
import { inviteRequestSchema, type InviteResponse } from '@parlor/core/protocol';
import { json, refuse, type Reply } from '../http-error.js';
import { moderatorOf } from '../identity.js';
import { createInvite } from '../invites.js';
import type { Kit } from '../kit.js';
import { ROLE_RANK } from '../options.js';
import { readJson } from '../validate.js';
import { recordAudit } from '../moderation.js';
import type { KitRequest } from '../request.js';

/**
 * `POST …/invite`: a moderator or owner creates a signed invite for a role
 * ranking below their own (owners may invite moderators). The invite is
 * stored so it can be revoked, and audited.
 */
export async function inviteRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const body = await readJson(req, inviteRequestSchema);
  const caller = await moderatorOf(kit, req, body.room, 'invite');
  if (ROLE_RANK[body.role] >= ROLE_RANK[caller.role]) {
    throw refuse.forbidden('You can only invite people to a role below your own.');
  }
  const inv = await createInvite({
    room: body.room,
    role: body.role,
    secret: kit.options.secret,
    ttlSeconds: body.ttlSeconds ?? kit.inviteTtlSeconds,
    id: randomUUID(),
  });
  const expiresAt = inv.expiresAt.toISOString();
  await kit.store.putInvite({ id: inv.id, room: inv.room, role: inv.role, createdBy: caller.identity, expiresAt, revoked: false });
  await recordAudit(kit, { room: body.room, action: 'invite', caller, details: { role: body.role, inviteId: inv.id } });
  const res: InviteResponse = { invite: inv.invite, id: inv.id, room: inv.room, role: inv.role, expiresAt };
  return json(res, 201);
}

/** `DELETE …/invite/:id` answer. */
export interface RevokeInviteResponse {
  ok: true;
  id: string;
  room: string;
  /** Whether this call revoked it (false: it already was). */
  revoked: boolean;
  auditId: string;
}

/**
 * `DELETE …/invite/:id`: a moderator or owner of the invite's room revokes
 * it; the token route refuses it from then on (403 `invalid_invite`).
 * Tokens already minted with it keep working until they expire. Only
 * invites for roles below the caller's, or the caller's own, may be revoked.
 */
export async function revokeInviteRoute(kit: Kit, req: KitRequest, id: string): Promise<Reply> {
  const invite = id ? await kit.store.getInvite(id) : undefined;
  // Ids are random UUIDs: answering "not found" before checking the caller reveals nothing useful.
  if (!invite) throw refuse.notFound('No such invite.');
  const caller = await moderatorOf(kit, req, invite.room, 'invite');
  if (ROLE_RANK[invite.role] >= ROLE_RANK[caller.role] && invite.createdBy !== caller.identity) {
    throw refuse.forbidden('You can only revoke your own invites or invites to a role below your own.');
  }
  const revoked = !invite.revoked;
  if (revoked) await kit.store.revokeInvite(id);
  const audit = await recordAudit(kit, {
    room: invite.room,
    action: 'revoke-invite',
    caller,
    details: { role: invite.role, inviteId: id, wasRevoked: !revoked },
  });
  const res: RevokeInviteResponse = { ok: true, id, room: invite.room, revoked, auditId: audit.id };
  return json(res);
}
