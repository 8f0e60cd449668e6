import { json, refuse, type Reply } from '../http-error.js';
import type { Kit } from '../kit.js';
import { livekitCall } from '../livekit.js';
import { banBinds } from '../moderation.js';
import { currentConsent } from '../current-consent.js';
import { revokeFrom } from '../live-publish.js';
import { limitsFor } from '../policy.js';
import { Attr, SCREEN_NAME_MAX } from '@parlor/core/protocol';
import type { ParlorWebhookEvent } from '../webhook-events.js';
import { dispatchTyped } from '../webhook-events.js';
import { recordingWebhook } from '../recording.js';
import { verifyWebhook } from '../webhooks.js';
import { readText } from '../validate.js';
import { presenceOf } from '../presence.js';
import { screenNameKey } from '../screen-name.js';
import type { ParticipantInfo } from 'livekit-server-sdk';
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
  // Joined or left: the token route's view of the room (names taken, seats) is out of date.
  const room = event.room?.name;
  const identity = event.participant?.identity;
  if ((event.event === 'participant_joined' || event.event === 'participant_left') && room && identity) presenceOf(kit).forget(room, identity);
  try {
    await enforceBan(kit, event);
    if (event.event === 'participant_joined' && room && identity) {
      // One look at the room serves both checks of the one who joined (gone: removed by a ban).
      const people = (await livekitCall(() => kit.rooms.listParticipants(room))) ?? [];
      const me = people.find((p) => p.identity === identity);
      if (me) {
        await enforceConsent(kit, room, me);
        await enforceUniqueName(kit, room, me, people);
      }
    }
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
async function enforceConsent(kit: Kit, room: string, p: ParticipantInfo): Promise<void> {
  const may = p.permission;
  if (!may || p.attributes?.[Attr.Role] === undefined || (!may.canPublish && !may.canPublishData)) return;
  const policy = await kit.policy(room);
  const current = await currentConsent(kit, p.identity, room, policy);
  // Not recording-aware here: a running recording's rule is the recording code's.
  const { mayPublish, mayChat } = current ? limitsFor(policy, current.record, false) : { mayPublish: false, mayChat: false };
  if ((may.canPublish && !mayPublish) || (may.canPublishData && !mayChat)) await revokeFrom(kit, room, p, { keepData: mayChat });
}

/**
 * The token route refuses a name someone in the room goes by, but a token
 * minted while the name was free stays valid for minutes, and kits in other
 * processes do not see each other's arrivals: when a participant this kit
 * minted for (it carries `parlor.role`) joins under a name someone who joined
 * before them already shows, their name gets a number (`Ada 2`), so no one
 * speaks in chat as another person. The host's own participants are left alone.
 */
async function enforceUniqueName(kit: Kit, room: string, me: ParticipantInfo, people: readonly ParticipantInfo[]): Promise<void> {
  if (me.permission?.hidden || me.attributes?.[Attr.Role] === undefined) return;
  const identity = me.identity;
  const others = people.filter((p) => p.identity !== identity && !p.permission?.hidden);
  const key = screenNameKey(me.name);
  const before = (p: ParticipantInfo) => p.joinedAt < me.joinedAt || (p.joinedAt === me.joinedAt && p.identity < identity);
  if (!others.some((p) => before(p) && screenNameKey(p.name) === key)) return;
  const taken = new Set(others.map((p) => screenNameKey(p.name)));
  const base = me.name.slice(0, SCREEN_NAME_MAX - 4).trimEnd();
  let name = base;
  for (let n = 2; taken.has(screenNameKey(name)); n++) name = `${base} ${n}`;
  await livekitCall(() => kit.rooms.updateParticipant(room, identity, { name }));
}
