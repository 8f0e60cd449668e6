import { screenNameCheckSchema, type ScreenNameCheckResponse } from '@parlor/core/protocol';
import { json, refuse, type Reply } from '../http-error.js';
import { authenticate } from '../identity.js';
import { clientIp, type Kit } from '../kit.js';
import { checkScreenName } from '../screen-name.js';
import { readJson } from '../validate.js';
import type { KitRequest } from '../request.js';
import { activeConsent, checkedInvite, checkRoomOpen, raisedBy, warmPresence } from './token.js';

/**
 * `POST …/screen-name`: whether the room would let this person in under this
 * screen name, asked before the consent step, so that a refused name (or a
 * locked or full room, or a ban) is said while the person is still choosing
 * it, not after they answered the privacy questions. The token route's own
 * checks (`checkScreenName`, `checkRoomOpen`), with nothing stored and
 * nothing claimed: no consent has been given yet. A guest is known only by
 * the receipt their join would name (the page's, or "remember me"'s under
 * this name); without one, everyone in the room counts as someone else. The
 * token route checks again at join: a name free now can be taken by then.
 */
export async function screenNameRoute(kit: Kit, req: KitRequest, ctxIp?: string): Promise<Reply> {
  kit.limiter.hit('screenName', 'perIp', clientIp(kit, req, ctxIp));
  const body = await readJson(req, screenNameCheckSchema);
  // Probing one room for who is in it, from many addresses, is held back too (the widget goes on when refused).
  kit.limiter.hit('screenName', 'perRoom', body.room);
  warmPresence(kit, body.room);
  const policy = await kit.policy(body.room);
  const caller = await authenticate(kit, req, 'screen-name', body.room);
  const invite = body.invite ? await checkedInvite(kit, body.invite, body.room) : undefined;
  if (!caller && !kit.allowGuests) throw refuse.unauthorized();
  // A receipt that no longer stands names nobody: the join would make a new subject.
  const subject = !caller && body.receipt ? await activeConsent(kit, body.receipt, body.room, null).then((r) => r.subject, () => undefined) : undefined;
  const identity = caller?.identity ?? subject;
  if (identity !== undefined) kit.limiter.hit('screenName', 'perIdentity', identity);
  const standing = caller?.role ?? kit.guestRole;
  const role = raisedBy(standing, invite);
  const screenName = caller?.name ?? checkScreenName(body.screenName, role, kit.options.screenNameDenyList);
  await checkRoomOpen(kit, policy, body.room, { identity, role, standing, entitled: role, screenName, chosen: caller?.name === undefined }, false);
  return json({ screenName } satisfies ScreenNameCheckResponse);
}
