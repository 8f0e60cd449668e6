import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorParticipantList } from './participant-list.js';
import { FakeClient, cleanup, eventually, expectAccessible, localInfo, part, person, shadow, sleep, track } from '../../test/helpers.js';
import { loadLocalizer } from '../../i18n/index.js';

const people = () => [
  person('Me', { identity: 'id-me', isLocal: true, role: 'moderator' }),
  person('Alice', { role: 'broadcaster' }),
  person('Bob', { handRaised: true, camera: track('camera'), microphone: track('microphone') }),
];

const moderator = (role: 'moderator' | 'owner' = 'moderator') =>
  localInfo({ role, can: { publish: true, chat: true, moderate: true, subscribe: true } });

describe('<parlor-participant-list>', () => {
  afterEach(cleanup);

  it('lists people with roles, raised hands and a pluralised count with viewers; accessible', async () => {
    const client = new FakeClient({ participants: people(), viewerCount: 1 });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    expect(root.querySelector('h2')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('3 people · 1 viewer');
    const bob = root.querySelector('li[data-identity=id-bob]')!;
    expect(bob.querySelector('.role')!.textContent).to.equal('Participant');
    expect(bob.querySelector('.hand')!.textContent).to.equal('Hand raised');
    expect(root.querySelector('li[data-identity=id-me]')!.textContent).to.include('(you)');
    expect(root.querySelector('.more')).to.equal(null);
    await expectAccessible(el);
  });

  it('a broadcaster or participant who may not go on camera (declined it, withdrew) shows no role; staff always do', async () => {
    const client = new FakeClient({
      participants: [
        person('Dee', { role: 'broadcaster', canPublish: false }),
        person('Eli', { role: 'participant', canPublish: false }),
        person('Mo', { role: 'moderator', canPublish: false }),
      ],
    });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const role = (id: string) => shadow(el).querySelector(`li[data-identity=${id}] .role`)?.textContent ?? null;
    expect(role('id-dee')).to.equal(null);
    expect(role('id-eli')).to.equal(null);
    expect(role('id-mo')).to.equal('Moderator');
    client.set({ participants: [person('Dee', { role: 'broadcaster', canPublish: true })] });
    await el.updateComplete;
    expect(role('id-dee'), 'let on: the role shows').to.equal('Broadcaster');
    // While a recording holds back those who did not agree to it, no one's label tells who did.
    client.set({ recording: true, participants: [person('Dee', { role: 'broadcaster', canPublish: true }), person('Fay', { role: 'broadcaster', canPublish: false }), person('Mo', { role: 'moderator', canPublish: false })] });
    await el.updateComplete;
    expect([role('id-dee'), role('id-fay'), role('id-mo')], 'during a recording').to.deep.equal([null, null, 'Moderator']);
    // Nor in a room that asks recording consent of everyone on camera, recording or not.
    client.set({ recording: false, policy: { ...client.getState().policy!, requireRecordingConsent: true } });
    await el.updateComplete;
    expect([role('id-dee'), role('id-fay'), role('id-mo')], 'where the room may record').to.deep.equal([null, null, 'Moderator']);
  });

  it('someone not back yet after a reconnect says so: "Reconnecting…"', async () => {
    const client = new FakeClient({ participants: [person('Ann'), person('Ben', { connectionQuality: 'lost' })] });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const row = (id: string) => shadow(el).querySelector(`li[data-identity=${id}]`)!.textContent ?? '';
    expect(row('id-ben')).to.include('Reconnecting…');
    expect(row('id-ann')).not.to.include('Reconnecting…');
  });

  it('shows a name in its own direction inside a right-to-left room', async () => {
    // Not isolated, the "!" of "Sam!" took the room's direction from the Arabic "(you)" after it and showed as "!Sam".
    const client = new FakeClient({ participants: [person('Sam!', { identity: 'id-me', isLocal: true })] });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client, { dir: 'rtl', localizer: await loadLocalizer('ar') });
    await el.updateComplete;
    const name = shadow(el).querySelector('li[data-identity=id-me] .name')!;
    const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
    let node: Node | null;
    while ((node = walker.nextNode()) && !node.textContent!.includes('Sam!'));
    const box = (from: number, to: number) => {
      const range = document.createRange();
      range.setStart(node!, from);
      range.setEnd(node!, to);
      return range.getBoundingClientRect();
    };
    expect(box(3, 4).left).to.be.at.least(box(0, 3).right - 0.5);
  });

  it('gives moderators a keyboard menu per person: open, move, act, Escape back', async () => {
    const client = new FakeClient({
      participants: people(),
      local: localInfo({ role: 'moderator', can: { publish: true, chat: true, moderate: true, subscribe: true } }),
    });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    expect(root.querySelectorAll('.more')).to.have.length(2); // not for myself
    const more = root.querySelector<HTMLButtonElement>('li[data-identity=id-bob] .more')!;
    expect(more.getAttribute('aria-label')).to.equal('Actions for Bob');
    more.focus();
    more.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    const items = () => [...root.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(items().map((b) => b.textContent)).to.deep.equal(['Let go live', 'Mute', 'Close camera', 'Remove from room', 'Ban']);
    expect(root.activeElement).to.equal(items()[0]);
    await expectAccessible(el);
    const menu = root.querySelector('[role=menu]')!;
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(root.activeElement).to.equal(items()[1]);
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(root.activeElement).to.equal(items()[4]);
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect(root.querySelector('[role=menu]')).to.equal(null);
    expect(root.activeElement).to.equal(more);
    more.click();
    await el.updateComplete;
    const done: unknown[] = [];
    el.addEventListener('parlor-moderate', (e) => done.push(e.detail));
    items()[3]!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls).to.deep.equal([['kick', 'id-bob']]);
    expect(done, 'said to have gone through').to.deep.equal([{ action: 'kick', identity: 'id-bob', name: 'Bob' }]);
  });

  it("in a list long enough to scroll, a moderator's menu opens whole and in sight (the list clips nothing); only a list that scrolls is a Tab stop", async () => {
    const many = [person('Me', { identity: 'id-me', isLocal: true, role: 'moderator' }), ...Array.from({ length: 30 }, (_, i) => person(`Person ${i}`, { camera: track('camera'), microphone: track('microphone'), handRaised: true }))];
    const client = new FakeClient({ participants: many.slice(0, 3), local: moderator() });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    const list = root.querySelector<HTMLElement>('[part=list]')!;
    expect(list.tabIndex, 'three people: no scrolling, no extra stop').to.equal(-1);
    client.set({ participants: many });
    await el.updateComplete;
    expect(list.scrollHeight).to.be.above(list.clientHeight);
    expect(list.tabIndex, 'thirty: the list scrolls, and Tab reaches it').to.equal(0);
    // The last person's menu, at the bottom of what scrolls.
    list.scrollTop = list.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const more = root.querySelector<HTMLButtonElement>('li[data-identity="id-person 29"] .more')!;
    more.click();
    await el.updateComplete;
    await el.updateComplete;
    const items = [...root.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    expect(items.map((b) => b.textContent)).to.deep.equal(['Let go live', 'Mute', 'Close camera', 'Remove from room', 'Ban']);
    for (const item of items) {
      const r = item.getBoundingClientRect();
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      expect(hit === item, `${item.textContent} can be pressed`).to.equal(true);
    }
    expect(root.activeElement === items[0], 'the first action focused').to.equal(true);
    // Next to its button, inside the window.
    const b = more.getBoundingClientRect();
    const m = root.querySelector('[role=menu]')!.getBoundingClientRect();
    expect(m.top >= b.bottom || m.bottom <= b.top, 'above or below the button').to.equal(true);
    expect(Math.min(Math.abs(m.top - b.bottom), Math.abs(b.top - m.bottom))).to.be.below(10);
    expect(m.right).to.be.at.most(innerWidth);
    expect(m.bottom).to.be.at.most(innerHeight);
    // A little scrolling (a tap ending a swipe): the menu stays open and follows its button.
    list.scrollTop -= 10;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const moved = root.querySelector('[role=menu]');
    expect(moved !== null, 'still open').to.equal(true);
    expect(more.getBoundingClientRect().top - b.top, 'the button moved').to.be.closeTo(10, 1);
    expect(moved!.getBoundingClientRect().top - m.top, 'and the menu with it').to.be.closeTo(10, 1);
    // Scrolled out of the list's sight, the button is gone: the menu closes rather than float elsewhere.
    list.scrollTop = 0;
    await eventually(() => root.querySelector('[role=menu]') === null, 2000, 'the menu closed');
  });

  it("a moderator's menu closed by the browser (a press elsewhere, Escape: a light-dismiss popover) is closed in the list too; its ⋯ button closes it once", async () => {
    const client = new FakeClient({ participants: people(), local: moderator() });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    const more = root.querySelector<HTMLButtonElement>('li[data-identity=id-bob] .more')!;
    const open = () => root.querySelector('[role=menu]') !== null;
    more.click();
    await eventually(open, 2000, 'open');
    const menu = root.querySelector<HTMLElement>('[role=menu]')!;
    expect(menu.getAttribute('popover'), 'light dismiss').to.equal('auto');
    // The browser's light dismiss needs a real press, which a test page cannot make: it closes the popover as this does.
    menu.hidePopover();
    await eventually(() => !open(), 2000, 'closed in the list too');
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    more.click();
    await eventually(open, 2000, 'open again');
    more.click();
    await sleep(100);
    expect(open(), 'closed by its button').to.equal(false);
  });

  it('a moderator action puts the focus back on the ⋯ button, unless the focus went to the host page meanwhile', async () => {
    const client = new FakeClient({
      participants: people(),
      local: localInfo({ role: 'moderator', can: { publish: true, chat: true, moderate: true, subscribe: true } }),
    });
    client.mute = () => sleep(100);
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    const more = root.querySelector<HTMLButtonElement>('li[data-identity=id-bob] .more')!;
    const mute = async () => {
      more.focus();
      more.click();
      await el.updateComplete;
      const item = [...root.querySelectorAll<HTMLButtonElement>('[role=menuitem]')].find((b) => b.textContent === 'Mute')!;
      item.focus();
      item.click();
    };
    await mute();
    await sleep(200);
    expect(root.activeElement === more, 'back on the ⋯ button').to.equal(true);
    const field = document.createElement('input');
    document.body.append(field);
    try {
      await mute();
      field.focus(); // the moderator went on to the host page while the mute was under way
      await sleep(200);
      expect(document.activeElement === field, 'the host page keeps the focus').to.equal(true);
    } finally {
      field.remove();
    }
  });

  it('when the person whose row has the focus leaves (removed, banned), the focus goes to the next row, then to the list', async () => {
    const client = new FakeClient({
      participants: [...people(), person('Carol')],
      local: localInfo({ role: 'moderator', can: { publish: true, chat: true, moderate: true, subscribe: true } }),
    });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    root.querySelector<HTMLButtonElement>('li[data-identity=id-bob] .more')!.focus();
    client.set({ participants: client.getState().participants.filter((p) => p.identity !== 'id-bob') });
    await el.updateComplete;
    expect(root.activeElement?.closest('li')?.getAttribute('data-identity'), 'the row after Bob’s').to.equal('id-carol');
    client.set({ participants: client.getState().participants.filter((p) => p.identity !== 'id-carol' && p.identity !== 'id-alice') });
    await el.updateComplete;
    expect(root.activeElement?.getAttribute('part'), 'no one left to act on: the list').to.equal('list');
    await expectAccessible(el);
  });

  it('reports a failed moderator action as parlor-error', async () => {
    const client = new FakeClient({
      participants: people(),
      local: moderator(),
    });
    client.failWith = new Error('nope');
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const got = new Promise<string>((r) => el.addEventListener('parlor-error', (e) => r(e.detail.error.message)));
    let done = 0;
    el.addEventListener('parlor-moderate', () => done++);
    shadow(el).querySelector<HTMLButtonElement>('li[data-identity=id-alice] .more')!.click();
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('[role=menuitem]')!.click();
    expect(await got).to.equal('nope');
    expect(done, 'not said to have gone through').to.equal(0);
  });

  it('a menu left open when its person went away does not open by itself when they come back', async () => {
    const client = new FakeClient({ participants: [...people(), person('Carol')], local: moderator('owner') });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    const more = (id: string) => root.querySelector<HTMLButtonElement>(`li[data-identity=${id}] .more`);
    more('id-bob')!.focus();
    more('id-bob')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(root.querySelector('#menu-id-bob') !== null, 'Bob’s menu is open').to.equal(true);
    const bob = client.getState().participants.find((p) => p.identity === 'id-bob')!;
    // Another moderator removes Bob: his row and menu go, the focus to the row in his place.
    client.set({ participants: client.getState().participants.filter((p) => p !== bob) });
    await el.updateComplete;
    expect(root.querySelector('[role=menu]') === null, 'the menu went with the row').to.equal(true);
    expect(root.activeElement === more('id-carol'), 'the focus on the row after Bob’s').to.equal(true);
    // Bob joins again with the same identity: his row is back, his menu closed, the focus where it was.
    client.set({ participants: [...client.getState().participants, { ...bob }] });
    await el.updateComplete;
    await el.updateComplete;
    expect(more('id-bob') !== null, 'Bob’s ⋯ button is back').to.equal(true);
    expect(root.querySelector('[role=menu]') === null, 'no menu opened by itself').to.equal(true);
    expect(more('id-bob')!.getAttribute('aria-expanded')).to.equal('false');
    expect(root.activeElement === more('id-carol'), 'the focus stays put').to.equal(true);
    // Likewise when the menu's person comes to outrank me (promoted) and back.
    more('id-carol')!.click();
    await el.updateComplete;
    expect(root.querySelector('#menu-id-carol') !== null, 'Carol’s menu is open').to.equal(true);
    const promote = (role: 'owner' | 'participant') =>
      client.set({ participants: client.getState().participants.map((p) => (p.identity === 'id-carol' ? { ...p, role } : p)) });
    promote('owner');
    await el.updateComplete;
    expect(more('id-carol') === null, 'no ⋯ button on someone who outranks me').to.equal(true);
    promote('participant');
    await el.updateComplete;
    await el.updateComplete;
    expect(more('id-carol')!.getAttribute('aria-expanded')).to.equal('false');
    expect(root.querySelector('[role=menu]') === null, 'no menu opened by itself').to.equal(true);
  });

  it('offers only actions the server allows: mute and close camera for a live track, nothing on equal or higher standing', async () => {
    const client = new FakeClient({
      participants: [
        person('Me', { identity: 'id-me', isLocal: true, role: 'moderator' }),
        person('Olive', { role: 'owner', camera: track('camera'), microphone: track('microphone') }),
        person('Max', { role: 'moderator', microphone: track('microphone') }),
        person('Alice', { role: 'broadcaster', camera: { ...track('camera'), muted: true }, microphone: track('microphone') }),
        person('Bob', { camera: track('camera'), microphone: { ...track('microphone'), muted: true } }),
        person('Carol'),
      ],
      local: moderator(),
    });
    const el = await part<ParlorParticipantList>('parlor-participant-list', client);
    const root = shadow(el);
    const more = (id: string) => root.querySelector<HTMLButtonElement>(`li[data-identity=${id}] .more`);
    const menu = async (id: string) => {
      more(id)!.click();
      await el.updateComplete;
      await el.updateComplete;
      const items = [...root.querySelectorAll<HTMLButtonElement>(`#menu-${id} [role=menuitem]`)].map((b) => b.textContent);
      root.querySelector('[role=menu]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await el.updateComplete;
      return items;
    };
    expect(more('id-olive') === null, 'no menu on the owner').to.equal(true);
    expect(more('id-max') === null, 'no menu on a fellow moderator').to.equal(true);
    expect(await menu('id-alice'), 'camera muted').to.deep.equal(['Mute', 'Remove from room', 'Ban']);
    expect(await menu('id-bob'), 'microphone muted').to.deep.equal(['Close camera', 'Remove from room', 'Ban']);
    expect(await menu('id-carol'), 'nothing published').to.deep.equal(['Remove from room', 'Ban']);
    await expectAccessible(el);
    // The owner outranks moderators, but not another owner.
    client.set({ local: moderator('owner') });
    await el.updateComplete;
    expect(more('id-olive') === null, 'no menu on another owner').to.equal(true);
    expect(await menu('id-max')).to.deep.equal(['Mute', 'Remove from room', 'Ban']);
    // A camera going live while the menu is open adds its action.
    more('id-alice')!.click();
    await el.updateComplete;
    client.set({
      participants: client.getState().participants.map((p) => (p.identity === 'id-alice' ? { ...p, camera: track('camera') } : p)),
    });
    await el.updateComplete;
    expect([...root.querySelectorAll('#menu-id-alice [role=menuitem]')].map((b) => b.textContent)).to.deep.equal(['Mute', 'Close camera', 'Remove from room', 'Ban']);
  });
});
