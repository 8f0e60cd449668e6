import type { ParticipantInfo } from 'livekit-server-sdk';
import { Attr } from '@parlor/core/protocol';
import type { Kit } from './kit.js';
import { livekitCall } from './livekit.js';

/** How long LiveKit's answer to "who is in the room" stands for further token requests. */
export const LIST_MAX_AGE_MS = 1_000;
/** How long someone this kit gave a token counts as arriving, at most, unless LiveKit lists them first (a join takes a few seconds). */
export const ARRIVAL_MS = 15_000;
/**
 * Someone a lookup made this long after their token does not list has not
 * come (a join reaches LiveKit within a second or two of its token) or came
 * and left between lookups: no longer arriving, so a reload that comes back
 * as someone new finds their name free again.
 */
export const CONNECT_GRACE_MS = 5_000;

/** Someone in a room, or on their way in, as far as the token route needs to know. */
export interface Present {
  readonly identity: string;
  readonly name: string;
  /** Hidden (a viewer): shown to no one, takes no seat. */
  readonly hidden: boolean;
  /** The `parlor.role` attribute this kit put in their token, if any. */
  readonly role: string | undefined;
}

/** LiveKit's answer for a room, and when it was asked. */
export interface Listing {
  readonly at: number;
  readonly people: readonly Present[];
}

const fromLivekit = (p: ParticipantInfo): Present => ({
  identity: p.identity,
  name: p.name,
  hidden: p.permission?.hidden === true,
  role: p.attributes?.[Attr.Role],
});

/**
 * Who is in a room for the token route's checks (a free screen name, the
 * participant limit): LiveKit's list, asked at most once a second per room
 * (requests arriving meanwhile share the answer), plus everyone this kit
 * gave a token in the last 15 s whom LiveKit has not listed since (and not
 * left out of a list asked 5 s or more after their token). A check
 * and the arrival it lets in are one step ({@link RoomPresence.claim}), so
 * two requests for one name or the last seat at the same moment cannot both
 * pass. LiveKit's webhooks, when the kit receives them, end an arrival and
 * the shared list at once ({@link RoomPresence.forget}). Per process: kits in
 * several processes each know only their own arrivals.
 */
export class RoomPresence {
  readonly #list: (room: string) => Promise<ParticipantInfo[]>;
  readonly #now: () => number;
  readonly #lists = new Map<string, { at: number; listing: Promise<Listing> }>();
  readonly #arrivals = new Map<string, Map<string, Present & { at: number }>>();
  #swept = 0;

  constructor(list: (room: string) => Promise<ParticipantInfo[]>, now: () => number = Date.now) {
    this.#list = list;
    this.#now = now;
  }

  /**
   * LiveKit's list of `room`: shared with every request for the room in the
   * same second. A failed lookup rejects (and is not kept).
   */
  lookup(room: string): Promise<Listing> {
    const entry = this.#lists.get(room);
    if (entry && this.#now() - entry.at <= LIST_MAX_AGE_MS) return entry.listing;
    const at = this.#now();
    // Lookups of rooms never seen again (any room name can be asked for) are let go here too.
    this.#sweep(at);
    const listing = this.#list(room).then((list) => ({ at, people: list.map(fromLivekit) }));
    const mine = { at, listing };
    this.#lists.set(room, mine);
    listing.catch(() => this.#lists.get(room) === mine && this.#lists.delete(room));
    return listing;
  }

  /**
   * Runs `check` on everyone in `room` per `listing` (from {@link lookup}) or
   * arriving; it throws to refuse. When it passes, `who` is recorded as
   * arriving in the same step (call it with no await between the lookup's
   * answer and this), so two requests for one name or the last seat at the
   * same moment cannot both pass.
   */
  claim(room: string, listing: Listing, who: Present | undefined, check: (present: Present[]) => void): void {
    const now = this.#now();
    const arrivals = this.#arrivals.get(room);
    // Listed by a lookup made after their token: arrived, and LiveKit's list now says whether they
    // are still there (someone who leaves frees their name within a second). Not listed by a lookup
    // made long enough after their token: not coming, or already gone.
    if (arrivals) {
      const listed = new Set(listing.people.map((p) => p.identity));
      for (const [identity, p] of arrivals) {
        if (listed.has(identity) ? p.at < listing.at : listing.at - p.at >= CONNECT_GRACE_MS) arrivals.delete(identity);
      }
    }
    check([...listing.people, ...this.#arriving(room, now)]);
    if (who) this.arrived(room, who);
  }

  /** Everyone in `room` or arriving (an identity both listed and arriving under a new name is there twice). */
  async inRoom(room: string): Promise<Present[]> {
    const listing = await this.lookup(room);
    let present: Present[] = [];
    this.claim(room, listing, undefined, (p) => (present = p));
    return present;
  }

  /** How many rooms' lists and arrivals are held (for tests: what is kept stays bounded). */
  get held(): number {
    return this.#lists.size + this.#arrivals.size;
  }

  /** Records that `who` was just given a token for `room` (hidden viewers count for nothing, and are not kept). */
  arrived(room: string, who: Present): void {
    if (who.hidden) return;
    const now = this.#now();
    let people = this.#arrivals.get(room);
    if (!people) this.#arrivals.set(room, (people = new Map()));
    people.set(who.identity, { ...who, at: now });
    this.#sweep(now);
  }

  /** LiveKit says `identity` joined or left `room`: no longer an arrival, and the shared list is out of date. */
  forget(room: string, identity: string): void {
    this.#lists.delete(room);
    const people = this.#arrivals.get(room);
    people?.delete(identity);
    if (people?.size === 0) this.#arrivals.delete(room);
  }

  /** Now and then, forget rooms nobody asked about since (no timers: a kit may live in a short-lived worker). */
  #sweep(now: number): void {
    if (now - this.#swept <= ARRIVAL_MS) return;
    this.#swept = now;
    for (const r of this.#arrivals.keys()) [...this.#arriving(r, now)];
    for (const [r, entry] of this.#lists) if (now - entry.at > LIST_MAX_AGE_MS) this.#lists.delete(r);
  }

  /** The room's recent arrivals; older ones are forgotten on the way. */
  *#arriving(room: string, now: number): Generator<Present> {
    const people = this.#arrivals.get(room);
    if (!people) return;
    for (const [identity, p] of people) {
      if (now - p.at > ARRIVAL_MS) people.delete(identity);
      else yield p;
    }
    if (people.size === 0) this.#arrivals.delete(room);
  }
}

const presences = new WeakMap<Kit, RoomPresence>();

/** The kit's view of who is in each room (LiveKit's list, briefly shared, and its own recent arrivals). */
export function presenceOf(kit: Kit): RoomPresence {
  let presence = presences.get(kit);
  if (!presence) {
    presence = new RoomPresence((room) => livekitCall(() => kit.rooms.listParticipants(room)).then((people) => people ?? []));
    presences.set(kit, presence);
  }
  return presence;
}
