// Viewer mode against the real server kit and LiveKit: subscribe only, no
// camera prompt ever, counted rather than listed, and the autoplay block.
import { expect } from '@esm-bundle/chai';
import { RoomEvent } from 'livekit-client';
import { RoomClient } from './client.js';
import { eventually, joined, livekit, uniqueRoom, until } from './test/helpers.js';

describe('viewer mode (real LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  let gumCalls: string[] = [];
  let spying = false;

  beforeEach(() => {
    gumCalls = [];
    navigator.mediaDevices.getUserMedia = (constraints?: MediaStreamConstraints) => {
      if (spying) gumCalls.push(JSON.stringify(constraints ?? {}));
      return realGetUserMedia(constraints);
    };
  });
  afterEach(async () => {
    spying = false;
    navigator.mediaDevices.getUserMedia = realGetUserMedia;
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  async function viewerOf(room: string): Promise<RoomClient> {
    // No consent step: an anonymous viewer gets a hidden, subscribe-only token.
    const v = new RoomClient({ endpoint: '/api/parlor', room, livekit });
    clients.push(v);
    spying = true;
    await v.join({ screenName: 'Quiet Owl', mode: 'viewer', camera: true, microphone: true });
    return v;
  }

  it('joins without consent, never calls getUserMedia, and sees the broadcaster’s video', async () => {
    const room = uniqueRoom();
    const host = await joined(room, 'Juniper', { camera: true });
    clients.push(host);
    await until(host, (s) => s.local?.camera === true, 15_000, 'Juniper camera on');
    const v = await viewerOf(room);
    const s = await until(v, (st) => st.participants.some((p) => p.camera?.mediaStreamTrack?.readyState === 'live'), 20_000, 'video');
    expect(s.local?.role).to.equal('viewer');
    expect(s.local?.can).to.deep.equal({ publish: false, chat: false, moderate: false, subscribe: true });
    expect(s.participants.map((p) => p.name)).to.deep.equal(['Juniper']);
    // Asking for the camera as a viewer is refused before any device is touched.
    let refused: unknown;
    await v.setCamera(true).catch((e: unknown) => (refused = e));
    expect((refused as { code?: string } | undefined)?.code).to.equal('not_allowed');
    expect(gumCalls).to.deep.equal([]);
    // Without data rights a viewer cannot raise a hand: said plainly, not a silent failure.
    refused = undefined;
    await v.raiseHand().catch((e: unknown) => (refused = e));
    expect((refused as { code?: string } | undefined)?.code).to.equal('not_allowed');
    // The positive control: the spy does see a real call.
    await navigator.mediaDevices.getUserMedia({ audio: true }).then((m) => m.getTracks().forEach((t) => t.stop()));
    expect(gumCalls).to.have.length(1);
  });

  it('shows the screen name of someone who chats off camera, who joined after the viewer', async () => {
    const room = uniqueRoom();
    const v = await viewerOf(room);
    const maple = await joined(room, 'Maple');
    clients.push(maple);
    maple.sendChat('hello viewers');
    const s = await until(v, (st) => st.chat.size > 0, 15_000, 'the message reached the viewer');
    expect(s.chat.get(0)?.text).to.equal('hello viewers');
    // LiveKit announces someone who publishes nothing within seconds (its batched updates): the name follows.
    const named = await until(v, (st) => st.chat.get(0)?.from.name === 'Maple', 10_000, 'the sender named').catch(() => v.getState());
    expect(named.chat.get(0)?.from.name).to.equal('Maple');
  });

  it('counts viewers without listing them', async () => {
    const room = uniqueRoom();
    const host = await joined(room, 'Juniper');
    clients.push(host);
    await viewerOf(room);
    await viewerOf(room);
    await until(host, (s) => s.viewerCount === 2, 20_000, 'two viewers counted');
    expect(host.getState().participants.map((p) => p.name)).to.deep.equal(['Juniper']);
  });

  it('a viewer counts themselves from the moment they are in (LiveKit\'s count comes seconds later)', async () => {
    const v = await viewerOf(uniqueRoom());
    expect(v.getState().viewerCount).to.equal(1);
    expect(v.getState().participants).to.deep.equal([]);
  });

  it('shows audioBlocked when the browser blocks autoplay, and startAudio() clears it', async () => {
    const room = uniqueRoom();
    const host = await joined(room, 'Juniper', { microphone: true });
    clients.push(host);
    const v = await viewerOf(room);
    const lk = v.livekitRoom!;
    // Chromium here runs with autoplay allowed; simulate the block as livekit-client reports it.
    let blocked = true;
    Object.defineProperty(lk, 'canPlaybackAudio', { configurable: true, get: () => !blocked });
    lk.emit(RoomEvent.AudioPlaybackStatusChanged, false);
    expect(v.getState().audioBlocked).to.equal(true);
    const startAudio = lk.startAudio.bind(lk);
    lk.startAudio = async () => {
      blocked = false;
      await startAudio();
    };
    await v.startAudio();
    await eventually(() => v.getState().audioBlocked === false, 5_000, 'audio unblocked');
  });
});
