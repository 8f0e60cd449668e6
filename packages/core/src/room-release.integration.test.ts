// livekit-client 2.23 adds a `devicechange` listener per Room and never
// removes it, and keeps every Room through its static cleanupRegistry
// (room-release.ts); a left room must leave neither behind.
// Counted here on navigator.mediaDevices against the real LiveKit server.
import { expect } from '@esm-bundle/chai';
import { createReleasableRoom } from './room-release.js';
import { joined, rawPeer, sleep, uniqueRoom } from './test/helpers.js';

/** Counts the `devicechange` listeners currently added to navigator.mediaDevices. */
function watchDeviceChangeListeners(): { live: () => number; stop: () => void } {
  const md = navigator.mediaDevices;
  const live = new Set<unknown>();
  const add = md.addEventListener as EventTarget['addEventListener'];
  const remove = md.removeEventListener as EventTarget['removeEventListener'];
  md.addEventListener = function (this: MediaDevices, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (type === 'devicechange' && listener) live.add(listener);
    return add.call(this, type, listener, options);
  } as MediaDevices['addEventListener'];
  md.removeEventListener = function (this: MediaDevices, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
    if (type === 'devicechange') live.delete(listener);
    return remove.call(this, type, listener, options);
  } as MediaDevices['removeEventListener'];
  return {
    live: () => live.size,
    stop: () => {
      delete (md as Partial<MediaDevices>).addEventListener;
      delete (md as Partial<MediaDevices>).removeEventListener;
    },
  };
}

describe('a left room leaves nothing behind', function () {
  this.timeout(60_000);

  it('createReleasableRoom removes only the devicechange listeners the constructor added, and restores addEventListener', () => {
    const md = navigator.mediaDevices;
    const before = md.addEventListener;
    let calls = 0;
    const other = () => calls++;
    const { room, release } = createReleasableRoom(() => {
      md.addEventListener('devicechange', () => calls++);
      return 'made';
    });
    md.addEventListener('devicechange', other);
    expect(room).to.equal('made');
    expect(md.addEventListener).to.equal(before);
    expect(Object.prototype.hasOwnProperty.call(md, 'addEventListener')).to.equal(false);
    md.dispatchEvent(new Event('devicechange'));
    expect(calls).to.equal(2);
    release();
    release();
    md.dispatchEvent(new Event('devicechange'));
    expect(calls).to.equal(3, 'only the listener added outside the constructor is left');
    md.removeEventListener('devicechange', other);
  });

  it('join and leave three times: no devicechange listener left (a plain livekit-client Room leaves one each time)', async () => {
    const watch = watchDeviceChangeListeners();
    try {
      const room = uniqueRoom();
      // The control: plain livekit-client, connect and disconnect.
      const plain = await rawPeer(room, 'plain-control', 'Plain');
      await plain.disconnect();
      await sleep(50);
      expect(watch.live()).to.equal(1, 'livekit-client keeps its listener after disconnect (upstream behaviour this works around)');
      for (let i = 0; i < 3; i++) {
        const client = await joined(room, `Cycle${i}`);
        expect(watch.live()).to.equal(2, 'one listener while connected');
        await client.leave();
        await sleep(50);
        expect(watch.live()).to.equal(1, `after leave ${i + 1}`);
      }
      // Disconnected from outside leave() (as when the server ends the session).
      const client = await joined(room, 'Remote');
      await client.livekitRoom!.disconnect();
      await sleep(50);
      expect(client.getState().status).to.equal('disconnected');
      expect(watch.live()).to.equal(1, 'after a disconnect not asked through leave()');
    } finally {
      watch.stop();
    }
  });

  it('a left Room can be collected (a plain livekit-client Room is kept by its static cleanupRegistry)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'the browser runs with --js-flags=--expose-gc').to.be.a('function');
    const room = uniqueRoom();
    // Made in a function of their own so no local variable of this test keeps them.
    const made = async () => {
      const plain = await rawPeer(room, 'plain-gc', 'Plain');
      await plain.disconnect();
      const client = await joined(room, 'Collected');
      const left = client.livekitRoom!;
      await client.leave();
      return { plain: new WeakRef(plain), parlor: new WeakRef(left) };
    };
    const refs = await made();
    for (let i = 0; i < 20 && refs.parlor.deref(); i++) {
      await sleep(100);
      gc!();
    }
    // Booleans: a failing assertion must not try to print a whole Room.
    expect(refs.parlor.deref() === undefined, "Parlor's left Room was collected").to.equal(true);
    expect(refs.plain.deref() !== undefined, 'the control: livekit-client keeps a plain Room after disconnect (upstream behaviour this works around)').to.equal(true);
  });

  it('leaving right after a send leaves no peer connection open (fix C in docs/security.md)', async () => {
    // livekit-client makes a new data-channel peer connection when a send is
    // still in flight as the Room disconnects, and never closes it.
    const Native = window.RTCPeerConnection;
    const made: WeakRef<RTCPeerConnection>[] = [];
    window.RTCPeerConnection = new Proxy(Native, {
      construct(target, args: ConstructorParameters<typeof RTCPeerConnection>, newTarget: typeof RTCPeerConnection) {
        const pc = Reflect.construct(target, args, newTarget) as RTCPeerConnection;
        made.push(new WeakRef(pc));
        return pc;
      },
    });
    try {
      const room = uniqueRoom();
      for (let i = 0; i < 3; i++) {
        const client = await joined(room, `Sender${i}`);
        client.sendChat(`bye ${i}`);
        await client.leave();
      }
      await sleep(1_500); // a late peer connection would have been made by now
      const open = made.map((r) => r.deref()).filter((pc) => pc && pc.signalingState !== 'closed' && pc.connectionState !== 'closed');
      expect(made.length, 'peer connections were made (the probe works)').to.be.at.least(3);
      expect(open.length, 'peer connections still open after three leaves').to.equal(0);
    } finally {
      window.RTCPeerConnection = Native;
    }
  });
});
