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

  it('a long list of people scrolls by itself inside the room view, and the chat below it stays in sight', async () => {
    const people = Array.from({ length: 60 }, (_, i) => person(`Person ${i}`));
    const client = new FakeClient({ participants: people, local: localInfo() });
    const view = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
    view.style.width = '700px';
    await view.updateComplete;
    // Outside <parlor-room> the parts get no client by context: give them their own.
    type Part = HTMLElement & { client: unknown; updateComplete: Promise<boolean> };
    const list = shadow(view).querySelector<ParlorParticipantList>('parlor-participant-list')!;
    const chat = shadow(view).querySelector<Part>('parlor-chat-panel')!;
    list.client = client.asClient;
    chat.client = client.asClient;
    await chat.updateComplete;
    await eventually(() => shadow(list).querySelectorAll('li').length === 60, 5000, 'everyone listed');
    const ul = shadow(list).querySelector<HTMLElement>('[part=list]')!;
    expect(ul.scrollHeight, 'the list scrolls').to.be.above(ul.clientHeight + 100);
    expect(ul.tabIndex, 'reachable by keyboard to scroll').to.equal(0);
    const side = shadow(view).querySelector('.side')!.getBoundingClientRect();
    const input = shadow(chat).querySelector('form input')!.getBoundingClientRect();
    expect(input.height).to.be.above(20);
    expect(input.top, 'the message box is below the list').to.be.above(ul.getBoundingClientRect().bottom - 1);
    expect(input.bottom, 'and inside the sidebar').to.be.at.most(side.bottom + 0.5);
    const log = shadow(chat).querySelector('[part=log]')!.getBoundingClientRect();
    expect(log.height, 'the chat keeps room for messages').to.be.above(100);
    const bottom = view.getBoundingClientRect().bottom;
    expect(side.bottom).to.be.at.most(bottom + 1);
    // Just below the view, under the sidebar: the page, not a person's row.
    const hit = document.elementFromPoint(side.left + side.width / 2, bottom + 5);
    expect(hit === view, `a row painted below the view (hit <${hit?.localName}>)`).to.equal(false);
    await expectAccessible(view);
  });

  for (const width of [360, 320]) {
    it(`stacked on a ${width} px phone, the chat scrolls inside a height of its own: the room does not grow with the messages, nothing is drawn over the message box, and everything fits the screen`, async () => {
      const box = document.createElement('div');
      box.style.width = `${width}px`;
      document.body.append(box);
      // Five people, one with a long name of a single word, all with their cameras off (a full tile each).
      const people = [person('Me', { identity: 'id-me', isLocal: true }), person('Kestrel_with_a_very_long_name_x'), ...['Moonbeam', 'Quill', 'Fern'].map((n) => person(n))];
      const client = new FakeClient({ participants: people, local: localInfo() });
      for (let i = 0; i < 3; i++) client.addMessage(message('Alice', `hello ${i}`));
      const view = await part<ParlorRoomView>('parlor-room-view', client, { chat: true });
      box.append(view);
      await view.updateComplete;
      type Part = HTMLElement & { client: unknown; updateComplete: Promise<boolean> };
      const parts = ['parlor-chat-panel', 'parlor-participant-list', 'parlor-video-grid', 'parlor-controls-bar'].map((tag) => shadow(view).querySelector<Part>(tag)!);
      for (const p of parts) {
        p.client = client.asClient;
        await p.updateComplete;
      }
      const [chat, list] = parts as [Part, Part];
      const before = view.getBoundingClientRect().height;
      for (let i = 0; i < 200; i++) client.addMessage(message('Alice', `message ${i}`));
      const log = shadow(chat).querySelector<HTMLElement>('[part=log]')!;
      await eventually(() => log.querySelectorAll('li').length > 100, 5000, 'the messages shown');
      expect(log.scrollHeight, 'the log scrolls').to.be.above(log.clientHeight + 500);
      expect(view.getBoundingClientRect().height).to.be.closeTo(before, 1);
      const form = shadow(chat).querySelector('form')!.getBoundingClientRect();
      expect(log.getBoundingClientRect().bottom, 'the log ends above the message box').to.be.at.most(form.top + 0.5);
      expect(form.bottom, 'the message box inside the sidebar').to.be.at.most(shadow(view).querySelector('.side')!.getBoundingClientRect().bottom + 0.5);
      expect(log.clientHeight, 'room for a few messages').to.be.above(80);
      const people_ = shadow(list).querySelector<HTMLElement>('[part=list]')!;
      expect(people_.scrollWidth, 'a long name wraps, the list does not scroll sideways').to.be.at.most(people_.clientWidth + 1);
      expect(before, `videos, messages, message box and controls on one screen (${innerHeight} px)`).to.be.at.most(innerHeight);
    });
  }

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

  it('on a 320 px screen (a 288 px room inside the page\'s margins) the Send button stays inside the room, and the controls take one row that scrolls sideways with Leave always in sight', async () => {
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
    expect(view.scrollWidth, 'nothing widens the room').to.be.at.most(view.clientWidth + 1);
    const buttons = [...shadow(bar).querySelectorAll<HTMLElement>('[role=toolbar] button')];
    expect(buttons.length).to.be.above(3);
    // The row's buttons keep to one line; the words of its dialogs still wrap.
    const privacy = shadow(bar).querySelector('parlor-privacy')!;
    for (const dialog of [shadow(bar).querySelector('dialog')!, shadow(privacy).querySelector('dialog')!]) expect(getComputedStyle(dialog).whiteSpace).to.equal('normal');
    const tops = new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops.size, 'one row').to.equal(1);
    const leave = shadow(bar).querySelector<HTMLElement>('.leave')!;
    const inside = (r: DOMRect, outer: DOMRect) => r.left >= outer.left - 0.5 && r.right <= outer.right + 0.5;
    expect(inside(leave.getBoundingClientRect(), room), 'Leave in sight').to.equal(true);
    const scroller = shadow(bar).querySelector<HTMLElement>('.scroll')!;
    expect(scroller.scrollWidth, 'the others scroll').to.be.above(scroller.clientWidth);
    // Each one reached by keyboard comes fully into sight with its focus ring (3 px + 2 px offset), clear
    // of Leave; Leave never moves, and neither does the page.
    const leaveAt = leave.getBoundingClientRect().left;
    const ring = (r: DOMRect) => new DOMRect(r.x - 5, r.y - 5, r.width + 10, r.height + 10);
    document.documentElement.style.height = '300vh';
    window.scrollTo(0, 0);
    try {
      for (const b of buttons.filter((x) => x !== leave)) {
        b.focus({ preventScroll: true });
        await new Promise((r) => requestAnimationFrame(r));
        const s = scroller.getBoundingClientRect();
        expect(inside(ring(b.getBoundingClientRect()), s), `${b.textContent!.trim()} in sight, ring and all`).to.equal(true);
        expect(b.getBoundingClientRect().top - 5, 'the ring fits the row').to.be.at.least(s.top - 0.5);
        expect(leave.getBoundingClientRect().left).to.be.closeTo(leaveAt, 0.5);
        expect(window.scrollY, 'the page stays').to.equal(0);
      }
    } finally {
      document.documentElement.style.height = '';
    }
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
