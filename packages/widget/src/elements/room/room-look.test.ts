// How <parlor-room> looks and loads on a host page: themes, custom
// properties, no leaking of host CSS, narrow widths, loading twice.
import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorRoom } from './room.js';
import type { ParlorRoomView } from '../room-view/room-view.js';
import type { ParlorParticipantList } from '../participant-list/participant-list.js';
import type { ParlorConsent } from '../consent/consent.js';
import { defineElement, VERSION } from '../../define.js';
import { FakeClient, cleanup, eventually, expectAccessible, fixture, localInfo, message, part, person, shadow } from '../../test/helpers.js';

const bg = (el: Element) => getComputedStyle(el).backgroundColor;

describe('<parlor-room> look and loading', () => {
  let style: HTMLStyleElement;
  beforeEach(() => {
    // A host page's aggressive global CSS.
    style = document.createElement('style');
    style.textContent = 'button { background: rgb(255, 105, 180) !important; font-size: 30px; } * { color: rgb(0, 128, 0); }';
    document.head.append(style);
  });
  afterEach(() => {
    style.remove();
    cleanup();
  });

  it('is light by default and dark with theme="dark"; the host page CSS does not leak in', async () => {
    const el = await fixture<ParlorRoom>('parlor-room');
    expect(bg(el)).to.equal('rgb(255, 255, 255)');
    const submit = shadow(shadow(el).querySelector('parlor-prejoin')!).querySelector('button[type=submit]')!;
    expect(bg(submit)).not.to.equal('rgb(255, 105, 180)');
    expect(getComputedStyle(submit).fontSize).to.equal('15px');
    el.theme = 'dark';
    await el.updateComplete;
    expect(bg(el)).to.equal('rgb(21, 22, 27)');
    await expectAccessible(el);
  });

  it('theme="auto" follows the color scheme; --parlor-* properties override the defaults', async () => {
    const el = await fixture<ParlorRoom>('parlor-room', { theme: 'auto' });
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(bg(el)).to.equal(dark ? 'rgb(21, 22, 27)' : 'rgb(255, 255, 255)');
    el.style.setProperty('--parlor-color-background', 'rgb(1, 2, 3)');
    el.style.setProperty('--parlor-color-accent', 'rgb(200, 0, 0)');
    expect(bg(el)).to.equal('rgb(1, 2, 3)');
    const submit = shadow(shadow(el).querySelector('parlor-prejoin')!).querySelector('button[type=submit]')!;
    expect(getComputedStyle(submit).borderTopColor).to.equal('rgb(200, 0, 0)');
  });

  it('the joined room is accessible in the dark scheme too', async () => {
    const box = document.createElement('div');
    box.style.colorScheme = 'dark';
    box.style.background = 'rgb(21, 22, 27)';
    document.body.append(box);
    const client = new FakeClient({ participants: [person('Me', { identity: 'id-me', isLocal: true })], recording: false });
    client.addMessage(message('Alice', 'see https://example.com'));
    const view = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
    box.append(view);
    await view.updateComplete;
    expect(bg(shadow(view).querySelector('parlor-controls-bar')!.shadowRoot!.querySelector('button')!)).to.equal('rgb(34, 36, 44)');
    await expectAccessible(view);
  });

  it('exposes its regions as parts a host can style', async () => {
    const el = await fixture<ParlorRoom>('parlor-room');
    expect(shadow(el).querySelector('[part=card]')).not.to.equal(null);
    expect(shadow(el).querySelector('[part=prejoin]')).not.to.equal(null);
  });

  it('the top banner follows the rounded corners (the room does not clip them), even with a zero radius', async () => {
    const view = await part<ParlorRoomView>('parlor-room-view', new FakeClient({ recording: true }), { chat: true });
    await view.updateComplete;
    const banner = shadow(view).querySelector('.banner')!;
    expect(banner.textContent).to.include('Recording');
    const corners = () => ['borderTopLeftRadius', 'borderTopRightRadius', 'borderBottomLeftRadius'].map((k) => getComputedStyle(banner)[k as 'borderTopLeftRadius']);
    // The room's border is 1 px inside its 10 px radius.
    expect(corners()).to.deep.equal(['9px', '9px', '0px']);
    view.style.setProperty('--parlor-radius', '0px');
    expect(corners()).to.deep.equal(['0px', '0px', '0px']);
  });

  it('a long list of people stays inside the room view (the room does not clip its corners)', async () => {
    const people = Array.from({ length: 60 }, (_, i) => person(`Person ${i}`));
    const client = new FakeClient({ participants: people });
    const view = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
    view.style.width = '700px';
    await view.updateComplete;
    // Outside <parlor-room> the parts get no client by context: give the list its own.
    const list = shadow(view).querySelector<ParlorParticipantList>('parlor-participant-list')!;
    list.client = client.asClient;
    await eventually(() => shadow(list).querySelectorAll('li').length === 60, 5000, 'everyone listed');
    const side = shadow(view).querySelector('.side')!.getBoundingClientRect();
    expect(list.getBoundingClientRect().bottom, 'the list is longer than the sidebar').to.be.above(side.bottom);
    const bottom = view.getBoundingClientRect().bottom;
    expect(side.bottom).to.be.at.most(bottom + 1);
    // Just below the view, under the sidebar: the page, not a person's row.
    const hit = document.elementFromPoint(side.left + side.width / 2, bottom + 5);
    expect(hit === view, `a row painted below the view (hit <${hit?.localName}>)`).to.equal(false);
  });

  it('fits a 320 px wide container without sideways scrolling, and stacks the room in one column', async () => {
    const box = document.createElement('div');
    box.style.width = '320px';
    document.body.append(box);
    const el = await fixture<ParlorRoom>('parlor-room', {}, box);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth + 1);
    const view = await part<ParlorRoomView>('parlor-room-view', new FakeClient(), { chat: true });
    box.append(view);
    await view.updateComplete;
    const main = shadow(view).querySelector('.main')!;
    expect(getComputedStyle(main).gridTemplateColumns.split(' ')).to.have.length(1);
    expect(view.scrollWidth).to.be.at.most(view.clientWidth + 1);
  });

  it('on a 320 px screen (a 288 px room inside the page\'s margins) the chat\'s Send button and the controls stay inside the room', async () => {
    const box = document.createElement('div');
    box.style.width = '288px';
    document.body.append(box);
    const client = new FakeClient({ local: localInfo() });
    const view = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
    box.append(view);
    await view.updateComplete;
    // Inside <parlor-room> the parts get the client from it; here, by hand.
    type Part = HTMLElement & { client: unknown; updateComplete: Promise<boolean> };
    const chat = shadow(view).querySelector<Part>('parlor-chat-panel')!;
    const bar = shadow(view).querySelector<Part>('parlor-controls-bar')!;
    for (const p of [chat, bar]) {
      p.client = client.asClient;
      await p.updateComplete;
    }
    const room = view.getBoundingClientRect();
    const send = shadow(chat).querySelector('form button')!.getBoundingClientRect();
    expect(send.width).to.be.above(0);
    expect(send.right, 'Send inside the room').to.be.at.most(room.right + 0.5);
    const buttons = shadow(bar).querySelectorAll('button');
    expect(buttons.length).to.be.above(2);
    for (const b of buttons) expect(b.getBoundingClientRect().right, b.textContent!).to.be.at.most(room.right + 0.5);
  });

  it('loading twice defines once, warns on a version clash and never throws', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      class Other extends HTMLElement {}
      (Other as unknown as { parlorVersion: string }).parlorVersion = '9.9.9';
      expect(() => defineElement('parlor-room', Other)).not.to.throw();
      expect(customElements.get('parlor-room')).not.to.equal(Other);
      const same = customElements.get('parlor-room')!;
      defineElement('parlor-room', same);
      expect(warnings).to.have.length(0);
      expect((same as unknown as { parlorVersion: string }).parlorVersion).to.equal(VERSION);
    } finally {
      console.warn = warn;
    }
  });

  it('turns analytics off, saying why, under Global Privacy Control', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => true });
    try {
      const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
      const box = shadow(el).querySelector<HTMLInputElement>('input[name=analytics]')!;
      expect(box.checked).to.equal(false);
      expect(box.disabled).to.equal(true);
      expect(shadow(el).querySelector('#gpc')!.textContent).to.include('Global Privacy Control');
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });
});
