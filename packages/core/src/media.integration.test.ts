// Media and roles against the real server kit and LiveKit, with Chromium's
// fake camera and microphone: preview, devices, publishing, going live.
import { expect } from '@esm-bundle/chai';
import { RoomEvent, Track } from 'livekit-client';
import type { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import { createPreview } from './preview.js';
import { codeOf, eventually, joined, sleep, uniqueRoom, until } from './test/helpers.js';


/** Frames a video presents in the next `ms`. */
async function framesIn(video: HTMLVideoElement, ms: number): Promise<number> {
  let frames = 0;
  let counting = true;
  const onFrame = () => {
    frames++;
    if (counting) video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  await sleep(ms);
  counting = false;
  return frames;
}

describe('local preview before joining', () => {
  it('opens the camera as a plain MediaStream and stop() releases it', async () => {
    const preview = await createPreview({ camera: true });
    const [track] = preview.stream.getVideoTracks();
    expect(track?.readyState).to.equal('live');
    expect(preview.stream.getAudioTracks()).to.have.length(0);
    preview.stop();
    expect(track?.readyState).to.equal('ended');
  });

  const refusals = [
    { browser: 'NotAllowedError', code: 'camera_denied' },
    { browser: 'SecurityError', code: 'camera_denied' },
    { browser: 'NotFoundError', code: 'no_device' },
    { browser: 'NotReadableError', code: 'no_device' },
    { browser: 'OverconstrainedError', code: 'no_device' },
  ];
  for (const r of refusals) {
    it(`maps the browser's ${r.browser} to ${r.code}`, async () => {
      const real = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', r.browser));
      try {
        expect(await codeOf(createPreview({ camera: true, microphone: true }))).to.equal(r.code);
      } finally {
        navigator.mediaDevices.getUserMedia = real;
      }
    });
  }
});

describe('media and roles in the room (real LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  it('leaving while the camera is still opening leaves no camera running and nothing published', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a, b);
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const opened: MediaStream[] = [];
    let answer!: () => void;
    const prompt = new Promise<void>((resolve) => (answer = resolve));
    // A permission prompt the person answers only after they left.
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await real(constraints);
      opened.push(stream);
      await prompt;
      return stream;
    };
    try {
      const camera = a.setCamera(true).catch(() => {});
      await eventually(() => opened.length > 0, 10_000, 'the camera opening');
      await a.leave();
      answer();
      await camera;
      await sleep(1_500);
      const live = opened.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live');
      expect(live.length, 'camera tracks still running').to.equal(0);
      expect(b.getState().participants.some((p) => p.name === 'Amber' && p.camera)).to.equal(false);
    } finally {
      navigator.mediaDevices.getUserMedia = real;
    }
  });

  it('publishes camera and microphone, lists and switches devices, and shows them to others', async () => {
    const room = uniqueRoom();
    const a = await joined(room, 'Amber');
    const b = await joined(room, 'Basil');
    clients.push(a, b);
    const broadcast: string[] = [];
    b.on('broadcastStarted', (p) => broadcast.push(`started ${p.name}`));
    b.on('broadcastStopped', (p) => broadcast.push(`stopped ${p.name}`));
    await a.setCamera(true);
    await a.setMicrophone(true);
    expect(a.getState().local).to.include({ camera: true, microphone: true });
    const seen = await until(b, (s) => s.participants.some((p) => p.name === 'Amber' && p.camera?.mediaStreamTrack && p.microphone), 20_000, 'A’s tracks at B');
    const amber = seen.participants.find((p) => p.name === 'Amber')!;
    expect(['excellent', 'good', 'poor', 'lost', 'unknown']).to.include(amber.connectionQuality);
    expect(amber.isSpeaking).to.be.a('boolean');
    expect(broadcast).to.deep.equal(['started Amber']);

    const devices = await a.listDevices();
    expect(devices.videoinput.length).to.be.greaterThan(0);
    expect(devices.videoinput[0]?.label, 'labels after permission').to.not.equal('');
    const cam = devices.videoinput.at(-1)!.deviceId;
    await a.switchDevice('videoinput', cam);
    expect(a.activeDevice('videoinput')).to.equal(cam);
    expect(await codeOf(a.switchDevice('videoinput', 'no-such-camera'))).to.equal('no_device');

    await a.setCamera(false);
    // Off means muted (the track stays published for a quick turn back on).
    await until(b, (s) => s.participants.find((p) => p.name === 'Amber')?.camera?.muted !== false, 15_000, 'camera off at B');
    expect(broadcast).to.deep.equal(['started Amber', 'stopped Amber']);
  });

  it('asks to go live: hand raised, a moderator approves, and the person can then publish', async () => {
    const room = uniqueRoom();
    // Joined without broadcast consent: may chat, may not publish.
    const a = await joined(room, 'Amber', {}, { purposes: { broadcast: false } });
    const inviteRes = await fetch(`/test/invite?room=${room}&role=moderator`);
    const { invite } = (await inviteRes.json()) as { invite: string };
    const m = await joined(room, 'Marigold', { invite });
    clients.push(a, m);
    expect(m.getState().local?.role).to.equal('moderator');
    expect(m.getState().local?.can.moderate).to.equal(true);
    expect(a.getState().local?.can).to.include({ publish: false, chat: true, moderate: false });
    expect(await codeOf(a.setCamera(true))).to.equal('not_allowed');
    expect(await codeOf(a.kick(m.getState().local!.identity))).to.equal('not_allowed');

    await until(m, (s) => s.participants.some((p) => p.name === 'Amber'), 15_000, 'M sees A');
    const hands: string[] = [];
    m.on('handRaised', (p) => hands.push(p.name));
    // Going live needs broadcast consent first; changing an answer replaces the receipt.
    await a.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } });
    await a.raiseHand();
    expect(a.getState().local?.handRaised).to.equal(true);
    await eventually(() => hands.includes('Amber'), 10_000, 'moderator sees the raised hand');
    expect(m.getState().participants.find((p) => p.name === 'Amber')?.handRaised).to.equal(true);

    await m.approveLive(a.getState().local!.identity);
    await until(a, (s) => s.local?.can.publish === true, 15_000, 'publish granted by LiveKit');
    await a.setCamera(true);
    await until(m, (s) => !!s.participants.find((p) => p.name === 'Amber')?.camera, 15_000, 'A live at M');
  });

  // livekit-client's defaults: a 1280 × 720 camera, simulcast with 320 × 180 and 640 × 360 layers.
  // A loaded publisher may scale a layer down, so each is told by its range of widths.
  const layer = (w: number) => (w === 0 ? 'none' : w <= 320 ? 'low' : w <= 640 ? 'medium' : 'high');

  /** A <video> playing `track`, as the widget shows it; removed after the test. */
  function play(track: MediaStreamTrack): HTMLVideoElement {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = new MediaStream([track]);
    document.body.append(video);
    return video;
  }
  /** Plays the low layer within 10 s and keeps to it for 6 s. */
  async function staysLow(video: HTMLVideoElement) {
    await eventually(() => layer(video.videoWidth) === 'low', 10_000, `the low layer (playing ${video.videoWidth} px)`);
    const seen = new Set<string>();
    for (let i = 0; i < 15; i++, await sleep(400)) seen.add(layer(video.videoWidth));
    expect([...seen]).to.deep.equal(['low']);
  }
  const videos: HTMLVideoElement[] = [];
  afterEach(() => videos.splice(0).forEach((v) => v.remove()));

  /** A host on camera and a guest who sees it: the guest, and the host as the guest's state has them. */
  async function cameraAtGuest() {
    const room = uniqueRoom();
    const host = await joined(room, 'Juniper', { camera: true });
    const guest = await joined(room, 'Basil');
    clients.push(host, guest);
    const seen = await until(guest, (s) => s.participants.some((p) => !p.isLocal && p.camera?.mediaStreamTrack), 20_000, 'the camera at the guest');
    return { guest, remote: seen.participants.find((p) => !p.isLocal)! };
  }

  it('setVideoSize: LiveKit sends the layer the shown size needs, and nothing while it is not shown', async () => {
    const { guest, remote } = await cameraAtGuest();
    const camera = remote.camera!;
    const video = play(camera.mediaStreamTrack!);
    videos.push(video);
    await video.play();
    const plays = (l: string) => eventually(() => layer(video.videoWidth) === l, 20_000, `the ${l} layer (playing ${video.videoWidth} px)`);
    expect(guest.setVideoSize(camera.sid, { width: 300, height: 169 })).to.equal(true);
    await plays('low');
    expect(guest.setVideoSize(camera.sid, { width: 1262, height: 710 })).to.equal(true);
    await plays('high');
    // Not shown: no frames at all.
    expect(guest.setVideoSize(camera.sid, null)).to.equal(true);
    await sleep(1_000);
    expect(await framesIn(video, 1_500), 'frames while not shown').to.be.at.most(1);
    expect(guest.setVideoSize(camera.sid, { width: 600, height: 338 })).to.equal(true);
    await plays('medium');
    expect(await framesIn(video, 1_000), 'frames once shown again').to.be.above(5);

    // Bad input is a typed error with the issue list, and changes nothing.
    const badSize = () => guest.setVideoSize(camera.sid, { width: -1, height: 1.5 });
    expect(badSize).to.throw(ParlorError).with.property('code', 'bad_request');
    try {
      badSize();
    } catch (e) {
      expect((e as ParlorError).issues?.map((i) => i.path.join('.'))).to.deep.equal(['width', 'height']);
    }
    expect(await framesIn(video, 1_000), 'still playing').to.be.above(5);
    // No such video (it may just have gone), or not in a room: false; a bad size still throws.
    expect(guest.setVideoSize('TR_nope', { width: 10, height: 10 })).to.equal(false);
    await guest.leave();
    expect(guest.setVideoSize(camera.sid, null)).to.equal(false);
    expect(badSize).to.throw(ParlorError);
  });

  it('setVideoSize holds from before the track is subscribed, and across a full reconnect', async () => {
    const room = uniqueRoom();
    const guest = await joined(room, 'Basil');
    clients.push(guest);
    // Sized the moment the camera is published, before livekit-client has subscribed to it.
    let early: boolean | undefined;
    guest.livekitRoom!.on(RoomEvent.TrackPublished, (publication) => {
      if (publication.kind === Track.Kind.Video) early = guest.setVideoSize(publication.trackSid, { width: 300, height: 169 });
    });
    const host = await joined(room, 'Juniper', { camera: true });
    clients.push(host);
    const seen = await until(guest, (s) => s.participants.some((p) => !p.isLocal && p.camera?.mediaStreamTrack), 20_000, 'the camera at the guest');
    expect(early).to.equal(true);
    const camera = seen.participants.find((p) => !p.isLocal)!.camera!;
    const video = play(camera.mediaStreamTrack!);
    videos.push(video);
    await video.play();
    // Without the request kept, LiveKit climbs to the top layer as bandwidth allows, within seconds.
    await staysLow(video);

    // A full reconnect subscribes anew (new publications): the request still holds.
    void guest.livekitRoom!.simulateScenario('full-reconnect');
    await until(guest, (s) => s.status === 'reconnecting', 10_000, 'reconnecting');
    const back = await until(guest, (s) => s.status === 'connected' && !!s.participants.find((p) => !p.isLocal)?.camera?.mediaStreamTrack, 30_000, 'reconnected');
    const again = play(back.participants.find((p) => !p.isLocal)!.camera!.mediaStreamTrack!);
    videos.push(again);
    await again.play();
    await staysLow(again);
  });

  it('a remote camera keeps playing when the server says its stream is active again (as after a pause for bandwidth)', async () => {
    const { guest, remote } = await cameraAtGuest();
    // Shown the way the widget shows it: the track as a MediaStream on a <video>.
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = new MediaStream([remote.camera!.mediaStreamTrack!]);
    document.body.append(video);
    try {
      await video.play();
      expect(await framesIn(video, 1_000), 'frames before').to.be.above(5);
      // The server's StreamStateUpdate, through livekit-client's own handler: LiveKit sends
      // "active" when a stream it paused (the subscriber's bandwidth ran short) resumes.
      const lk = guest.livekitRoom!;
      const participant = lk.remoteParticipants.get(remote.identity)!;
      const publication = participant.getTrackPublication(Track.Source.Camera)!;
      const engine = lk.engine as unknown as { emit(event: string, update: unknown): boolean };
      engine.emit('streamStateChanged', { streamStates: [{ participantSid: participant.sid, trackSid: publication.trackSid, state: 0 /* ACTIVE */ }] });
      await sleep(500);
      expect(await framesIn(video, 1_500), 'frames after').to.be.above(5);
    } finally {
      video.remove();
    }
  });
});
