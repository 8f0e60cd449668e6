import {
  moderationActionSchema,
  moderationRequestSchema,
  type ModerationResponse,
} from '@parlor/core/protocol';
import { json, refuse, type Reply } from '../http-error.js';
import { moderatorOf } from '../identity.js';
import type { Kit } from '../kit.js';
import { recordAudit, runModeration } from '../moderation.js';
import { readJson } from '../validate.js';
import type { KitRequest } from '../request.js';

/**
 * `POST …/moderation/:action`: a moderator or owner (per `authenticate`, or
 * per a room token this kit minted) acts on the live room; every action is
 * audited (store + `onAudit`).
 */
export async function moderationRoute(kit: Kit, req: KitRequest, param: string): Promise<Reply> {
  const action = moderationActionSchema.safeParse(param);
  if (!action.success) throw refuse.notFound(`Unknown moderation action "${param.slice(0, 40)}".`);
  const body = await readJson(req, moderationRequestSchema);
  const caller = await moderatorOf(kit, req, body.room, 'moderation');
  const details = await runModeration(kit, action.data, body, caller);
  const audit = await recordAudit(kit, {
    room: body.room,
    action: action.data,
    caller,
    ...(body.target !== undefined && { target: body.target }),
    ...(body.reason !== undefined && { reason: body.reason }),
    details: body.seconds !== undefined ? { ...details, seconds: body.seconds } : details,
  });
  const res: ModerationResponse = { ok: true, action: action.data, auditId: audit.id };
  return json(res);
}
