// The recording state against real LiveKit. No egress service runs here, so
// for LiveKit's own recordings the one thing LiveKit would say itself — "this
// room is being recorded", the `activeRecording` field of the room info in the
// join answer and in later room updates — is set on the room info as
// livekit-client stores it. A recording the host runs itself goes through the
// real server kit (`setRecording`) and LiveKit room metadata. Everything else
// (server kit, token, connect, livekit-client's handling of the room info) is
// real.
import { expect } from '@esm-bundle/chai';
import { Room } from 'livekit-client';
import type { RoomClient } from './client.js';
import type { RoomEventName } from './events.js';
import { joined, uniqueRoom, until } from './test/helpers.js';

type Info = { activeRecording: boolean } & Record<string, unknown>;

describe('recording state (real LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  const infos = new WeakMap<object, Info | undefined>();
  /** While true, every room info LiveKit sends says a recording is running. */
  let recordingRunning = false;

  before(() => {
    // livekit-client assigns `this.roomInfo = room` for the join answer and every update.
    expect(Object.getOwnPropertyDescriptor(Room.prototype, 'roomInfo')).to.equal(undefined);
    Object.defineProperty(Room.prototype, 'roomInfo', {
      configurable: true,
      get(this: object) {
        return infos.get(this);
      },
      set(this: object, info: Info | undefined) {
        if (info && recordingRunning) info.activeRecording = true;
        infos.set(this, info);
      },
    });
  });
  after(() => {
    delete (Room.prototype as unknown as Record<string, unknown>).roomInfo;
  });
  afterEach(async () => {
    recordingRunning = false;
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  function recorder(client: RoomClient): RoomEventName[] {
    const seen: RoomEventName[] = [];
    client.on('recordingStarted', () => seen.push('recordingStarted'));
    client.on('recordingStopped', () => seen.push('recordingStopped'));
    return seen;
  }

  it('someone joining a room already being recorded is told at once', async () => {
    const room = uniqueRoom();
    recordingRunning = true;
    const late = await joined(room, 'Latecomer');
    clients.push(late);
    // The join answer carried the recording: no room update follows it.
    expect(late.livekitRoom?.isRecording).to.equal(true);
    expect(late.getState().recording).to.equal(true);
  });

  it("shows a recording the host runs itself (not LiveKit's egress), to those present and to latecomers", async () => {
    const room = uniqueRoom();
    const early = await joined(room, 'Early');
    clients.push(early);
    const seen = recorder(early);
    const host = (on: boolean) => fetch(`/test/recording?room=${room}&on=${on ? 1 : 0}`, { method: 'POST' }).then((r) => expect(r.status).to.equal(200));
    await host(true);
    await until(early, (s) => s.recording, 10_000, 'recording shown to someone present');
    expect(early.livekitRoom?.isRecording, 'LiveKit itself knows nothing of it').to.equal(false);
    const late = await joined(room, 'Late');
    clients.push(late);
    expect(late.getState().recording, 'recording shown to a latecomer at once').to.equal(true);
    await host(false);
    await until(early, (s) => !s.recording, 10_000, 'recording over');
    await until(late, (s) => !s.recording, 10_000, 'recording over for the latecomer');
    expect(seen).to.deep.equal(['recordingStarted', 'recordingStopped']);
  });

  it('says whom a recording holds back (recordingConsentNeeded): set with publishing taken, cleared when agreeing gives it back; a latecomer without recording consent joins held back', async () => {
    const room = uniqueRoom();
    const early = await joined(room, 'Held');
    const agreed = await joined(room, 'Agreed', {}, { purposes: { recording: true } });
    clients.push(early, agreed);
    expect(early.getState().local?.recordingConsentNeeded).to.equal(false);
    const host = (on: boolean) => fetch(`/test/recording?room=${room}&on=${on ? 1 : 0}`, { method: 'POST' }).then((r) => expect(r.status).to.equal(200));
    let late: RoomClient | undefined;
    const approvals: string[] = [];
    await host(true);
    try {
      await until(early, (s) => s.local?.can.publish === false && s.local.recordingConsentNeeded, 10_000, 'held back and marked');
      await until(agreed, (s) => s.recording, 10_000, 'the recording shown to the one who agreed');
      expect(agreed.getState().local?.can.publish, 'who agreed keeps publishing').to.equal(true);
      expect(agreed.getState().local?.recordingConsentNeeded).to.equal(false);
      late = await joined(room, 'Latecomer');
      clients.push(late);
      await until(late, (s) => s.local?.recordingConsentNeeded === true, 10_000, 'a latecomer held back');
      expect(late.getState().local?.can.publish).to.equal(false);
      // Both ask to go live while held back. Publishing given back for the recording (agreeing to
      // it, or its end) lowers their hands, but no moderator let them on: liveApproved is not theirs.
      await early.raiseHand(true);
      await late.raiseHand(true);
      for (const c of [early, late]) c.on('liveApproved', () => approvals.push(c.getState().local!.screenName));
      await early.changeConsent({ recording: true });
      await until(early, (s) => s.local?.can.publish === true && !s.local.recordingConsentNeeded, 10_000, 'publishing back, the mark cleared');
      await until(early, (s) => s.local?.handRaised === false, 5_000, 'the hand down once publishing is back');
    } finally {
      await host(false);
    }
    await until(late!, (s) => s.local?.can.publish === true && !s.local.recordingConsentNeeded, 10_000, 'the recording over: the latecomer publishes');
    await until(late!, (s) => s.local?.handRaised === false, 5_000, 'the latecomer’s hand down');
    expect(approvals, 'no "a moderator let you go live" for publishing a recording gave back').to.deep.equal([]);
  });

  it('someone whose microphone a recording takes away is no longer shown speaking', async () => {
    const room = uniqueRoom();
    const watcher = await joined(room, 'Watcher', {}, { purposes: { recording: true } });
    const talker = await joined(room, 'Talker');
    clients.push(watcher, talker);
    await talker.setMicrophone(true);
    const speaking = (s: ReturnType<RoomClient['getState']>) => s.participants.find((p) => p.name === 'Talker')?.isSpeaking === true;
    await until(watcher, (s) => s.participants.some((p) => p.name === 'Talker' && p.microphone !== undefined), 15_000, 'the microphone published');
    // LiveKit says Talker is speaking, as its signal does for a voice (Chromium's fake microphone
    // beeps, which LiveKit counts as speaking only now and then under load): livekit-client keeps
    // that until LiveKit says otherwise, which it does not when it takes the microphone away.
    const sid = watcher.livekitRoom!.getParticipantByIdentity(talker.getState().local!.identity)!.sid;
    const engine = (watcher.livekitRoom as unknown as { engine: { emit(event: string, speakers: unknown[]): void } }).engine;
    engine.emit('speakersChanged', [{ sid, level: 0.8, active: true }]);
    await until(watcher, speaking, 5_000, 'Talker shown speaking');
    const host = (on: boolean) => fetch(`/test/recording?room=${room}&on=${on ? 1 : 0}`, { method: 'POST' }).then((r) => expect(r.status).to.equal(200));
    await host(true);
    try {
      await until(talker, (s) => s.local?.can.publish === false, 10_000, 'the microphone taken');
      await until(watcher, (s) => !speaking(s) && s.participants.find((p) => p.name === 'Talker')?.microphone === undefined, 10_000, 'not shown speaking');
      // And it stays so: nothing brings the old speaking state back.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(speaking(watcher.getState())).to.equal(false);
    } finally {
      await host(false);
    }
  });

  it('follows LiveKit when a recording starts and stops, and a new session starts clean', async () => {
    const room = uniqueRoom();
    const c = await joined(room, 'Marigold');
    clients.push(c);
    const seen = recorder(c);
    expect(c.getState().recording).to.equal(false);
    const lk = c.livekitRoom!;
    const engine = (lk as unknown as { engine: { emit(event: string, info: Info): void } }).engine;
    const info = infos.get(lk)!;
    engine.emit('roomUpdate', { ...info, activeRecording: true });
    await until(c, (s) => s.recording, 5_000, 'recording');
    engine.emit('roomUpdate', { ...info, activeRecording: false });
    await until(c, (s) => !s.recording, 5_000, 'not recording');
    expect(seen).to.deep.equal(['recordingStarted', 'recordingStopped']);
    // Leave while recording, come back to a room that no longer is.
    engine.emit('roomUpdate', { ...info, activeRecording: true });
    await until(c, (s) => s.recording, 5_000, 'recording again');
    await c.leave();
    c.reset();
    await c.join({ screenName: 'Marigold' });
    expect(c.getState().recording).to.equal(false);
    // The new session started from "not recording": no stray recordingStopped for the old one.
    expect(seen).to.deep.equal(['recordingStarted', 'recordingStopped', 'recordingStarted']);
  });
});
