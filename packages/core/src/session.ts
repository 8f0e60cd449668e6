// The one place where livekit-client's Room is touched: its events become
// store updates and typed Parlor events. Loaded with a dynamic import only
// when someone joins, so the pre-join screen never pays for livekit-client.
import {
  ConnectionState,
  DisconnectReason as LkReason,
  Room,
  RoomEvent,
  Track,
} from 'livekit-client';
import type { Participant, RemoteTrackPublication, RoomConnectOptions, RoomOptions } from 'livekit-client';
import { createReleasableRoom } from './room-release.js';
import { Attr, RECORDING_CONSENT_REQUIRED, Role } from './protocol/index.js';
import type { Grants } from './protocol/index.js';
import { ChatChannel } from './chat.js';
import type { ChatOptions } from './chat.js';
import { ErrorCode, ParlorError } from './errors.js';
import type { RoomEventMap } from './events.js';
import { mediaError } from './media-errors.js';
import { connectError, mapState, parseMetadata, roleOf, track } from './session-mapping.js';
import type { Store } from './store.js';
import type {
  Capabilities,
  ConnectionQuality,
  ConnectionStatus,
  DisconnectReason,
  ParticipantInfo,
  RoomState,
  VideoSize,
} from './types.js';
import { isLive } from './types.js';
import { CHAT_TOPIC, CONTROL_TOPIC, MAX_CONTROL_BYTES, controlMessageSchema } from './wire.js';
import { readCapped } from './stream-read.js';
import { ReconnectSync } from './reconnect-sync.js';
import type { ControlMessage } from './wire.js';

export interface SessionOptions {
  chat?: ChatOptions;
  /** Passed to livekit-client's Room (tests use `rtcConfig: { iceServers: [] }` via `connectOptions`). */
  roomOptions?: RoomOptions;
  connectOptions?: RoomConnectOptions;
  /** Viewer mode: never publish, never touch the camera or microphone. */
  viewer: boolean;
  /** Called when the connection ends, before any event about it: the owner lets go of the session first. */
  onEnd?: () => void;
  /**
   * The local chat right was taken away while connected. The server kit does
   * that when the person's consent ends (withdrawn, or the data deleted, in
   * another window or by the host) and, at join, when the consent no longer
   * covers the token; a moderator's action keeps chat.
   */
  onChatRevoked?: () => void;
  /** The same person joined in another window and LiveKit ended this connection; called before `disconnected`. */
  onReplaced?: () => void;
}

type Emit = <E extends keyof RoomEventMap>(event: E, ...args: RoomEventMap[E]) => void;

const VIEWER_COUNT_INTERVAL_MS = 2_000;
/**
 * After a reconnect, how long someone who was in the room and is not back yet stays listed: a LiveKit
 * restart drops everyone, and each page comes back on its own retry schedule (livekit-client's waits
 * grow to 7 s), so the first page back would otherwise see an empty room for a moment.
 */
const REJOIN_GRACE_MS = 8_000;
/**
 * Publishing that comes back this soon after the recording mark is cleared is the server kit giving
 * back what the recording took, not a moderator's answer (both come from one call, milliseconds apart).
 */
const GIVEN_BACK_MS = 5_000;

/** The size first (LiveKit would otherwise send the top layer for a moment), then on or off. */
function applySize(publication: RemoteTrackPublication, size: VideoSize | null): void {
  if (size) publication.setVideoDimensions(size);
  publication.setEnabled(size !== null);
}

/** One connection to one LiveKit room. */
export class RoomSession {
  readonly room: Room;
  readonly chat: ChatChannel;
  readonly #store: Store<RoomState>;
  readonly #emit: Emit;
  readonly #options: SessionOptions;
  readonly #hands = new Map<string, boolean>();
  /** Each remote video's last setVideoSize, applied again whenever LiveKit subscribes it. */
  readonly #videoSizes = new Map<string, VideoSize | null>();
  /** Last sync request answered per peer: a peer cannot make us re-send history in a loop. */
  readonly #synced = new Map<string, number>();
  /** Peers whose sync request is being answered now. */
  readonly #answering = new Set<string>();
  /** After a reconnect: asks each peer for what we missed until it answers, then re-sends ours. */
  readonly #catchUp: ReconnectSync;
  #refreshQueued = false;
  /** Who was listed when the connection came back, until each is back or REJOIN_GRACE_MS ends. */
  readonly #awaited = new Set<string>();
  #rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  #leaving = false;
  /**
   * Over (left or lost): its late work — a camera prompt answered after a
   * rejoin, a queued refresh — must not write the store the next connection uses.
   */
  #ended = false;
  #countTimer: ReturnType<typeof setInterval> | undefined;
  /** Set once connected: a failed first connect is join()'s error to report, not a lost connection. */
  #connected = false;
  /** Removes the devicechange listener livekit-client leaves behind for every Room; with it the Room can be collected (room-release.ts). */
  readonly #releaseRoom: () => void;

  constructor(store: Store<RoomState>, emit: Emit, options: SessionOptions) {
    this.#store = store;
    this.#emit = emit;
    this.#options = options;
    // No adaptiveStream: it sizes and pauses each remote video by the elements livekit-client's
    // own attach() was given, and Parlor hands out MediaStreamTracks for the page to show. With
    // no element known, livekit-client turns a video off for good the moment LiveKit says its
    // stream is active again (after a pause for bandwidth): the picture froze.
    const { room, release } = createReleasableRoom(() => new Room({ adaptiveStream: false, dynacast: true, ...options.roomOptions }), Room);
    this.room = room;
    this.#releaseRoom = release;
    this.chat = new ChatChannel(
      {
        room: this.room,
        isConnected: () => this.room.state === ConnectionState.Connected,
        update: (fn) => store.setState((s) => ({ ...s, chat: fn(s.chat) })),
        getLog: () => store.getState().chat,
        nameOf: (identity) => this.room.getParticipantByIdentity(identity)?.name || identity,
        onMessage: (m) => emit('message', m),
        onRejected: (e) => emit('error', e),
      },
      options.chat,
    );
    this.#catchUp = new ReconnectSync({
      send: (message, to) => this.sendControl(message, to),
      // What they re-send may exceed their display burst: let it through.
      asking: (identity, ms) => this.chat.expectCatchUp(identity, ms),
      resendTo: (identities, ms) => this.chat.resendTo(identities, ms),
      // LiveKit counts hidden participants (viewers) in the room's total but never lists them.
      hasHidden: () => this.room.numParticipants > this.room.remoteParticipants.size + 1,
    });
    this.room.registerTextStreamHandler(CONTROL_TOPIC, (reader, from) => {
      // Capped while reading: a 50 MB "control message" is never held.
      void readCapped(reader, MAX_CONTROL_BYTES).then((text) => {
        if (text !== undefined) this.#onControl(text, from.identity);
      });
    });
    this.#wire();
  }

  /**
   * The newest LiveKit token for this connection: the join token, then each
   * one LiveKit sends (at once on joining, then every few minutes). The join
   * token expires after the kit's TTL; moderation calls present this one.
   */
  get token(): string | undefined {
    return this.#token;
  }

  #token: string | undefined;
  #tokenEngine: object | undefined;

  /**
   * Listens for refreshed tokens on the Room's current engine. livekit-client
   * replaces the engine while connecting (a retry in another region, a failed
   * attempt), so this runs again once the signal connection is up and after
   * connect() resolves; a replaced engine's late tokens are ignored.
   */
  #watchToken = (): void => {
    const engine = this.room.engine;
    if (!engine || engine === this.#tokenEngine) return;
    this.#tokenEngine = engine;
    engine.on('tokenRefreshed', (fresh: string) => {
      if (this.room.engine === engine) this.#token = fresh;
    });
    // The server muted one of our tracks (a moderator's mute or close-camera): say so, or the
    // person only sees their camera or microphone go off.
    engine.on('remoteMute', (trackSid: string, muted: boolean) => {
      if (!muted || this.room.engine !== engine) return;
      const pub = this.room.localParticipant.trackPublications.get(trackSid);
      // Already off (the kit mutes every track of the source): nothing changed, nothing to say.
      if (!pub?.track || pub.isMuted) return;
      if (pub.source === Track.Source.Camera) this.#emit('mutedByModerator', 'camera');
      else if (pub.source === Track.Source.Microphone) this.#emit('mutedByModerator', 'microphone');
    });
  };

  async connect(url: string, token: string): Promise<void> {
    this.#token = token;
    this.#watchToken();
    this.room.on(RoomEvent.SignalConnected, this.#watchToken);
    try {
      await this.room.connect(url, token, this.#options.connectOptions);
    } catch (cause) {
      throw connectError(cause);
    }
    this.#watchToken();
    // Those already here: LiveKit announces no ParticipantConnected for them.
    for (const p of this.room.remoteParticipants.values()) this.#catchUp.saw(p.identity);
    this.#connected = true;
    this.#refresh();
    // A recording already running when we join comes in the join answer,
    // while livekit-client is still connecting: it fires no event for it.
    this.#syncRecording();
    // LiveKit updates the room's participant count (hidden viewers included)
    // without an event, so the viewer count is read every few seconds.
    this.#countTimer = setInterval(() => this.#countViewers(), VIEWER_COUNT_INTERVAL_MS);
  }

  async disconnect(): Promise<void> {
    this.#leaving = true;
    this.#ended = true;
    this.#options.onEnd?.();
    clearInterval(this.#countTimer);
    clearTimeout(this.#rejoinTimer);
    this.#catchUp.stop();
    this.chat.failPending();
    // Leaving mid-send would leak a peer connection inside livekit-client (hardening soak).
    await this.chat.settled(1_000);
    try {
      await this.room.disconnect();
    } finally {
      // A Room that never connected fires no Disconnected: let go here too.
      this.#releaseRoom();
      if (!this.#connected) this.#letGo();
    }
  }

  async setSource(source: 'camera' | 'microphone' | 'screen_share', enabled: boolean): Promise<void> {
    // Rights come from LiveKit's current permissions: a viewer a moderator approved may go live.
    if (enabled && !this.room.localParticipant.permissions?.canPublish) {
      throw new ParlorError(ErrorCode.NotAllowed, 'You cannot go on camera in this room yet. Ask to go live.');
    }
    const lp = this.room.localParticipant;
    try {
      if (source === 'camera') await lp.setCameraEnabled(enabled);
      else if (source === 'microphone') await lp.setMicrophoneEnabled(enabled);
      else await lp.setScreenShareEnabled(enabled);
    } catch (cause) {
      throw mediaError(cause);
    } finally {
      this.#refresh();
    }
  }

  async sendControl(message: ControlMessage, to?: string[]): Promise<void> {
    try {
      await this.room.localParticipant.sendText(JSON.stringify(message), {
        topic: CONTROL_TOPIC,
        ...(to ? { destinationIdentities: to } : {}),
      });
    } catch (cause) {
      throw new ParlorError(ErrorCode.Network, 'Could not reach the room. Check your connection and try again.', { cause });
    }
  }

  /**
   * RoomClient.setVideoSize (the size already checked): sizes, or with null stops,
   * one remote video's subscription, and keeps the request for a later subscription
   * of the same track (the size is dropped if the track is not subscribed yet, and
   * a full reconnect starts every subscription afresh).
   */
  setVideoSize(trackSid: string, size: VideoSize | null): boolean {
    for (const p of this.room.remoteParticipants.values()) {
      const publication = p.getTrackPublicationBySid(trackSid);
      if (!publication) continue;
      if (publication.kind !== Track.Kind.Video || !publication.isDesired) return false;
      this.#videoSizes.set(trackSid, size);
      applySize(publication, size);
      return true;
    }
    return false;
  }

  setHand(identity: string, raised: boolean): void {
    this.#hands.set(identity, raised);
    this.#refresh();
  }

  #wire(): void {
    const r = this.room;
    const refresh = () => this.#queueRefresh();
    for (const ev of [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.TrackPublished,
      RoomEvent.TrackUnpublished,
      RoomEvent.TrackMuted,
      RoomEvent.TrackUnmuted,
      RoomEvent.LocalTrackPublished,
      RoomEvent.LocalTrackUnpublished,
      RoomEvent.ActiveSpeakersChanged,
      RoomEvent.ConnectionQualityChanged,
      RoomEvent.ParticipantAttributesChanged,
      RoomEvent.ParticipantNameChanged,
      RoomEvent.ParticipantPermissionsChanged,
      RoomEvent.RoomMetadataChanged,
    ] as const) {
      r.on(ev, refresh);
    }
    r.on(RoomEvent.ConnectionStateChanged, (state) => {
      // Disconnected is reported by #onDisconnected, with its reason.
      if (state !== ConnectionState.Disconnected) this.#setStatus(mapState(state));
    });
    const broken = () => {
      this.chat.markBroken();
      this.#catchUp.stop();
      this.#setStatus('reconnecting');
    };
    const peer = (p: Participant) => ({ identity: p.identity, canAnswer: p.permissions?.canPublishData === true });
    r.on(RoomEvent.SignalReconnecting, broken);
    r.on(RoomEvent.Reconnecting, broken);
    r.on(RoomEvent.Reconnected, () => {
      const outage = this.chat.outageMs;
      this.chat.resendRecent();
      this.#awaited.clear();
      for (const p of this.#store.getState().participants) if (!p.isLocal) this.#awaited.add(p.identity);
      clearTimeout(this.#rejoinTimer);
      this.#rejoinTimer = setTimeout(() => {
        this.#awaited.clear();
        this.#queueRefresh();
      }, REJOIN_GRACE_MS);
      this.#setStatus('connected');
      this.#refresh();
      this.#syncRecording();
      // What peers sent while we were away may never have reached us, nor ours
      // them: catch up with each peer, to it only; the chat de-duplicates by id.
      this.#catchUp.reconnected(outage, [...r.remoteParticipants.values()].map(peer), r.localParticipant.permissions?.canPublishData === true);
    });
    // The peers owed what they miss in a break: everyone seen in the room, until they leave it
    // while we are connected (a full reconnect "disconnects" everyone: they are still owed).
    r.on(RoomEvent.ParticipantConnected, (p) => this.#catchUp.saw(p.identity));
    r.on(RoomEvent.ParticipantDisconnected, (p) =>
      r.state === ConnectionState.Connected ? this.#catchUp.forget(p.identity) : this.#catchUp.peerLeft(p.identity),
    );
    r.on(RoomEvent.ParticipantActive, (p) => {
      if (p.isLocal) return;
      this.#catchUp.peerActive(peer(p));
      // Greet a newcomer only once it is active, so it can receive.
      if (!this.#hands.get(r.localParticipant.identity)) return;
      void this.sendControl({ v: 1, type: 'hand', raised: true }, [p.identity]).catch(() => {});
    });
    // The server kit gives back what a recording took (after agreeing to it, or at its end) with the
    // mark cleared in the same call; LiveKit tells us of the mark first, and of publishing a few
    // milliseconds later, in an update of its own.
    let markClearedAt = -Infinity;
    r.on(RoomEvent.ParticipantAttributesChanged, (changed, p) => {
      const mark = changed[Attr.RecordingConsent];
      if (p.isLocal && mark !== undefined) markClearedAt = mark === RECORDING_CONSENT_REQUIRED ? -Infinity : performance.now();
    });
    // A raised hand asks to go live: it is answered once the person may publish (a moderator let
    // them on), and it cannot stand once they lose data rights (consent withdrawn, no way to lower
    // it). Every page, theirs included, lowers it by itself: nothing needs to be sent.
    r.on(RoomEvent.ParticipantPermissionsChanged, (prev, p) => {
      const now = p.permissions;
      const answered = now?.canPublish === true && prev?.canPublish !== true;
      if ((answered || now?.canPublishData !== true) && this.#hands.get(p.identity)) {
        this.setHand(p.identity, false);
        // Their own raised hand, answered: a moderator let them on (not publishing a recording
        // had taken, given back by the server kit itself).
        const givenBack = performance.now() - markClearedAt < GIVEN_BACK_MS || this.#store.getState().local?.recordingConsentNeeded;
        if (answered && p.isLocal && !givenBack) this.#emit('liveApproved');
      }
      // Whatever came with the mark has come (a revoke clears it too, and leaves publishing off).
      if (p.isLocal) markClearedAt = -Infinity;
      if (p.isLocal && prev?.canPublishData === true && now?.canPublishData !== true) this.#options.onChatRevoked?.();
    });
    r.on(RoomEvent.TrackSubscribed, (_track, publication) => {
      const size = this.#videoSizes.get(publication.trackSid);
      if (size !== undefined) applySize(publication, size);
    });
    r.on(RoomEvent.TrackUnpublished, (publication) => this.#videoSizes.delete(publication.trackSid));
    r.on(RoomEvent.RecordingStatusChanged, () => this.#syncRecording());
    r.on(RoomEvent.RoomMetadataChanged, () => this.#syncRecording());
    r.on(RoomEvent.AudioPlaybackStatusChanged, () =>
      this.#store.setState((s) => ({ ...s, audioBlocked: !r.canPlaybackAudio })),
    );
    r.on(RoomEvent.MediaDevicesError, (e) => this.#emit('error', mediaError(e)));
    r.on(RoomEvent.Disconnected, (reason) => this.#onDisconnected(reason));
  }

  /**
   * State and events follow livekit-client's `isRecording` (LiveKit's own
   * egress) or the server kit's `recording` in room metadata (any recording
   * it knows of, including one the host runs itself).
   */
  #syncRecording(): void {
    const recording = this.room.isRecording || parseMetadata(this.room.metadata).recording === true;
    if (recording === this.#store.getState().recording) return;
    this.#store.setState((s) => ({ ...s, recording }));
    this.#emit(recording ? 'recordingStarted' : 'recordingStopped');
  }

  #setStatus(status: ConnectionStatus): void {
    const previous = this.#store.getState().status;
    if (previous === status || previous === 'disconnected' || previous === 'failed') return;
    this.#store.setState((s) => ({ ...s, status }));
    this.#emit('statusChanged', status, previous);
    if (status === 'connected') void this.chat.flush();
  }

  #onDisconnected(reason: LkReason | undefined): void {
    this.#ended = true;
    this.#options.onEnd?.();
    clearInterval(this.#countTimer);
    clearTimeout(this.#rejoinTimer);
    this.chat.failPending();
    if (!this.#connected) {
      // A first connect that failed or was cancelled: join() reports it
      // ('failed', or 'disconnected' when cancelled); the room was never entered.
      setTimeout(() => this.#letGo(), 0);
      return;
    }
    const removed = this.room.localParticipant.attributes[Attr.Removed];
    let why: DisconnectReason = 'connection_lost';
    if (this.#leaving || reason === LkReason.CLIENT_INITIATED) why = 'left';
    else if (reason === LkReason.PARTICIPANT_REMOVED) why = removed === 'banned' ? 'banned' : 'kicked';
    else if (reason === LkReason.ROOM_DELETED) why = 'room_closed';
    else if (reason === LkReason.DUPLICATE_IDENTITY) why = 'replaced';
    const previous = this.#store.getState().status;
    // Being removed is an error a UI must explain; leaving or a closed room is not.
    const error =
      why === 'kicked'
        ? new ParlorError(ErrorCode.Kicked, 'A moderator removed you from the room.')
        : why === 'banned'
          ? new ParlorError(ErrorCode.Banned, 'A moderator banned you from this room.')
          : why === 'connection_lost'
            ? new ParlorError(ErrorCode.Network, 'The connection to the room was lost.')
            : undefined;
    this.#store.setState((s) => ({ ...s, status: 'disconnected', disconnectReason: why, audioBlocked: false, error }));
    this.#emit('statusChanged', 'disconnected', previous);
    if (why === 'connection_lost' && error) this.#emit('error', error);
    if (why === 'kicked') this.#emit('kicked', undefined);
    if (why === 'banned') this.#emit('banned', undefined);
    if (why === 'replaced') this.#options.onReplaced?.();
    this.#emit('disconnected', why);
    // After the other 'disconnected' listeners have run.
    setTimeout(() => this.#letGo(), 0);
  }

  /**
   * Lets go of the Room: removes the devicechange listener livekit-client
   * leaves behind, so the Room can be collected (room-release.ts), and our
   * listeners and handlers, so that it holds nothing of this client's store
   * or chat history even if something else keeps it. Safe to run more than once.
   */
  #letGo(): void {
    this.#catchUp.stop();
    this.#releaseRoom();
    this.room.removeAllListeners();
    this.room.unregisterTextStreamHandler(CHAT_TOPIC);
    this.room.unregisterTextStreamHandler(CONTROL_TOPIC);
  }

  #onControl(text: string, from: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = controlMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'sync') {
      const last = this.#synced.get(from) ?? 0;
      // At most one answer per peer every 2 s, and never two at once.
      if (Date.now() - last < 2_000 || this.#answering.has(from)) return;
      this.#synced.set(from, Date.now());
      this.#answering.add(from);
      // The answer goes right after the re-sends were handed to LiveKit, on the same way.
      void this.chat
        .resendTo([from], msg.ms)
        .then(() => this.sendControl({ v: 1, type: 'synced' }, [from]))
        .catch(() => {})
        .finally(() => this.#answering.delete(from));
      return;
    }
    if (msg.type === 'synced') {
      this.#catchUp.answered(from);
      return;
    }
    if (msg.type === 'hand') {
      // Said when a hand goes up, not again when it is sent anew (to a peer that became active).
      const up = msg.raised && !this.#hands.get(from);
      this.setHand(from, msg.raised);
      const p = this.#store.getState().participants.find((x) => x.identity === from);
      if (up && p) this.#emit('handRaised', p);
      return;
    }
    // Rights come from the sender's token (role attribute set by the server kit), never from the payload.
    const sender = this.room.getParticipantByIdentity(from);
    const senderRole = sender ? roleOf(sender) : 'viewer';
    const moderates = senderRole === Role.Owner || senderRole === Role.Moderator;
    const target = this.chat.get(msg.id);
    if (!target) {
      // The message may still come (a re-send after an outage): it will arrive deleted.
      this.chat.rememberDeleted(msg.id, from, moderates);
      return;
    }
    const allowed = target.from.identity === from || moderates;
    if (allowed && this.chat.markDeleted(msg.id)) this.#emit('messageDeleted', msg.id);
  }

  /**
   * Hidden people (viewers): LiveKit's count of everyone minus those listed.
   * A viewer counts themselves at once; LiveKit's count follows their own
   * arrival seconds later (it sends the count in batched updates).
   */
  #viewerCount(listed: number): number {
    const self = (this.room.localParticipant.permissions?.hidden ?? this.#options.viewer) ? 1 : 0;
    return Math.max(self, this.room.numParticipants - listed);
  }

  #countViewers(): void {
    if (this.#ended) return;
    const viewerCount = this.#viewerCount(this.#store.getState().participants.length - this.#awaited.size);
    if (viewerCount !== this.#store.getState().viewerCount) this.#store.setState((s) => ({ ...s, viewerCount }));
  }

  #queueRefresh(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.#refresh();
    });
  }

  #refresh(): void {
    if (this.#ended) return;
    const r = this.room;
    const state = this.#store.getState();
    // A full reconnect makes livekit-client drop and re-add every remote
    // participant; keep the last list until it is back so nobody flashes out.
    const frozen = state.status === 'reconnecting';
    const participants = frozen
      ? state.participants.map((p) => (p.isLocal ? this.#info(r.localParticipant) : p))
      : [r.localParticipant, ...r.remoteParticipants.values()].map((p) => this.#info(p));
    let waiting = 0;
    if (!frozen) {
      // Not back yet after the reconnect: still listed, as lost (their media went with the old
      // connection). Someone back, then gone again, has left.
      for (const p of participants) this.#awaited.delete(p.identity);
      for (const p of state.participants) {
        if (!this.#awaited.has(p.identity)) continue;
        participants.push({ ...p, isSpeaking: false, connectionQuality: 'lost', camera: undefined, microphone: undefined, screen: undefined });
        waiting++;
      }
    }
    // A hidden local participant (a viewer) is counted, not listed, as others see it.
    const hidden = r.localParticipant.permissions?.hidden ?? this.#options.viewer;
    const visible = participants.filter((p) => !(p.isLocal && hidden));
    if (!frozen) {
      // Forget raised hands of people who left (not on a reconnect, when everyone seems gone for a moment,
      // nor while they are still listed after it).
      const listed = new Set(participants.map((p) => p.identity));
      for (const id of this.#hands.keys()) {
        if (id !== r.localParticipant.identity && !listed.has(id)) this.#hands.delete(id);
      }
    }
    const lp = r.localParticipant;
    const perms = lp.permissions;
    const grants: Grants = {
      canPublish: perms?.canPublish ?? false,
      canSubscribe: perms?.canSubscribe ?? false,
      canPublishData: perms?.canPublishData ?? false,
      canModerate: false,
      hidden: perms?.hidden ?? false,
    };
    const role = roleOf(lp);
    grants.canModerate = role === Role.Owner || role === Role.Moderator;
    const can: Capabilities = {
      publish: grants.canPublish,
      chat: grants.canPublishData,
      moderate: grants.canModerate,
      subscribe: grants.canSubscribe,
    };
    const local = state.local && {
      ...state.local,
      role,
      grants,
      can,
      camera: lp.isCameraEnabled,
      microphone: lp.isMicrophoneEnabled,
      screen: lp.isScreenShareEnabled,
      handRaised: this.#hands.get(lp.identity) ?? false,
      recordingConsentNeeded: lp.attributes[Attr.RecordingConsent] === RECORDING_CONSENT_REQUIRED,
    };
    const roomMetadata = parseMetadata(r.metadata);
    // Those not back yet are not in LiveKit's count either.
    const viewerCount = this.#viewerCount(visible.length - waiting);
    this.#store.setState((s) => ({ ...s, participants: visible, local, roomMetadata, viewerCount }));
    if (!frozen) this.#diff(state.participants, visible);
  }

  #diff(before: readonly ParticipantInfo[], after: readonly ParticipantInfo[]): void {
    const old = new Map(before.map((p) => [p.identity, p]));
    const now = new Map(after.map((p) => [p.identity, p]));
    for (const [id, p] of now) {
      const was = old.get(id);
      if (!was && !p.isLocal) this.#emit('participantJoined', p);
      // Turning the camera off mutes the published track rather than removing it: muted counts as off.
      const live = isLive(p.camera);
      if (live !== isLive(was?.camera)) this.#emit(live ? 'broadcastStarted' : 'broadcastStopped', p);
    }
    for (const [id, p] of old) if (!now.has(id) && !p.isLocal) this.#emit('participantLeft', p);
  }

  #info(p: Participant): ParticipantInfo {
    const microphone = track(p.getTrackPublication(Track.Source.Microphone));
    return {
      identity: p.identity,
      name: p.name || p.identity,
      role: roleOf(p),
      isLocal: p.isLocal,
      // LiveKit's speaker list is not updated when the server takes someone's microphone away
      // (a recording holding them back): no one is shown speaking without a live microphone.
      isSpeaking: p.isSpeaking && isLive(microphone),
      connectionQuality: p.connectionQuality as ConnectionQuality,
      handRaised: this.#hands.get(p.identity) ?? false,
      canPublish: p.permissions?.canPublish === true,
      camera: track(p.getTrackPublication(Track.Source.Camera)),
      microphone,
      screen: track(p.getTrackPublication(Track.Source.ScreenShare)),
    };
  }
}
