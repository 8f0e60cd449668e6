import { json, type Reply } from '../http-error.js';
import { publicPolicy } from '../policy.js';
import { policyQuerySchema, validate } from '../validate.js';
import type { Kit } from '../kit.js';
import { isRecording } from '../recording.js';
import type { KitRequest } from '../request.js';

/**
 * `GET …/policy?room=`: what the room requires before joining
 * (`policySchema`), and whether it is being recorded right now, so the
 * consent step can say so before anyone joins.
 */
export async function policyRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const url = new URL(req.url);
  const { room } = validate(policyQuerySchema, { room: url.searchParams.get('room') ?? undefined }, 'query');
  return json({ ...publicPolicy(await kit.policy(room)), recording: await isRecording(kit, room) });
}
