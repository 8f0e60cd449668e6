import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorChatPanel } from './chat-panel.js';
import { FakeClient, cleanup, expectAccessible, localInfo, message, part, shadow, sleep } from '../../test/helpers.js';
import { ParlorError } from '@parlor/core';
import { setViewport } from '@web/test-runner-commands';
import { loadLocalizer } from '../../i18n/index.js';

/** A 300 px tall panel holding `count` messages `"<word> <i>"`, scrolled to the bottom. */
async function scrollingPanel(count: number, word: string) {
  const client = new FakeClient();
  let log = client.getState().chat;
  for (let i = 0; i < count; i++) log = log.push(message('Bot', `${word} ${i}`));
  client.set({ chat: log });
  const box = document.createElement('div');
  box.style.height = '300px';
  box.style.display = 'flex';
  document.body.append(box);
  const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
  box.append(el);
  await el.updateComplete;
  return { client, el, list: shadow(el).querySelector<HTMLElement>('.log')! };
}

/** A panel showing one message `text`; window.open is stubbed, its calls land in `opened`. */
async function linkPanel(text: string) {
  const client = new FakeClient();
  const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
  client.addMessage(message('Alice', text));
  await el.updateComplete;
  const opened: unknown[][] = [];
  const realOpen = window.open;
  window.open = (...a: unknown[]) => (opened.push(a), null);
  const dialog = shadow(el).querySelector('dialog')!;
  return {
    el,
    dialog,
    opened,
    link: shadow(el).querySelector('a')!,
    confirm: () => [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Open link')!.click(),
    restore: () => {
      window.open = realOpen;
    },
  };
}

/** The links a panel draws for one message `text`: each one's text and href. */
async function linksIn(text: string): Promise<Array<[string | null, string | null]>> {
  const client = new FakeClient();
  const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
  client.addMessage(message('Alice', text));
  await el.updateComplete;
  return [...shadow(el).querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
}

/** A mouse event as the browser would send it to a link in the shadow root. */
const mouse = (type: 'click' | 'auxclick', init: MouseEventInit = {}) =>
  new MouseEvent(type, { bubbles: true, composed: true, cancelable: true, ...init });

describe('<parlor-chat-panel>', () => {
  afterEach(cleanup);

  it('renders messages as text (never HTML) under the sender name; accessible', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Alice', '<img src=x onerror=alert(1)> hi'));
    await el.updateComplete;
    const row = shadow(el).querySelector('li[part=message]')!;
    expect(row.querySelector('img')).to.equal(null);
    expect(row.textContent).to.include('<img src=x onerror=alert(1)> hi');
    expect(row.querySelector('.who')!.textContent).to.equal('Alice');
    await expectAccessible(el);
  });

  /** The box of an element's text alone (a range holds no ::after: the colon is outside it). */
  const glyphs = (el: Element) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect();
  };

  /**
   * In a room running left to right (or, with `rtl`, right to left): the name's glyphs, then its
   * colon (drawn outside them), then a gap of at least 4 px before the message, in reading order.
   */
  const expectColonAndGap = (row: Element, rtl: boolean) => {
    const who = row.querySelector('.who')!.getBoundingClientRect();
    const name = glyphs(row.querySelector('.who')!);
    const text = row.querySelector('.text')!.getBoundingClientRect();
    // Distances along the room's reading direction.
    const [gap, colon, lead] = rtl
      ? [who.left - text.right, name.left - who.left, who.right - name.right]
      : [text.left - who.right, who.right - name.right, name.left - who.left];
    expect(gap, row.textContent!).to.be.at.least(4);
    expect(colon, row.textContent!).to.be.at.least(2);
    expect(lead, row.textContent!).to.be.below(1);
  };

  it('keeps a right-to-left name and a message apart, each in its own direction', async () => {
    // Unisolated, "5 apples" from سارة showed as "5سارة apples" and "مرحبا!" ran into the name.
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    el.style.width = '600px';
    client.addMessage(message('سارة', '5 apples, please!'));
    client.addMessage(message('سارة', 'مرحبا!'));
    client.addMessage(message('سارة Sara', 'hello everyone'));
    await el.updateComplete;
    const rows = [...shadow(el).querySelectorAll('li[part=message]')];
    expect(rows).to.have.length(3);
    // Apart, with the gap on the side facing the text (it once fell on the name's far side); the colon
    // too, after the name on the text's side (drawn inside the name's isolation, it went to the name's
    // far side: "سارة:" read as ":Sara سارة hello").
    for (const row of rows) expectColonAndGap(row, false);
    // And left-to-right names (one mixed) in a right-to-left room.
    el.dir = 'rtl';
    client.addMessage(message('Rowan', 'مرحبا'));
    client.addMessage(message('Warden W', 'Hi سارة!'));
    await el.updateComplete;
    for (const row of [...shadow(el).querySelectorAll('li[part=message]')].slice(-2)) expectColonAndGap(row, true);
  });

  it('announces the same words twice when they come twice', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const region = () => shadow(el).querySelector('[aria-live=polite]')!.textContent;
    client.addMessage(message('Bob', 'ok'));
    await el.updateComplete;
    const first = region();
    client.addMessage(message('Bob', 'ok'));
    await new Promise((r) => setTimeout(r, 1_600));
    await el.updateComplete;
    expect(first).to.include('ok');
    expect(region()).to.include('ok');
    expect(region()).to.not.equal(first);
  });

  it('a flood is not queued up for a screen reader: the first message, then one count per 1.5 s', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const said: string[] = [];
    const region = shadow(el).querySelector('[aria-live=polite]')!;
    new MutationObserver(() => {
      const now = region.textContent ?? '';
      if (now.trim() && said.at(-1) !== now) said.push(now);
    }).observe(region, { childList: true, characterData: true, subtree: true });
    for (let i = 0; i < 12; i++) client.addMessage(message('Bob', `m${i}`));
    await el.updateComplete;
    expect(region.textContent).to.equal('New message from Bob: m0');
    await new Promise((r) => setTimeout(r, 1_600));
    await el.updateComplete;
    expect(region.textContent).to.equal('11 new messages');
    client.addMessage(message('Bob', 'late'));
    await new Promise((r) => setTimeout(r, 1_600));
    await el.updateComplete;
    expect(region.textContent, 'one held back is said as itself').to.equal('New message from Bob: late');
    await new Promise((r) => setTimeout(r, 1_600));
    expect(said, 'three announcements in all').to.deep.equal(['New message from Bob: m0', '11 new messages', 'New message from Bob: late']);
  });

  it('its placeholder is the muted colour, readable on the dark theme too (not the browser grey)', async () => {
    const box = document.createElement('div');
    box.style.colorScheme = 'dark';
    document.body.append(box);
    const el = await part<ParlorChatPanel>('parlor-chat-panel', new FakeClient());
    box.append(el);
    await el.updateComplete;
    const input = shadow(el).querySelector('input')!;
    expect(getComputedStyle(input, '::placeholder').color).to.equal('rgb(167, 171, 184)');
    box.remove();
  });

  it('announces a new message from someone else politely', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Bob', 'hello there'));
    await el.updateComplete;
    await el.updateComplete;
    expect(shadow(el).querySelector('[aria-live=polite]')!.textContent).to.equal('New message from Bob: hello there');
  });

  it('a deleted message leaves the live region too: its words are not kept there, nor said later', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const live = () => shadow(el).querySelector('[aria-live=polite]')!.textContent;
    const spam = message('Gus', 'spam spam spam');
    client.addMessage(spam);
    await el.updateComplete;
    expect(live()).to.equal('New message from Gus: spam spam spam');
    // Held back behind the first (one announcement per 1.5 s), then deleted before its turn.
    const more = message('Gus', 'more spam');
    client.addMessage(more);
    client.emit('messageDeleted', spam.id);
    client.emit('messageDeleted', more.id);
    await el.updateComplete;
    expect(live()).to.equal('');
    await new Promise((r) => setTimeout(r, 1_700));
    await el.updateComplete;
    expect(live(), 'the held-back one is not said either').to.equal('');
  });

  it('moved to another place in the page, it still announces', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await el.updateComplete;
    client.addMessage(message('Bob', 'after the move'));
    await el.updateComplete;
    expect(shadow(el).querySelector('[aria-live=polite]')!.textContent).to.equal('New message from Bob: after the move');
    other.remove();
  });

  it('a sender not announced yet (its name is still its internal id): announced without the id', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Bob', 'early bird', { from: { identity: 'guest_x7Qp', name: 'guest_x7Qp' } }));
    await el.updateComplete;
    await el.updateComplete;
    expect(shadow(el).querySelector('[aria-live=polite]')!.textContent).to.equal('New message: early bird');
  });

  it('links only http, https and mailto, with safe rel, and asks before leaving the site', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Alice', 'see https://example.com/x and javascript:alert(1)'));
    await el.updateComplete;
    const links = shadow(el).querySelectorAll('a');
    expect(links).to.have.length(1);
    expect(links[0]!.rel).to.equal('noopener noreferrer nofollow ugc');
    const opened: unknown[] = [];
    const realOpen = window.open;
    window.open = (...a: unknown[]) => (opened.push(a), null);
    try {
      links[0]!.focus();
      links[0]!.click();
      await el.updateComplete;
      const dialog = shadow(el).querySelector('dialog')!;
      expect(dialog.open).to.equal(true);
      expect(dialog.textContent).to.include('You are leaving this site for example.com.');
      // Focus moved into the modal dialog; Escape cancels and focus returns to the link.
      expect(dialog.contains(shadow(el).activeElement)).to.equal(true);
      await expectAccessible(el);
      dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
      dialog.close();
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(shadow(el).activeElement).to.equal(links[0]);
      expect(opened).to.have.length(0);
      links[0]!.click();
      await el.updateComplete;
      [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Open link')!.click();
      expect(opened).to.have.length(1);
      expect((opened[0] as unknown[])[0]).to.equal('https://example.com/x');
    } finally {
      window.open = realOpen;
    }
  });

  it('a middle-click on a link asks first, as a click does (a right-click is left to the browser)', async () => {
    const { el, dialog, opened, link, confirm, restore } = await linkPanel('see https://example.com/x');
    try {
      const right = mouse('auxclick', { button: 2 });
      link.dispatchEvent(right);
      await el.updateComplete;
      expect(right.defaultPrevented).to.equal(false);
      expect(dialog.open).to.equal(false);
      // Middle-click opens a new tab as auxclick's default action, without a click event.
      const middle = mouse('auxclick', { button: 1 });
      link.dispatchEvent(middle);
      await el.updateComplete;
      expect(middle.defaultPrevented).to.equal(true);
      expect(dialog.open).to.equal(true);
      expect(dialog.textContent).to.include('You are leaving this site for example.com.');
      expect(opened).to.have.length(0);
      confirm();
      expect(opened.map((a) => a[0])).to.deep.equal(['https://example.com/x']);
    } finally {
      restore();
    }
  });

  it('Ctrl, Cmd and Shift+click on a link ask first too (no new tab or window behind the dialog)', async () => {
    const { el, dialog, opened, link, restore } = await linkPanel('see https://example.com/x');
    try {
      for (const key of ['ctrlKey', 'metaKey', 'shiftKey'] as const) {
        const click = mouse('click', { [key]: true });
        link.dispatchEvent(click);
        await el.updateComplete;
        expect(click.defaultPrevented).to.equal(true, key);
        expect(dialog.open).to.equal(true, key);
        dialog.close();
        await el.updateComplete;
      }
      expect(opened).to.have.length(0);
    } finally {
      restore();
    }
  });

  it('draws the ↗ "leaves the site" marker after a link', async () => {
    const { link, restore } = await linkPanel('see https://example.com/x');
    restore();
    expect(getComputedStyle(link, '::after').content).to.include('↗');
  });

  it('opens a confirmed link in a new tab without opener or referrer', async () => {
    const { el, dialog, opened, link, confirm, restore } = await linkPanel('see https://example.com/x');
    try {
      link.click();
      await el.updateComplete;
      confirm();
      expect(dialog.open).to.equal(false);
      expect(opened).to.have.length(1);
      const [url, target, features] = opened[0]!;
      expect(url).to.equal('https://example.com/x');
      expect(target).to.equal('_blank');
      const flags = String(features).split(',').map((f) => f.trim());
      expect(flags).to.include('noopener');
      expect(flags).to.include('noreferrer');
    } finally {
      restore();
    }
  });

  it('links mailto: addresses, and asks before opening them too', async () => {
    const { el, dialog, opened, link, confirm, restore } = await linkPanel('write to mailto:someone@example.com');
    try {
      expect(link.getAttribute('href')).to.equal('mailto:someone@example.com');
      expect(link.textContent).to.equal('mailto:someone@example.com');
      expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
      const click = mouse('click');
      link.dispatchEvent(click);
      await el.updateComplete;
      expect(click.defaultPrevented).to.equal(true);
      expect(dialog.open).to.equal(true);
      expect(dialog.textContent).to.include('someone@example.com');
      expect(opened).to.have.length(0);
      confirm();
      expect(opened.map((a) => a[0])).to.deep.equal(['mailto:someone@example.com']);
    } finally {
      restore();
    }
  });

  it('finds links without a scheme under known endings (opened over https), not two sentences run together, and names the real host of a link with a user part', async () => {
    expect(await linksIn('try example.org, docs.dev, a@b.com, notes.txt or ftp://files.org/x (see en.wikipedia.org/wiki/Tea_(drink)). Hello.Is anyone here?')).to.deep.equal([
      ['example.org', 'https://example.org/'],
      ['docs.dev', 'https://docs.dev/'],
      ['a@b.com', 'mailto:a@b.com'],
      ['en.wikipedia.org/wiki/Tea_(drink)', 'https://en.wikipedia.org/wiki/Tea_(drink)'],
    ]);
    const { el: other, dialog, link, restore } = await linkPanel('go https://bank.example@evil.test/login now');
    try {
      expect(link.textContent).to.equal('https://bank.example@evil.test/login');
      link.click();
      await other.updateComplete;
      expect(dialog.textContent).to.include('You are leaving this site for evil.test.');
    } finally {
      restore();
    }
    for (const [text, shown] of [
      ['write to mailto:ana.l%C3%B3pez@example.com', 'ana.lópez@example.com'],
      ['write to support@pаypal.com', 'support@xn--pypal-4ve.com'],
    ]) {
      const mail = await linkPanel(text!);
      try {
        mail.link.click();
        await mail.el.updateComplete;
        expect(mail.dialog.textContent, 'the name as written, the domain as the browser reads it').to.include(`leaving this site for ${shown}.`);
      } finally {
        mail.restore();
        cleanup();
      }
    }
  });

  it('ends a link at emoji, symbols, reordering marks and letters of other scripts against it', async () => {
    expect(await linksIn('👉example.com, https://example.com🎉 https://example.org™ 请访问https://example.net谢谢 https://evil.test/\u202Emoc.lapyap//:sptth 👋🏽example.io ユーザーexample.jp')).to.deep.equal([
      ['example.com', 'https://example.com/'],
      ['https://example.com', 'https://example.com/'],
      ['https://example.org', 'https://example.org/'],
      ['https://example.net', 'https://example.net/'],
      ['https://evil.test/', 'https://evil.test/'],
      ['example.io', 'https://example.io/'],
      ['example.jp', 'https://example.jp/'],
    ]);
  });

  it('shows a link in a right-to-left message in its own order, scheme first', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Alice', 'زوروا https://evil.test/صفحة/paypal.com اليوم'));
    await el.updateComplete;
    const link = shadow(el).querySelector('a')!;
    const text = [...link.childNodes].find((n): n is Text => n.nodeType === Node.TEXT_NODE && (n as Text).data.includes('https'))!;
    const left = (word: string) => {
      const range = document.createRange();
      const at = text.data.indexOf(word);
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      return range.getBoundingClientRect().left;
    };
    expect(left('https') < left('paypal.com'), 'the address reads from its scheme, left to right').to.equal(true);
  });

  it('keeps the whole host of a long link inside the leaving dialog, on a phone too', async () => {
    const host = `www.paypal.com.${'x'.repeat(60)}.evil.test`;
    try {
      for (const width of [1280, 360]) {
        await setViewport({ width, height: 700 });
        const { el, dialog, link, restore } = await linkPanel(`go https://${host}/x`);
        try {
          link.click();
          await el.updateComplete;
          const text = dialog.querySelector<HTMLElement>('#leave-text')!;
          expect(text.textContent).to.include(host);
          expect(text.scrollWidth <= text.clientWidth, `${width} px: the host wraps inside the dialog`).to.equal(true);
          expect(dialog.getBoundingClientRect().right <= window.innerWidth, `${width} px: the dialog fits the screen`).to.equal(true);
          dialog.close();
        } finally {
          restore();
          cleanup();
        }
      }
    } finally {
      // Playwright's page size when the runner opened it.
      await setViewport({ width: 1280, height: 720 });
    }
  });

  it('closes the leaving dialog when its message is deleted (not another), or the room changes, and opens nothing', async () => {
    const { el, dialog, opened, link, restore } = await linkPanel('phish https://evil.test/login');
    const client = (el as unknown as { client: FakeClient }).client;
    try {
      link.click();
      await el.updateComplete;
      expect(dialog.open).to.equal(true);
      const other = message('Bob', 'unrelated');
      client.addMessage(other);
      let log = client.getState().chat;
      client.set({ chat: log.set(1, { ...other, deleted: true }) });
      client.emit('messageDeleted', other.id);
      await el.updateComplete;
      expect(dialog.open, 'another message deleted: the question stays').to.equal(true);
      log = client.getState().chat;
      client.set({ chat: log.set(0, { ...log.get(0)!, deleted: true }) });
      client.emit('messageDeleted', log.get(0)!.id);
      await el.updateComplete;
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(opened).to.have.length(0);
      expect(shadow(el).querySelector('a') === null, 'the link went with its message').to.equal(true);
      expect(shadow(el).activeElement === shadow(el).querySelector('.log'), 'the focus goes to the chat, not the page').to.equal(true);
      // And why the question went is said.
      expect(shadow(el).querySelector('[aria-live=polite]')!.textContent).to.equal('The message with that link is no longer shown.');
      // The panel handed another room's client while asking: that room's chat has no such link.
      shadow(el).querySelector<HTMLElement>('.log')!.blur();
      client.addMessage(message('Alice', 'again https://evil.test/again'));
      await el.updateComplete;
      shadow(el).querySelector('a')!.click();
      await el.updateComplete;
      expect(dialog.open).to.equal(true);
      (el as unknown as { client: FakeClient }).client = new FakeClient();
      await el.updateComplete;
      await el.updateComplete;
      expect(dialog.open, 'another room: the question goes').to.equal(false);
      expect(opened).to.have.length(0);
    } finally {
      restore();
    }
  });

  it('sends on submit and clears the field; the host veto keeps the text and sends nothing', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const input = shadow(el).querySelector<HTMLInputElement>('input[name=text]')!;
    el.beforeSend = ({ text }) => !text.includes('forbidden');
    input.value = 'a forbidden word';
    shadow(el).querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls.filter((c) => c[0] === 'sendChat')).to.have.length(0);
    expect(input.value).to.equal('a forbidden word');
    el.beforeSend = () => {
      throw new Error('host says no');
    };
    shadow(el).querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls.filter((c) => c[0] === 'sendChat')).to.have.length(0);
    el.beforeSend = undefined;
    input.value = 'fine';
    shadow(el).querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls).to.deep.include(['sendChat', 'fine']);
    expect(input.value).to.equal('');
  });

  it('an async host veto: a second Enter while it decides sends nothing more, and text typed meanwhile stays', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const input = shadow(el).querySelector<HTMLInputElement>('input[name=text]')!;
    const form = shadow(el).querySelector('form')!;
    const asked: string[] = [];
    let allow!: (ok: boolean) => void;
    el.beforeSend = ({ text }) => (asked.push(text), new Promise<boolean>((r) => (allow = r)));
    input.value = 'hello';
    form.requestSubmit();
    form.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    input.value = 'hello and more';
    allow(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).to.deep.equal(['hello']);
    expect(client.calls.filter((c) => c[0] === 'sendChat')).to.deep.equal([['sendChat', 'hello']]);
    expect(input.value).to.equal('and more');
    // Once decided, the next submit is asked about again.
    form.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).to.deep.equal(['hello', 'and more']);
  });

  /** A panel whose sends fail with `error`: the codes reported, and the field. */
  async function failingPanel(error: ParlorError) {
    const client = new FakeClient();
    client.failWith = error;
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const errors: string[] = [];
    el.addEventListener('parlor-error', (e) => errors.push(e.detail.error.code));
    return { el, errors, input: shadow(el).querySelector<HTMLInputElement>('input[name=text]')! };
  }

  it('a failed send keeps the text and reports parlor-error', async () => {
    const { el, errors, input } = await failingPanel(new ParlorError('not_connected', 'Not in the room.'));
    input.value = 'keep me';
    shadow(el).querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).to.deep.equal(['not_connected']);
    expect(input.value).to.equal('keep me');
  });

  it('a pasted text longer than a message may be is kept whole, and the send says it is too long (nothing cut silently)', async () => {
    const { el, errors, input } = await failingPanel(new ParlorError('message_too_large', 'A message can be at most 4096 bytes long.'));
    input.focus();
    // As a paste does: through the editing path, where a `maxlength` would cut it.
    const pasted = 'x'.repeat(5_000);
    document.execCommand('insertText', false, pasted);
    expect(input.value.length, 'all of it in the field').to.equal(5_000);
    shadow(el).querySelector('form')!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(errors).to.deep.equal(['message_too_large']);
    expect(input.value).to.equal(pasted);
  });

  it('shows sending and failed states, with a retry button', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const m = message('Me', 'oops', { status: 'failed', local: true, from: { identity: 'id-me', name: 'Me' } });
    client.addMessage(m);
    await el.updateComplete;
    const row = shadow(el).querySelector(`li[data-id="${m.id}"]`)!;
    expect(row.textContent).to.include('Not sent');
    [...row.querySelectorAll('button')].find((b) => b.textContent === 'Retry')!.click();
    expect(client.calls).to.deep.include(['retryMessage', m.id]);
  });

  /**
   * A panel with one message of mine whose Delete button was focused and
   * pressed; unless the client refuses, the message is marked deleted before
   * deleteMessage() resolves, as core does once the delete is sent.
   */
  async function pressDelete(client: FakeClient) {
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const mine = message('Me', 'regret this', { local: true, from: { identity: 'id-me', name: 'Me' } });
    client.addMessage(mine);
    client.deleteMessage = async (id) => {
      client.calls.push(['deleteMessage', id]);
      await sleep(10); // sent
      if (client.failWith) throw client.failWith;
      client.set({ chat: client.getState().chat.set(0, { ...mine, deleted: true }) });
    };
    await el.updateComplete;
    const root = shadow(el);
    const del = root.querySelector<HTMLButtonElement>(`li[data-id="${mine.id}"] button`)!;
    del.focus();
    del.click();
    return { el, root, mine, del };
  }

  it('a long message is quoted in whole words and characters, with an ellipsis, in its Delete button and its announcement', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    client.addMessage(message('Me', 'Slides for today at https://example.com/deck and notes', { local: true, from: { identity: 'id-me', name: 'Me' } }));
    // An emoji (two UTF-16 units) right at the 40th character.
    client.addMessage(message('Me', `${'x'.repeat(39)}😀 and more`, { local: true, from: { identity: 'id-me', name: 'Me' } }));
    // An emoji of several code points (a family: three people joined) at the 40th.
    client.addMessage(message('Me', `${'y'.repeat(39)}👩‍👩‍👧 and more`, { local: true, from: { identity: 'id-me', name: 'Me' } }));
    // Exactly 40 characters: quoted whole, no ellipsis.
    client.addMessage(message('Me', 'z'.repeat(40), { local: true, from: { identity: 'id-me', name: 'Me' } }));
    client.addMessage(message('Bob', `${'word '.repeat(40)}end`));
    await el.updateComplete;
    const labels = [...shadow(el).querySelectorAll('li[part=message] button')].map((b) => b.getAttribute('aria-label'));
    expect(labels).to.deep.equal([
      'Delete: Slides for today at https://example.com/…',
      `Delete: ${'x'.repeat(39)}😀…`,
      `Delete: ${'y'.repeat(39)}👩‍👩‍👧…`,
      `Delete: ${'z'.repeat(40)}`,
    ]);
    const said = shadow(el).querySelector('[aria-live=polite]')!.textContent!;
    expect(said.endsWith('word…'), said).to.equal(true);
  });

  it('deleting a message, or jumping to new messages, leaves focus on the chat log rather than nowhere', async () => {
    const client = new FakeClient();
    const { root, mine } = await pressDelete(client);
    expect(client.calls).to.deep.include(['deleteMessage', mine.id]);
    await sleep(50);
    expect(root.querySelector(`li[data-id="${mine.id}"] button`)).to.equal(null);
    expect(root.activeElement === root.querySelector('[part=log]'), 'the log focused').to.equal(true);
  });

  it('a refused delete leaves no trap: the row going later, while the person is elsewhere, does not pull the focus back', async () => {
    const client = new FakeClient();
    client.failWith = new Error('refused');
    const { el, mine, del } = await pressDelete(client);
    await sleep(50);
    del.blur(); // on to the host page
    client.set({ chat: client.getState().chat.set(0, { ...mine, deleted: true }) });
    await el.updateComplete;
    await sleep(0);
    expect(document.activeElement === document.body, 'the focus stays on the page').to.equal(true);
  });

  it('is read only, saying so, for someone who may not chat', async () => {
    const client = new FakeClient({ local: localInfo({ role: 'viewer', can: { publish: false, chat: false, moderate: false, subscribe: true } }) });
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    expect(shadow(el).querySelector('input')).to.equal(null);
    expect(shadow(el).querySelector('.readonly')!.textContent).to.equal('Only people in the room can write here.');
    await expectAccessible(el);
  });

  it('for a participant whose chat right ended (consent withdrawn, here or in another window), says why and what to do', async () => {
    const client = new FakeClient({ local: localInfo({ role: 'participant', can: { publish: false, chat: true, moderate: false, subscribe: true } }) });
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    expect(shadow(el).querySelector('input') !== null).to.equal(true);
    client.set({ local: localInfo({ role: 'participant', can: { publish: false, chat: false, moderate: false, subscribe: true } }) });
    await el.updateComplete;
    expect(shadow(el).querySelector('input') === null).to.equal(true);
    expect(shadow(el).querySelector('.readonly')!.textContent).to.equal('Your consent for this room has ended. Join again to write here.');
  });

  it('scrolled up, new messages show a "new messages" button that jumps back down', async () => {
    const { client, el, list } = await scrollingPanel(60, 'line');
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    client.addMessage(message('Alice', 'while you were away'));
    client.addMessage(message('Alice', 'and again'));
    await el.updateComplete;
    const jump = shadow(el).querySelector<HTMLButtonElement>('[part=jump]')!;
    expect(jump.textContent).to.equal('New messages (2)');
    await expectAccessible(el);
    jump.focus();
    jump.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=jump]')).to.equal(null);
    expect(shadow(el).activeElement === list, 'the log focused').to.equal(true);
    expect(list.scrollHeight - list.scrollTop - list.clientHeight).to.be.below(24);
  });

  it('keeps a window of rows in the DOM however long the history', async () => {
    const client = new FakeClient();
    let log = client.getState().chat;
    for (let i = 0; i < 1001; i++) log = log.push(message('Bot', `line ${i}`));
    client.set({ chat: log });
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const rows = shadow(el).querySelectorAll('li[part=message]');
    expect(rows.length).to.be.within(120, 160);
    expect(rows[rows.length - 1]!.textContent).to.include('line 1000');
  });

  it('messages arriving one by one for a long time keep the DOM bounded (no marker left per message)', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const list = shadow(el).querySelector<HTMLElement>('.log')!;
    for (let i = 0; i < 400; i++) {
      client.addMessage(message('Bot', `live ${i}`));
      await el.updateComplete;
    }
    const rows = list.querySelectorAll('li[part=message]');
    expect(rows.length).to.be.within(120, 160);
    expect(rows[rows.length - 1]!.textContent).to.include('live 399');
    // Each row, two markers per row and per block, plus at most one per block
    // that left (lit/lit#5298); one per message that left would be 280 more.
    expect(list.childNodes.length).to.be.below(3 * rows.length + 2 * 4 + 400 / 40 + 5);
  });

  it('a row keeps its DOM, and focus, while newer messages arrive and older blocks leave the DOM', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    for (let i = 0; i < 150; i++) client.addMessage(message('Bot', `early ${i}`));
    await el.updateComplete;
    const row = [...shadow(el).querySelectorAll<HTMLElement>('li[part=message]')].find((li) => li.textContent!.includes('early 130'))!;
    row.tabIndex = -1;
    row.focus();
    for (let i = 0; i < 60; i++) {
      client.addMessage(message('Bot', `later ${i}`));
      await el.updateComplete;
    }
    const rows = [...shadow(el).querySelectorAll('li[part=message]')];
    expect(rows[0]!.textContent).not.to.include('early 0 ', 'the oldest block left the DOM');
    expect(rows.includes(row)).to.equal(true);
    expect(row.textContent).to.include('early 130');
    expect(shadow(el).activeElement).to.equal(row);
  });

  it('rows follow what they depend on besides the message: my rights, the language, a changed status', async () => {
    const client = new FakeClient();
    const el = await part<ParlorChatPanel>('parlor-chat-panel', client);
    const m = message('Bot', 'spam');
    client.addMessage(m);
    await el.updateComplete;
    const deleteButtons = () => shadow(el).querySelectorAll('li[part=message] button').length;
    expect(deleteButtons()).to.equal(0);
    client.set({ local: localInfo({ can: { publish: true, chat: true, moderate: true, subscribe: true } }) });
    await el.updateComplete;
    expect(deleteButtons()).to.equal(1, 'a moderator gets a delete button on an existing row');
    client.set({ chat: client.getState().chat.set(0, { ...m, deleted: true }) });
    await el.updateComplete;
    expect(shadow(el).querySelector('li[part=message]')!.textContent).to.equal('Message deleted');
    el.localizer = await loadLocalizer('es');
    await el.updateComplete;
    expect(shadow(el).querySelector('li[part=message]')!.textContent).to.equal('Mensaje borrado');
  });

  it('scrolled to the top, older rows come back into the window', async () => {
    const { el, list } = await scrollingPanel(400, 'old');
    const firstShown = () => Number(list.querySelector('li[part=message] .text')!.textContent!.split(' ')[1]);
    const before = firstShown();
    expect(before).to.be.above(0);
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    expect(firstShown()).to.be.below(before);
    // All the way up: the first message, and no more "older" to bring in.
    for (let i = 0; i < 20; i++) {
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
    }
    expect(firstShown()).to.equal(0);
  });
});
