import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { LK } from './harness.js';

/** Signs a webhook body the way LiveKit does: a JWT from the API key carrying the body's sha256. */
export async function signWebhook(body: string, keys: { apiKey: string; apiSecret: string } = LK): Promise<string> {
  const at = new AccessToken(keys.apiKey, keys.apiSecret, { ttl: 60 });
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

let seq = 0;
/** A LiveKit egress webhook body for a room (`egress_started`, `egress_updated`, `egress_ended`). */
export function egressEvent(event: string, room: string, egressId: string, status = 'EGRESS_ACTIVE'): string {
  return JSON.stringify({
    event,
    id: `EV_${egressId}_${event}_${++seq}_${Date.now()}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    egressInfo: { egressId, roomName: room, status, roomComposite: { roomName: room } },
  });
}
