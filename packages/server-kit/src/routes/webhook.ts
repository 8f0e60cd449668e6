import { json, refuse, type Reply } from '../http-error.js';
import type { Kit } from '../kit.js';
import { livekitCall } from '../livekit.js';
import { banBinds } from '../moderation.js';
import { currentConsent } from '../current-consent.js';
import { revokeFrom } from '../live-publish.js';
import { limitsFor } from '../policy.js';
import { Attr } from '@parlor/core/protocol';
import type { ParlorWebhookEvent } from '../webhook-events.js';
import { dispatchTyped } from '../webhook-events.js';
import { recordingWebhook } from '../recording.js';
import { verifyWebhook } from '../webhooks.js';
import { readText } from '../validate.js';
import type { KitRequest } from '../request.js';

/**
 * `POST …/webhook`: LiveKit's webhooks, verified on the raw body, each event
 * id processed once. Bans and recording consent are enforced before the
 * host's callbacks run. When a host callback fails the id is released so
 * LiveKit's retry is processed.
 */
export async function webhookRoute(kit: Kit, req: KitRequest): Promise<Reply> {
  const body = await readText(req);
  let event;
  try {
    event = await verifyWebhook(body, req.headers.get('authorization'), kit.options.livekit);
  } catch {
    throw refuse.unauthorized('The webhook could not be verified.');
  }
  if (!(await kit.store.claimWebhook(event.id, Date.now()))) return json({ ok: true, duplicate: true });
  try {
    await enforceBan(kit, event);
    await enforceConsent(kit, event);
    await recordingWebhook(kit, event);
    await kit.options.onWebhook?.(event);
    await dispatchTyped(kit.options.webhooks, event);
  } catch (err) {
    await kit.store.releaseWebhook(event.id);
    throw err;
  }
  return json({ ok: true, duplicate: false });
}

/**
 * A banned person may still hold an unexpired token (LiveKit 1.13 ignores
 * `revokeTokenTs`): when they join anyway, remove them at once.
 */
async function enforceBan(kit: Kit, e: ParlorWebhookEvent): Promise<void> {
  const room = e.room?.name;
  const identity = e.participant?.identity;
  if (e.event !== 'participant_joined' || !room || !identity) return;
  if (banBinds(await kit.store.getBan(room, identity), e.participant?.role)) await livekitCall(() => kit.rooms.removeParticipant(room, identity));
}

/**
 * Someone who withdrew consent (or deleted their data) may still hold an
 * unexpired token, and a new connection with it gets back what it granted:
 * when a participant whose token this kit minted (it carries `parlor.role`)
 * joins, their publish and chat rights follow their current consent again.
 * Participants of the host's own making (no `parlor.role`) are left alone;
 * a running recording's own rule is applied by the recording code.
 */
async function enforceConsent(kit: Kit, e: ParlorWebhookEvent): Promise<void> {
  const room = e.room?.name;
  const identity = e.participant?.identity;
  if (e.event !== 'participant_joined' || !room || !identity) return;
  const p = await livekitCall(() => kit.rooms.getParticipant(room, identity));
  const may = p?.permission;
  if (!p || !may || p.attributes?.[Attr.Role] === undefined || (!may.canPublish && !may.canPublishData)) return;
  const policy = await kit.policy(room);
  const current = await currentConsent(kit, identity, room, policy);
  // Not recording-aware here: a running recording's rule is the recording code's.
  const { mayPublish, mayChat } = current ? limitsFor(policy, current.record, false) : { mayPublish: false, mayChat: false };
  if ((may.canPublish && !mayPublish) || (may.canPublishData && !mayChat)) await revokeFrom(kit, room, p, { keepData: mayChat });
}
