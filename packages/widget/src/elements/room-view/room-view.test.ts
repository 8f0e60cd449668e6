import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorRoomView } from './room-view.js';
import { FakeClient, button, canvasTrack, cleanup, expectAccessible, localInfo, part, person, shadow, track } from '../../test/helpers.js';

describe('<parlor-room-view>', () => {
  afterEach(cleanup);

  it('lays out video, people, chat and controls; accessible', async () => {
    const client = new FakeClient({ participants: [person('Me', { identity: 'id-me', isLocal: true })] });
    const el = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
    const root = shadow(el);
    for (const tag of ['parlor-video-grid', 'parlor-participant-list', 'parlor-chat-panel', 'parlor-controls-bar']) {
      expect(root.querySelector(tag), tag).not.to.equal(null);
    }
    await expectAccessible(el);
  });

  it('shows a reconnecting banner, then "back online"; meanwhile the others\' videos, frozen, are dimmed as stale (one\'s own is live)', async () => {
    const client = new FakeClient({ participants: [person('Me', { identity: 'id-me', isLocal: true }), person('Alice')] });
    const el = await part<ParlorRoomView>('parlor-room-view', client);
    const grid = shadow(el).querySelector<HTMLElement & { client: unknown; updateComplete: Promise<boolean> }>('parlor-video-grid')!;
    // Outside <parlor-room> the parts get no client by context: by hand.
    grid.client = client.asClient;
    await grid.updateComplete;
    const opacity = (key: string) => Number(getComputedStyle(shadow(grid).querySelector(`figure[data-key="${key}"] > .off`)!).opacity);
    expect([opacity('id-me'), opacity('id-alice')]).to.deep.equal([1, 1]);
    client.set({ status: 'reconnecting' });
    await el.updateComplete;
    await grid.updateComplete;
    expect(shadow(el).querySelector('[part=banner]')!.textContent).to.include('Connection lost. Reconnecting…');
    expect(opacity('id-alice'), 'dimmed').to.be.below(0.6);
    expect(opacity('id-me'), 'one\'s own, live').to.equal(1);
    expect(shadow(el).querySelector('[part=stage]')!.getAttribute('aria-busy')).to.equal('true');
    client.set({ status: 'connected' });
    await el.updateComplete;
    await grid.updateComplete;
    expect(shadow(el).querySelector('[part=banner]')!.textContent).to.include('Back online.');
    expect(opacity('id-alice')).to.equal(1);
    expect(shadow(el).querySelector('[part=stage]')!.hasAttribute('aria-busy')).to.equal(false);
  });

  it('a recording shows to everyone; only someone it took off air (askRecording) is asked, and declining answers keep=false', async () => {
    const client = new FakeClient();
    const el = await part<ParlorRoomView>('parlor-room-view', client);
    const dialog = shadow(el).querySelector<HTMLDialogElement>('dialog[part=recording-dialog]')!;
    expect(dialog.open).to.equal(false);
    client.set({ recording: true });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=banner]')!.textContent).to.include('Recording');
    // Not on air when it started, or already agreed to be recorded: the banner says it, nothing asks.
    expect(dialog.open, 'not asked without askRecording').to.equal(false);
    el.askRecording = true;
    await el.updateComplete;
    expect(dialog.open).to.equal(true);
    expect(dialog.textContent).to.include('Agree to be recorded and turn it back on?');
    await expectAccessible(el);
    const answer = new Promise<boolean>((r) => el.addEventListener('parlor-recording-answer', (e) => r((e as CustomEvent<{ keep: boolean }>).detail.keep)));
    // Escape counts as declining.
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(await answer).to.equal(false);
    expect(dialog.open).to.equal(false);
  });

  it('the question goes when it no longer applies (publishing back: askRecording false), and comes again for a new recording', async () => {
    const client = new FakeClient();
    const el = await part<ParlorRoomView>('parlor-room-view', client, { askRecording: true });
    const dialog = shadow(el).querySelector<HTMLDialogElement>('dialog[part=recording-dialog]')!;
    client.set({ recording: true });
    await el.updateComplete;
    expect(dialog.open).to.equal(true);
    el.askRecording = false;
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    client.set({ recording: false });
    await el.updateComplete;
    // The end is said too (the banner going is not news to a screen reader), in the polite status region.
    const status = shadow(el).querySelector('[part=banner][role=status]')!;
    expect(status.textContent).to.include('Recording stopped.');
    expect(shadow(el).querySelector('.rec') === null, 'the Recording badge gone').to.equal(true);
    el.askRecording = true;
    client.set({ recording: true });
    await el.updateComplete;
    expect(dialog.open).to.equal(true);
    expect(status.textContent, 'a new recording replaces the news of the last one\'s end').not.to.include('Recording stopped.');
  });

  it('prepared out of sight (hidden), it asks nothing: the recording question waits until it is shown', async () => {
    const client = new FakeClient();
    const el = await part<ParlorRoomView>('parlor-room-view', client, { hidden: true, askRecording: true });
    expect(el.hasAttribute('hidden')).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
    // Its parts are built already; nothing plays while it is out of sight.
    const grid = shadow(el).querySelector<HTMLElement & { muted: boolean }>('parlor-video-grid')!;
    expect(grid.muted).to.equal(true);
    const dialog = shadow(el).querySelector<HTMLDialogElement>('dialog[part=recording-dialog]')!;
    // A recording that starts and stops out of sight is not said to have stopped once the room shows.
    client.set({ recording: true });
    await el.updateComplete;
    client.set({ recording: false });
    await el.updateComplete;
    el.removeAttribute('hidden');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=banner]')!.textContent, 'nothing to say').not.to.include('Recording stopped');
    el.hidden = true;
    await el.updateComplete;
    client.set({ recording: true });
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    // Shown the way <parlor-room> shows it: the attribute goes.
    el.removeAttribute('hidden');
    await el.updateComplete;
    expect(el.hidden).to.equal(false);
    expect(getComputedStyle(el).display).to.equal('grid');
    expect(dialog.open).to.equal(true);
    expect(grid.muted).to.equal(false);
    // Hidden again while asking: the question closes rather than block a page it cannot be seen on.
    el.hidden = true;
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
  });

  it('after the answer the focus goes to the room\'s controls when the control it came from went with publishing', async () => {
    const client = new FakeClient({ local: localInfo({ role: 'participant' }), consent: undefined });
    const el = await part<ParlorRoomView>('parlor-room-view', client);
    // Inside <parlor-room> the parts get the client from it; here, by hand.
    const bar = shadow(el).querySelector('parlor-controls-bar') as HTMLElement & { client: unknown; updateComplete: Promise<unknown> };
    bar.client = client.asClient;
    await bar.updateComplete;
    button(bar.shadowRoot!, 'Turn camera on')!.focus();
    // The recording takes publishing away: the camera button goes, "Go on camera" comes.
    client.set({ recording: true, local: localInfo({ role: 'participant', can: { publish: false, chat: true, moderate: false, subscribe: true }, recordingConsentNeeded: true }) });
    el.askRecording = true;
    await el.updateComplete;
    const dialog = shadow(el).querySelector<HTMLDialogElement>('dialog[part=recording-dialog]')!;
    expect(dialog.open).to.equal(true);
    button(dialog, 'Keep it off')!.click();
    await el.updateComplete;
    expect(bar.shadowRoot!.activeElement === button(bar.shadowRoot!, 'Go on camera'), 'the focus on the controls').to.equal(true);
  });

  it('keeping the camera answers keep=true', async () => {
    const client = new FakeClient();
    const el = await part<ParlorRoomView>('parlor-room-view', client, { askRecording: true });
    client.set({ recording: true });
    await el.updateComplete;
    const answer = new Promise<boolean>((r) => el.addEventListener('parlor-recording-answer', (e) => r((e as CustomEvent<{ keep: boolean }>).detail.keep)));
    button(shadow(el), 'Agree and turn back on')!.click();
    expect(await answer).to.equal(true);
  });

  it('viewer mode: live badge, viewer count, muted until "tap to unmute", no controls, no question', async () => {
    const client = new FakeClient({
      local: undefined,
      viewerCount: 3,
      participants: [person('Star', { camera: track('camera', canvasTrack()) })],
    });
    // Even told to ask (it never is in viewer mode), a viewer is not asked.
    const el = await part<ParlorRoomView>('parlor-room-view', client, { mode: 'viewer', askRecording: true });
    const root = shadow(el);
    // Read as "Live, 3 viewers", not "Live3 viewers" (the comma is for screen readers only).
    expect(root.querySelector('[part=banner]')!.textContent).to.include('Live, 3 viewers');
    // Shown, not announced at every change of the count (the banner region is polite for connection news).
    expect(root.querySelector('.live')!.closest('.banner')!.getAttribute('aria-live')).to.equal('off');
    expect(root.querySelector('parlor-controls-bar')).to.equal(null);
    expect(root.querySelector('parlor-chat-panel')).to.equal(null);
    const grid = root.querySelector<HTMLElement & { muted: boolean }>('parlor-video-grid')!;
    expect(grid.muted).to.equal(true);
    await expectAccessible(el);
    const unmute = root.querySelector<HTMLButtonElement>('[part=unmute]')!;
    unmute.focus();
    unmute.click();
    await el.updateComplete;
    expect(grid.muted).to.equal(false);
    expect(client.calls).to.deep.include(['startAudio']);
    expect(root.querySelector('[part=unmute]')).to.equal(null);
    // The button is gone: the keyboard focus goes to the video area it was in.
    expect(root.activeElement?.getAttribute('part')).to.equal('stage');
    client.set({ recording: true });
    await el.updateComplete;
    expect(root.querySelector<HTMLDialogElement>('dialog')!.open).to.equal(false);
    // A viewer is not asked (nothing of theirs is recorded) but still sees that the room is being recorded.
    expect([...root.querySelectorAll('[part=banner]')].map((b) => b.textContent).join(' ')).to.include('Recording');
  });

  it('viewer mode with nobody on air: no "Live", nothing to unmute; both come when someone goes on air, and go when they leave', async () => {
    const client = new FakeClient({ local: undefined, viewerCount: 1, participants: [] });
    const el = await part<ParlorRoomView>('parlor-room-view', client, { mode: 'viewer' });
    const root = shadow(el);
    const banner = () => root.querySelector('[part=banner]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(banner()).to.equal('1 viewer');
    expect(root.querySelector('[part=unmute]'), 'nothing to unmute').to.equal(null);
    await expectAccessible(el);
    client.set({ participants: [person('Star', { camera: track('camera', canvasTrack()) })] });
    await el.updateComplete;
    expect(banner()).to.equal('Live, 1 viewer');
    expect(root.querySelector('[part=unmute]'), 'on air: asked').to.not.equal(null);
    client.set({ participants: [] });
    await el.updateComplete;
    expect(banner()).to.equal('1 viewer');
    expect(root.querySelector('[part=unmute]')).to.equal(null);
  });

  it('asks to unmute when the browser blocked audio for a participant', async () => {
    const client = new FakeClient();
    const el = await part<ParlorRoomView>('parlor-room-view', client);
    expect(shadow(el).querySelector('[part=unmute]')).to.equal(null);
    client.set({ audioBlocked: true });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=unmute]')!.textContent).to.include('Tap to unmute');
  });
});
