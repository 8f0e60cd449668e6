import { ErrorCode, ROLE_RANK, screenNameCheckSchema, type ScreenNameCheckResponse } from '@parlor/core/protocol';
import { HttpError, json, refuse, type Reply } from '../http-error.js';
import { authenticate } from '../identity.js';
import { clientIp, type Kit } from '../kit.js';
import { presenceOf } from '../presence.js';
import { checkScreenName, screenNameKey } from '../screen-name.js';
import { readJson } from '../validate.js';
import type { KitRequest } from '../request.js';
import { checkedInvite } from './token.js';

/**
 * `POST …/screen-name`: whether a screen name would be accepted in a room,
 * asked before the consent step so that a refused name is said while the
 * person is still choosing it, not after they answered the privacy questions.
 * The same checks as the token route's (shape, staff words unless the
 * caller's role or invite allows them, the host's deny list, nobody in the
 * room or arriving already going by it), with nothing stored: no consent has
 * been given yet. The token route checks again at join: a name free now can
 * be taken by then. A host's own name for a signed-in user needs no check.
 */
export async function screenNameRoute(kit: Kit, req: KitRequest, ctxIp?: string): Promise<Reply> {
  kit.limiter.hit('screenName', 'perIp', clientIp(kit, req, ctxIp));
  const body = await readJson(req, screenNameCheckSchema);
  const caller = await authenticate(kit, req, 'screen-name', body.room);
  if (!caller && !kit.allowGuests) throw refuse.unauthorized();
  if (caller?.name !== undefined) return json({ screenName: caller.name } satisfies ScreenNameCheckResponse);
  let role = caller?.role ?? kit.guestRole;
  if (body.invite) {
    const invite = await checkedInvite(kit, body.invite, body.room);
    if (ROLE_RANK[invite.role] > ROLE_RANK[role]) role = invite.role;
  }
  const screenName = checkScreenName(body.screenName, role, kit.options.screenNameDenyList);
  const key = screenNameKey(screenName);
  const present = await presenceOf(kit).inRoom(body.room);
  if (present.some((p) => !p.hidden && p.identity !== caller?.identity && screenNameKey(p.name) === key)) {
    throw new HttpError(409, ErrorCode.ScreenNameTaken, 'Someone in the room already goes by that name; choose another.');
  }
  return json({ screenName } satisfies ScreenNameCheckResponse);
}
