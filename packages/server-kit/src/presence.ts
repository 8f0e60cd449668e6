import type { ParticipantInfo } from 'livekit-server-sdk';
import { Attr } from '@parlor/core/protocol';

/** How long LiveKit's answer to "who is in the room" stands for further token requests. */
export const LIST_MAX_AGE_MS = 1_000;
/** How long someone this kit gave a token counts as arriving (the time a join takes, with room to spare). */
export const ARRIVAL_MS = 30_000;

/** Someone in a room, or on their way in, as far as the token route needs to know. */
export interface Present {
  readonly identity: string;
  readonly name: string;
  /** Hidden (a viewer): shown to no one, takes no seat. */
  readonly hidden: boolean;
  /** The `parlor.role` attribute this kit put in their token, if any. */
  readonly role: string | undefined;
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
 * gave a token to in the last 30 s and LiveKit has not listed yet.
 * The second closes the gap the first opens, and the gap two people asking
 * for the same name at once would have anyway. Per process: kits in several
 * processes each know only their own arrivals.
 */
export class RoomPresence {
  readonly #list: (room: string) => Promise<ParticipantInfo[]>;
  readonly #now: () => number;
  readonly #lists = new Map<string, { at: number; people: Promise<Present[]> }>();
  readonly #arrivals = new Map<string, Map<string, Present & { at: number }>>();
  #swept = 0;

  constructor(list: (room: string) => Promise<ParticipantInfo[]>, now: () => number = Date.now) {
    this.#list = list;
    this.#now = now;
  }

  /** Everyone in `room` or arriving, one entry per identity. A failed lookup rejects (and is not kept). */
  async inRoom(room: string): Promise<Present[]> {
    const now = this.#now();
    let entry = this.#lists.get(room);
    if (!entry || now - entry.at > LIST_MAX_AGE_MS) {
      const people = this.#list(room).then((list) => list.map(fromLivekit));
      entry = { at: now, people };
      this.#lists.set(room, entry);
      const mine = entry;
      people.catch(() => this.#lists.get(room) === mine && this.#lists.delete(room));
    }
    const listed = await entry.people;
    const seen = new Set(listed.map((p) => p.identity));
    // Listed by LiveKit: arrived, and from now on LiveKit's list says whether they are still there
    // (someone who leaves frees their name within a second, not 30).
    const arrivals = this.#arrivals.get(room);
    if (arrivals) for (const identity of seen) arrivals.delete(identity);
    return [...listed, ...this.#arriving(room, now)];
  }

  /** Records that `who` was just given a token for `room`. */
  arrived(room: string, who: Present): void {
    const now = this.#now();
    let people = this.#arrivals.get(room);
    if (!people) this.#arrivals.set(room, (people = new Map()));
    people.set(who.identity, { ...who, at: now });
    // Now and then, forget rooms nobody asked about since (no timers: a kit may live in a short-lived worker).
    if (now - this.#swept > ARRIVAL_MS) {
      this.#swept = now;
      for (const r of this.#arrivals.keys()) [...this.#arriving(r, now)];
      for (const [r, entry] of this.#lists) if (now - entry.at > LIST_MAX_AGE_MS) this.#lists.delete(r);
    }
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
