// The bare baseline page: livekit-client alone, loaded with the page, doing
// what Parlor does for a visitor: fetch a token, connect, show remote video,
// send/receive chat on `lk.chat`. Driven through window.bare.
import { Room, RoomEvent, Track } from 'livekit-client';
import type { RemoteTrack } from 'livekit-client';

let room: Room | undefined;

async function join(opts: { room: string; name: string; viewer?: boolean }) {
  // ?publish=0: a token without the right to publish, as Parlor gives someone who did not agree to
  // appear on camera (the join bench), so both pages connect the same way.
  const publish = new URLSearchParams(location.search).get('publish') === '0' ? '&publish=0' : '';
  const res = await fetch(`/bare-token?room=${encodeURIComponent(opts.room)}&name=${encodeURIComponent(opts.name)}${opts.viewer ? '&viewer=1' : ''}${publish}`);
  const { token, url } = await res.json();
  // ?simulcast=0: one layer only, so every subscriber gets the same stream (fan-out).
  const simulcast = new URLSearchParams(location.search).get('simulcast') !== '0';
  room = new Room({ adaptiveStream: false, dynacast: false, publishDefaults: { simulcast } });
  (window as any).room = room;
  room.once(RoomEvent.Connected, () => (window as any).benchMark?.('connected'));
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant) => {
    if (track.kind !== Track.Kind.Video) return;
    const v = track.attach() as HTMLVideoElement;
    v.muted = true;
    v.playsInline = true;
    v.setAttribute('aria-label', `Video of ${participant.name || participant.identity}`);
    // Shown as wide as the stage, which has the inset of Parlor's (its border and
    // padding): both pages then draw the same box. A 1280 × 720 stream shown in a
    // 1280 × 720 box is a plain copy for Chromium's software compositor and a
    // scaled one costs ~3× as much (bench/NOTES.md, fanout).
    v.style.cssText = 'display:block;width:100%';
    document.getElementById('stage')!.append(v);
  });
  room.registerTextStreamHandler('lk.chat', async (reader, from) => {
    const text = await reader.readAll();
    const li = document.createElement('li');
    const who = document.createElement('b');
    who.textContent = from.identity + ' ';
    li.append(who, text);
    document.getElementById('log')?.append(li);
    (window as any).benchChat?.({ text, attributes: reader.info.attributes ?? {}, from: from.identity });
  });
  await room.connect(url, token, { rtcConfig: { iceServers: [] } });
}

function send(text: string, attributes: Record<string, string>) {
  return room!.localParticipant.sendText(text, { topic: 'lk.chat', attributes });
}

async function publishCamera() {
  await room!.localParticipant.setCameraEnabled(true);
}

function leave() {
  return room?.disconnect();
}

document.getElementById('join')!.addEventListener('click', () => {
  const u = new URL(location.href);
  void join({ room: u.searchParams.get('room') ?? 'bench', name: u.searchParams.get('name') ?? 'bare', viewer: u.searchParams.has('viewer') });
});

(window as any).bare = { join, send, publishCamera, leave };
(window as any).bareReady = true;
