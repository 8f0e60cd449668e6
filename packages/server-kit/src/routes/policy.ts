import { json, type Reply } from '../http-error.js';
import { publicPolicy } from '../policy.js';
import { policyQuerySchema, validate } from '../validate.js';
import type { Kit } from '../kit.js';
import type { KitRequest } from '../request.js';

/** `GET …/policy?room=`: what the room requires before joining (`policySchema`). */
export async function policyRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const url = new URL(req.url);
  const { room } = validate(policyQuerySchema, { room: url.searchParams.get('room') ?? undefined }, 'query');
  return json(publicPolicy(await kit.policy(room)));
}
