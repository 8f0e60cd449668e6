import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorVideoGrid } from './video-grid.js';
import { orderTiles } from './video-grid.js';
import { FakeClient, canvasTrack, cleanup, eventually, expectAccessible, part, person, shadow, sleep, track } from '../../test/helpers.js';
import { SETTLE_MS } from './video-size.js';

const cam = () => track('camera', canvasTrack());

describe('<parlor-video-grid>', () => {
  afterEach(cleanup);

  it('orders screen shares first, then active speakers, then the rest', () => {
    const people = [person('A'), person('B', { isSpeaking: true }), person('C', { screen: track('screen_share') })];
    expect(orderTiles(people, false).map((t) => t.key)).to.deep.equal(['id-c:screen', 'id-b', 'id-a', 'id-c']);
    expect(orderTiles(people, true).map((t) => t.key)).to.deep.equal(['id-c:screen']);
  });

  it('plays each camera in a labelled tile and outlines the active speaker; accessible', async () => {
    const client = new FakeClient({ participants: [person('Alice', { camera: cam(), isSpeaking: true }), person('Bob')] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    const video = shadow(el).querySelector<HTMLVideoElement>('video[aria-label="Video of Alice"]')!;
    await eventually(() => video.videoWidth > 0, 5000, 'video plays');
    expect(shadow(el).querySelector('[data-key=id-alice]')!.classList.contains('speaking')).to.equal(true);
    expect(shadow(el).querySelector('[data-key=id-bob]')!.textContent).to.include('Camera off');
    await expectAccessible(el);
  });

  it('tells the client how large each remote video is shown, and that videos on another page are not', async () => {
    const people = [person('Me', { isLocal: true, camera: cam() }), person('Alice', { camera: cam() }), person('Bob', { camera: cam() }), person('Cara', { camera: cam() })];
    const sid = (name: string) => people.find((p) => p.name === name)!.camera!.sid;
    const client = new FakeClient({ participants: people });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client, { pageSize: 2 });
    el.style.width = '600px';
    const last = (name: string) => client.calls.filter((c) => c[0] === 'setVideoSize' && c[1] === sid(name)).at(-1)?.[2];
    const tileWidth = (name: string) => Math.round(shadow(el).querySelector(`video[aria-label="Video of ${name}"]`)!.getBoundingClientRect().width * (devicePixelRatio > 2 ? 2 : 1));
    // Page 1: me and Alice. Bob and Cara are on page 2 from the start.
    await eventually(() => last('Alice') && last('Bob') === null && last('Cara') === null, 3000, 'sizes sent');
    expect(last('Alice')).to.deep.include({ width: tileWidth('Alice') });
    expect(client.calls.filter((c) => c[1] === sid('Me')), 'my own camera is not received').to.have.length(0);
    // One update per settled size, not one per frame.
    const sent = client.calls.length;
    await sleep(SETTLE_MS * 2);
    expect(client.calls.length).to.equal(sent);

    shadow(el).querySelector<HTMLButtonElement>('[aria-label="Next videos"]')!.click();
    await eventually(() => last('Alice') === null && last('Bob') && last('Cara'), 3000, 'page 2 sized, Alice not shown');
    expect(last('Bob')).to.deep.include({ width: tileWidth('Bob') });
    // A narrower grid asks for smaller video.
    const before = (last('Bob') as { width: number }).width;
    el.style.width = '300px';
    await eventually(() => (last('Bob') as { width: number }).width < before, 3000, 'a smaller size');
    expect(last('Bob')).to.deep.include({ width: tileWidth('Bob') });

    // A camera turned off is not a video to stop: nothing is sent for it.
    const calls = client.calls.length;
    client.set({ participants: people.map((p) => (p.name === 'Bob' ? { ...p, camera: { ...p.camera!, muted: true } } : p)) });
    await sleep(SETTLE_MS * 2);
    expect(client.calls.slice(calls)).to.deep.equal([]);
  });

  it('a video moved into the spotlight is sized as the spotlight, though Lit keeps the element', async () => {
    const people = [person('Alice', { camera: cam() }), person('Bob', { screen: track('screen_share', canvasTrack()) })];
    const client = new FakeClient({ participants: people });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    el.style.width = '600px';
    const root = shadow(el);
    const sizeOf = (sid: string) => client.calls.filter((c) => c[0] === 'setVideoSize' && c[1] === sid).at(-1)?.[2] as { width: number } | undefined;
    const alice = people[0]!.camera!.sid;
    const screen = people[1]!.screen!.sid;
    const spotVideo = () => root.querySelector<HTMLVideoElement>('[part=spotlight] video')!;
    await eventually(() => sizeOf(alice) && sizeOf(screen), 3000, 'sizes sent');
    const wasSpot = spotVideo();
    expect(sizeOf(screen)!.width).to.equal(Math.round(wasSpot.getBoundingClientRect().width));
    root.querySelector<HTMLButtonElement>('[data-key=id-alice] .pin')!.click();
    await el.updateComplete;
    expect(spotVideo(), 'the same element').to.equal(wasSpot);
    expect(spotVideo().dataset['sid']).to.equal(alice);
    await eventually(() => sizeOf(alice)!.width === Math.round(spotVideo().getBoundingClientRect().width), 3000, 'Alice sized as the spotlight');
    await eventually(() => sizeOf(screen)!.width < sizeOf(alice)!.width, 3000, 'the screen sized as a tile');
  });

  it('pages tiles with previous/next buttons', async () => {
    const many = Array.from({ length: 5 }, (_, i) => person(`P${i}`));
    const el = await part<ParlorVideoGrid>('parlor-video-grid', new FakeClient({ participants: many }), { pageSize: 2 });
    const root = shadow(el);
    const keys = () => [...root.querySelectorAll('[part=grid] figure')].map((f) => f.getAttribute('data-key'));
    expect(keys()).to.deep.equal(['id-p0', 'id-p1']);
    expect(root.querySelector('[part=pager]')!.textContent).to.include('Page 1 of 3');
    const next = root.querySelector<HTMLButtonElement>('[aria-label="Next videos"]')!;
    next.click();
    await el.updateComplete;
    next.click();
    await el.updateComplete;
    expect(keys()).to.deep.equal(['id-p4']);
    expect(next.disabled).to.equal(true);
    await expectAccessible(el);
  });

  it('on a phone, one person\'s tile takes the whole width, and two or more share it in two columns', async () => {
    const client = new FakeClient({ participants: [person('Alice')] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    el.style.width = '280px';
    await el.updateComplete;
    const widths = () => [...shadow(el).querySelectorAll('figure')].map((f) => Math.round(f.getBoundingClientRect().width));
    expect(widths()).to.deep.equal([280]);
    client.set({ participants: [person('Alice'), person('Bob'), person('Carol')] });
    await el.updateComplete;
    expect(widths()).to.deep.equal([136, 136, 136]);
  });

  it('on small tiles, "Camera off" stays clear of the pin button and of the name', async () => {
    const client = new FakeClient({ participants: [person('Alice'), person('Bob'), person('Carol')] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    for (const width of ['280px', '200px']) {
      el.style.width = width;
      await el.updateComplete;
      for (const figure of shadow(el).querySelectorAll('figure')) {
        const range = document.createRange();
        range.selectNodeContents(figure.querySelector('.off')!);
        const text = range.getBoundingClientRect();
        const overlaps = (other: DOMRect) => text.left < other.right && other.left < text.right && text.top < other.bottom && other.top < text.bottom;
        expect(overlaps(figure.querySelector('.pin')!.getBoundingClientRect()), `${width}: text and pin`).to.equal(false);
        expect(overlaps(figure.querySelector('figcaption')!.getBoundingClientRect()), `${width}: text and name`).to.equal(false);
        expect(text.right <= figure.getBoundingClientRect().right && text.left >= figure.getBoundingClientRect().left, `${width}: text inside the tile`).to.equal(true);
      }
    }
  });

  it('on small tiles the pin is smaller (28 px, still above the 24 px a target needs), so it covers less of the picture', async () => {
    const client = new FakeClient({ participants: [person('Alice'), person('Bob'), person('Carol')] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    const pin = () => shadow(el).querySelector('.pin')!.getBoundingClientRect();
    expect([Math.round(pin().width), Math.round(pin().height)], 'a large tile').to.deep.equal([36, 36]);
    el.style.width = '280px';
    await el.updateComplete;
    const tile = shadow(el).querySelector('figure')!.getBoundingClientRect();
    expect([Math.round(pin().width), Math.round(pin().height)], 'a 136 px tile').to.deep.equal([28, 28]);
    expect(pin().right <= tile.right && pin().top >= tile.top, 'inside its tile').to.equal(true);
    const icon = shadow(el).querySelector('.pin svg')!.getBoundingClientRect();
    expect(Math.abs(icon.left + icon.width / 2 - (pin().left + pin().width / 2)) < 1, 'the icon centred').to.equal(true);
  });

  it('someone not back yet after a reconnect (connection lost) is dimmed, the others not', async () => {
    const client = new FakeClient({ participants: [person('Alice'), person('Bob', { connectionQuality: 'lost' })] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    const opacity = (key: string) => Number(getComputedStyle(shadow(el).querySelector(`figure[data-key="${key}"] > .off`)!).opacity);
    expect(opacity('id-alice')).to.equal(1);
    expect(opacity('id-bob')).to.be.below(0.6);
  });

  it('the pager keeps the keyboard focus at either end: the button that turns disabled hands it to the other one', async () => {
    const many = Array.from({ length: 5 }, (_, i) => person(`P${i}`));
    const el = await part<ParlorVideoGrid>('parlor-video-grid', new FakeClient({ participants: many }), { pageSize: 2 });
    const root = shadow(el);
    const previous = root.querySelector<HTMLButtonElement>('[aria-label="Previous videos"]')!;
    const next = root.querySelector<HTMLButtonElement>('[aria-label="Next videos"]')!;
    // Enter on the focused button, as a keyboard user pages through.
    const press = async () => {
      (root.activeElement as HTMLButtonElement).click();
      await el.updateComplete;
    };
    next.focus();
    await press();
    expect(root.activeElement === next, 'Next keeps the focus while it has pages to go').to.equal(true);
    await press();
    expect(root.querySelector('[part=pager]')!.textContent).to.include('Page 3 of 3');
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    await eventually(() => root.activeElement === previous, 3000, 'Previous focused on the last page');
    expect(document.activeElement === el, 'the focus is in the grid').to.equal(true);
    await press();
    await press();
    expect(root.querySelector('[part=pager]')!.textContent).to.include('Page 1 of 3');
    await eventually(() => root.activeElement === next, 3000, 'Next focused on the first page');
    await expectAccessible(el);
  });

  it('a shared screen takes the spotlight; a pinned tile takes it over and can be unpinned', async () => {
    const client = new FakeClient({ participants: [person('Alice', { camera: cam() }), person('Bob', { screen: track('screen_share', canvasTrack()) })] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    const root = shadow(el);
    const spot = () => root.querySelector('[part=spotlight] figure')?.getAttribute('data-key');
    expect(spot()).to.equal('id-bob:screen');
    const pin = root.querySelector<HTMLButtonElement>('[data-key=id-alice] .pin')!;
    expect(pin.getAttribute('aria-label')).to.equal('Pin Alice');
    pin.click();
    await el.updateComplete;
    expect(spot()).to.equal('id-alice');
    const unpin = root.querySelector<HTMLButtonElement>('[part=spotlight] .pin')!;
    // Its name says the action ("Unpin Alice"): no aria-pressed beside it, which would read either way.
    expect(unpin.getAttribute('aria-label')).to.equal('Unpin Alice');
    expect(unpin.hasAttribute('aria-pressed')).to.equal(false);
    unpin.click();
    await el.updateComplete;
    expect(spot()).to.equal('id-bob:screen');
  });

  it('the pin button keeps focus as its tile moves into the spotlight and back', async () => {
    const client = new FakeClient({ participants: [person('Alice', { camera: cam() }), person('Bob', { camera: cam() })] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client);
    const root = shadow(el);
    const pin = root.querySelector<HTMLButtonElement>('[data-key=id-bob] .pin')!;
    pin.focus();
    pin.click();
    await el.updateComplete;
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    expect(root.activeElement === root.querySelector('[part=spotlight] .pin'), 'the spotlight pin focused').to.equal(true);
    expect(root.activeElement!.getAttribute('aria-label')).to.equal('Unpin Bob');
    (root.activeElement as HTMLButtonElement).click();
    await el.updateComplete;
    expect(root.activeElement === root.querySelector('[part=grid] [data-key=id-bob] .pin'), 'the grid pin focused').to.equal(true);
  });

  it('only-video hides people off camera and says when nobody is live', async () => {
    const client = new FakeClient({ participants: [person('Bob')] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client, { onlyVideo: true });
    expect(shadow(el).textContent).to.include('Nobody is live right now.');
    client.set({ participants: [person('Bob'), person('Alice', { camera: cam() })] });
    await el.updateComplete;
    expect([...shadow(el).querySelectorAll('figure')].map((f) => f.getAttribute('data-key'))).to.deep.equal(['id-alice']);
  });

  it('only-video says in one status region that stays in place when the broadcast ends', async () => {
    // A region made with the words already in it is not read out: it must be there before they come.
    const client = new FakeClient({ participants: [person('Bob'), person('Alice', { camera: cam() })] });
    const el = await part<ParlorVideoGrid>('parlor-video-grid', client, { onlyVideo: true });
    const region = shadow(el).querySelector('[role=status]')!;
    expect(region.textContent).to.equal('');
    client.set({ participants: [person('Bob'), person('Alice')] });
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=status]') === region, 'the same region').to.equal(true);
    expect(region.textContent).to.equal('Nobody is live right now.');
    // The visible words are not read a second time.
    expect(shadow(el).querySelector('[part=empty]')!.getAttribute('aria-hidden')).to.equal('true');
    await expectAccessible(el);
  });

  it('muted mutes remote audio', async () => {
    const ctx = new AudioContext();
    const dest = ctx.createMediaStreamDestination();
    const mic = track('microphone', dest.stream.getAudioTracks()[0]);
    const el = await part<ParlorVideoGrid>('parlor-video-grid', new FakeClient({ participants: [person('Alice', { microphone: mic })] }), { muted: true });
    const audio = shadow(el).querySelector('audio')!;
    expect(audio.muted).to.equal(true);
    el.muted = false;
    await el.updateComplete;
    expect(audio.muted).to.equal(false);
    await ctx.close();
  });
});
