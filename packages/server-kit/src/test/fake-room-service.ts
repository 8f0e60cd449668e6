import {
  ParticipantInfo,
  ParticipantPermission,
  Room,
  ServerError,
  TrackInfo,
  TrackSource,
  type RemoveParticipantOptions,
  type UpdateParticipantOptions,
} from 'livekit-server-sdk';
import type { RoomService } from '../livekit.js';

/** One call made to the fake, for assertions. */
export interface Call {
  method: string;
  args: unknown[];
}

const notFound = () => new ServerError('not_found', 'not found', 404, 'not_found');

/**
 * An in-memory stand-in for LiveKit's room service: participants with
 * permissions and tracks, and a log of calls. Used where a real server is
 * not the point of the test (the integration tests use the real one).
 */
export class FakeRoomService implements RoomService {
  calls: Call[] = [];
  rooms = new Map<string, { metadata: string; people: Map<string, ParticipantInfo> }>();
  /** Set to make every call fail as if LiveKit were down. */
  down = false;

  add(
    room: string,
    identity: string,
    opts: { role?: string; hidden?: boolean; tracks?: TrackSource[]; canPublish?: boolean; kind?: number; name?: string; joinedAt?: number } = {},
  ): ParticipantInfo {
    const r = this.rooms.get(room) ?? { metadata: '', people: new Map() };
    this.rooms.set(room, r);
    const p = new ParticipantInfo({
      identity,
      name: opts.name ?? identity,
      joinedAt: BigInt(opts.joinedAt ?? 0),
      sid: `PA_${identity}`,
      attributes: opts.role ? { 'parlor.role': opts.role } : {},
      kind: opts.kind ?? 0,
      permission: new ParticipantPermission({ canPublish: opts.canPublish ?? true, canSubscribe: true, canPublishData: true, hidden: opts.hidden ?? false }),
      tracks: (opts.tracks ?? []).map((source, i) => new TrackInfo({ sid: `TR_${identity}_${i}`, source, muted: false })),
    });
    r.people.set(identity, p);
    return p;
  }

  private log(method: string, ...args: unknown[]): void {
    if (this.down) throw new TypeError('fetch failed');
    this.calls.push({ method, args });
  }
  private person(room: string, identity: string): ParticipantInfo {
    const p = this.rooms.get(room)?.people.get(identity);
    if (!p) throw notFound();
    return p;
  }

  async listRooms(names?: string[]): Promise<Room[]> {
    this.log('listRooms', names);
    return [...this.rooms.entries()]
      .filter(([n]) => !names || names.includes(n))
      .map(([name, r]) => new Room({ name, metadata: r.metadata }));
  }
  async updateRoomMetadata(room: string, metadata: string): Promise<Room> {
    this.log('updateRoomMetadata', room, metadata);
    const r = this.rooms.get(room);
    if (!r) throw notFound();
    r.metadata = metadata;
    return new Room({ name: room, metadata });
  }
  async listParticipants(room: string): Promise<ParticipantInfo[]> {
    this.log('listParticipants', room);
    return [...(this.rooms.get(room)?.people.values() ?? [])];
  }
  async getParticipant(room: string, identity: string): Promise<ParticipantInfo> {
    this.log('getParticipant', room, identity);
    return this.person(room, identity);
  }
  async removeParticipant(room: string, identity: string, _o?: RemoveParticipantOptions): Promise<void> {
    this.log('removeParticipant', room, identity);
    this.person(room, identity);
    this.rooms.get(room)?.people.delete(identity);
  }
  async updateParticipant(room: string, identity: string, o: UpdateParticipantOptions): Promise<ParticipantInfo> {
    this.log('updateParticipant', room, identity, o);
    const p = this.person(room, identity);
    if (o.permission) p.permission = new ParticipantPermission(o.permission);
    if (o.name !== undefined) p.name = o.name;
    // LiveKit merges attributes; an empty value removes the key.
    for (const [k, v] of Object.entries(o.attributes ?? {})) {
      if (v === '') delete p.attributes[k];
      else p.attributes[k] = v;
    }
    return p;
  }
  async mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): Promise<TrackInfo> {
    this.log('mutePublishedTrack', room, identity, trackSid, muted);
    const t = this.person(room, identity).tracks.find((x) => x.sid === trackSid);
    if (!t) throw notFound();
    t.muted = muted;
    return t;
  }
}
