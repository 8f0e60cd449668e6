import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorControlsBar } from './controls-bar.js';
import { FakeClient, button, cleanup, expectAccessible, localInfo, part, shadow } from '../../test/helpers.js';

const noPublish = localInfo({ role: 'participant', can: { publish: false, chat: true, moderate: false, subscribe: true } });
const consentWith = (broadcast: boolean) => ({
  receipt: 'r',
  record: {
    id: 'c1',
    subject: 'guest-1',
    room: 'test',
    purposes: { terms: true, broadcast, recording: false, analytics: false },
    policyVersion: 't1',
    issuedAt: '2026-12-06T10:00:00.000Z',
    method: 'web-form',
    gpc: false,
  },
});

describe('<parlor-controls-bar>', () => {
  afterEach(cleanup);

  it('shows media buttons with pressed state for someone who may publish; accessible', async () => {
    const client = new FakeClient({ local: localInfo({ camera: true }) });
    const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
    const root = shadow(el);
    // The label says the action; no aria-pressed beside it ("Turn camera off, pressed" reads either way).
    expect(button(root, 'Turn camera off')!.hasAttribute('aria-pressed')).to.equal(false);
    expect(button(root, 'Turn camera off')!.classList.contains('on')).to.equal(true);
    expect(button(root, 'Turn microphone on')!.classList.contains('on')).to.equal(false);
    expect(button(root, 'Share screen')).not.to.equal(null);
    expect(button(root, 'Ask to go live')).to.equal(null);
    await expectAccessible(el);
    button(root, 'Turn microphone on')!.click();
    button(root, 'Turn camera off')!.click();
    expect(client.calls).to.deep.include(['setMicrophone', true]);
  });

  it('offers "ask to go live" instead when the token does not allow publishing', async () => {
    const client = new FakeClient({ local: noPublish, consent: consentWith(true) });
    const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
    expect(button(shadow(el), 'Turn camera on')).to.equal(null);
    button(shadow(el), 'Ask to go live')!.click();
    expect(client.calls).to.deep.equal([['raiseHand', true]]);
  });

  describe('someone who declined the camera is asked first', () => {
    const open = async (client: FakeClient) => {
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      const root = shadow(el);
      const ask = button(root, 'Ask to go live')!;
      ask.focus();
      ask.click();
      await new Promise((r) => setTimeout(r, 0));
      await el.updateComplete;
      const dialog = root.querySelector('dialog')!;
      expect(dialog.open, 'the question is open').to.equal(true);
      return { el, root, ask, dialog };
    };
    const settle = async (el: ParlorControlsBar) => {
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
    };

    it('"I agree" changes the consent to allow the camera, then raises the hand; the focus lands on "Lower hand"; accessible', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const { el, root, dialog } = await open(client);
      expect(client.calls, 'nothing before the answer').to.deep.equal([]);
      expect(dialog.getAttribute('aria-labelledby')).to.equal('live-title');
      expect(dialog.textContent, 'not recorded: nothing said of it').not.to.include('record');
      await expectAccessible(el);
      button(dialog, 'I agree, ask to go live')!.click();
      await settle(el);
      expect(client.calls).to.deep.equal([
        ['changeConsent', { broadcast: true }],
        ['raiseHand', true],
      ]);
      expect(dialog.open).to.equal(false);
      client.set({ local: { ...noPublish, handRaised: true } });
      await settle(el);
      expect(root.activeElement).to.equal(button(root, 'Lower hand'));
    });

    it('while the room is recorded, the question says agreeing covers being recorded, and the answer does (a moderator could not let them on without it)', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false), recording: true });
      const { el, dialog } = await open(client);
      expect(dialog.textContent).to.include('This room is being recorded: by agreeing, you also agree that it records you.');
      button(dialog, 'I agree, ask to go live')!.click();
      await settle(el);
      expect(client.calls).to.deep.equal([
        ['changeConsent', { broadcast: true, recording: true }],
        ['raiseHand', true],
      ]);
    });

    it('in a room that asks recording consent of everyone on camera, the question says it may record them, and the answer covers it', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      client.set({ policy: { ...client.getState().policy!, requireRecordingConsent: true } });
      const { el, dialog } = await open(client);
      expect(dialog.textContent).to.include('This room may be recorded: by agreeing, you also agree that it may record you.');
      button(dialog, 'I agree, ask to go live')!.click();
      await settle(el);
      expect(client.calls[0]).to.deep.equal(['changeConsent', { broadcast: true, recording: true }]);
    });

    it('a recording that starts while the question is open closes it (agreeing would now mean more than it said); nothing is sent', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const { el, dialog } = await open(client);
      client.set({ recording: true });
      await settle(el);
      expect(dialog.open).to.equal(false);
      expect(client.calls).to.deep.equal([]);
    });

    it('Cancel, or Escape, changes nothing and gives the focus back to the button', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const { el, root, dialog } = await open(client);
      button(dialog, 'Cancel')!.click();
      await settle(el);
      expect(dialog.open).to.equal(false);
      expect(client.calls).to.deep.equal([]);
      expect(root.activeElement).to.equal(button(root, 'Ask to go live'));
      button(root, 'Ask to go live')!.click();
      await settle(el);
      expect(dialog.open).to.equal(true);
      dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
      dialog.close();
      await settle(el);
      expect(client.calls).to.deep.equal([]);
      expect(root.activeElement).to.equal(button(root, 'Ask to go live'));
    });

    it('while the answer is on its way, Cancel and Escape wait for it (a yes cannot be half taken back)', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      let done!: () => void;
      client.changeConsent = (p: Record<string, boolean>) => (client.calls.push(['changeConsent', p]), new Promise<void>((r) => (done = r)));
      const { el, dialog } = await open(client);
      button(dialog, 'I agree, ask to go live')!.click();
      button(dialog, 'I agree, ask to go live')!.click();
      await el.updateComplete;
      const cancel = button(dialog, 'Cancel')!;
      expect(cancel.getAttribute('aria-disabled')).to.equal('true');
      cancel.click();
      const escape = new Event('cancel', { cancelable: true });
      dialog.dispatchEvent(escape);
      expect(escape.defaultPrevented, 'Escape is held').to.equal(true);
      expect(dialog.open).to.equal(true);
      done();
      await settle(el);
      expect(client.calls, 'one change, then the hand').to.deep.equal([['changeConsent', { broadcast: true }], ['raiseHand', true]]);
      expect(dialog.open).to.equal(false);
    });

    it('the question goes when it no longer applies: the consent changed another way', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const { el, root, dialog } = await open(client);
      client.set({ consent: consentWith(true) });
      await settle(el);
      expect(dialog.open).to.equal(false);
      expect(client.calls).to.deep.equal([]);
      expect(root.activeElement, 'the focus on the plain ask button now').to.equal(button(root, 'Ask to go live'));
    });

    it('withdrawn while the question is open: it goes, and the focus stays in the toolbar', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const { el, root, dialog } = await open(client);
      client.set({ consent: undefined, local: { ...noPublish, can: { ...noPublish.can, chat: false } } });
      await settle(el);
      expect(dialog.open).to.equal(false);
      expect(root.activeElement).to.equal(button(root, 'Copy invite link'));
    });

    it('without chat rights (consent withdrawn) there is no asking at all', async () => {
      const client = new FakeClient({ local: { ...noPublish, can: { ...noPublish.can, chat: false } }, consent: undefined });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      expect(button(shadow(el), 'Ask to go live')).to.equal(null);
    });

    it('with chat rights but no consent in the page (replaced or withdrawn in another window) there is no asking: nothing could be changed', async () => {
      const client = new FakeClient({ local: noPublish, consent: undefined });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      // Compared as booleans: chai describing an element it did not expect hangs the page.
      expect(button(shadow(el), 'Ask to go live') === null, 'no ask button').to.equal(true);
      expect(button(shadow(el), 'Leave') !== null).to.equal(true);
    });

    it('a failure closes the question and becomes parlor-error; the hand stays down', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      client.failWith = new Error('offline');
      const { el, dialog } = await open(client);
      const got = new Promise<string>((r) => el.addEventListener('parlor-error', (e) => r(e.detail.error.message)));
      button(dialog, 'I agree, ask to go live')!.click();
      expect(await got).to.equal('offline');
      expect(dialog.open).to.equal(false);
      expect(client.calls.map((c) => c[0])).to.deep.equal(['changeConsent']);
    });
  });

  describe('someone a running recording holds back (no recording consent) is asked to agree to it', () => {
    const heldBack = { ...noPublish, recordingConsentNeeded: true };

    it('"Go on camera" asks; "I agree to be recorded" adds recording to the consent and waits for the camera and microphone buttons, which get the focus; accessible', async () => {
      const client = new FakeClient({ local: heldBack, consent: consentWith(true), recording: true });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      const root = shadow(el);
      expect(button(root, 'Ask to go live') === null, 'not the moderator\'s question').to.equal(true);
      const ask = button(root, 'Go on camera')!;
      expect(ask.getAttribute('aria-haspopup')).to.equal('dialog');
      ask.focus();
      ask.click();
      await el.updateComplete;
      const dialog = root.querySelector('dialog')!;
      expect(dialog.open).to.equal(true);
      expect(dialog.textContent).to.include('This room is being recorded');
      expect(dialog.textContent).to.include('agree that the room may record you');
      await expectAccessible(el);
      expect(client.calls, 'nothing before the answer').to.deep.equal([]);
      button(dialog, 'I agree to be recorded')!.click();
      await new Promise((r) => setTimeout(r, 50));
      expect(client.calls, 'only what was asked').to.deep.equal([['changeConsent', { recording: true }]]);
      expect(dialog.open, 'open until publishing is back').to.equal(true);
      expect(dialog.getAttribute('aria-busy')).to.equal('true');
      // The server kit gives publishing back and clears its mark.
      client.set({ local: localInfo({ role: 'participant' }) });
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(button(root, 'Go on camera') === null).to.equal(true);
      expect(root.activeElement === button(root, 'Turn microphone on'), 'the focus on the first media button').to.equal(true);
    });

    it('the dialog opens with its own words in place: what is read out on opening is the recording question, even after the "Go live?" one', async () => {
      const client = new FakeClient({ local: noPublish, consent: consentWith(false) });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      const root = shadow(el);
      const dialog = root.querySelector('dialog')!;
      const headings: string[] = [];
      const show = dialog.showModal.bind(dialog);
      dialog.showModal = () => (headings.push(dialog.querySelector('h2')!.textContent ?? ''), show());
      button(root, 'Ask to go live')!.click();
      await new Promise((r) => setTimeout(r, 20));
      button(dialog, 'Cancel')!.click();
      await new Promise((r) => setTimeout(r, 20));
      client.set({ local: heldBack, consent: consentWith(true), recording: true });
      await el.updateComplete;
      button(root, 'Go on camera')!.click();
      await new Promise((r) => setTimeout(r, 20));
      expect(headings).to.deep.equal(['Go live?', 'This room is being recorded']);
    });

    it('in a room that asks recording consent of everyone on camera, not recording now, it says the room may be recorded; Cancel changes nothing and the button keeps the focus', async () => {
      const client = new FakeClient({ local: heldBack, consent: consentWith(true), recording: false });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      const root = shadow(el);
      button(root, 'Go on camera')!.focus();
      button(root, 'Go on camera')!.click();
      await el.updateComplete;
      const dialog = root.querySelector('dialog')!;
      expect(dialog.querySelector('h2')!.textContent).to.equal('This room may be recorded');
      button(dialog, 'Cancel')!.click();
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(client.calls).to.deep.equal([]);
      expect(root.activeElement === button(root, 'Go on camera')).to.equal(true);
    });

    it('the recording stops (publishing back without an answer): the question goes', async () => {
      const client = new FakeClient({ local: heldBack, consent: consentWith(true) });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      const root = shadow(el);
      button(root, 'Go on camera')!.click();
      await el.updateComplete;
      client.set({ local: localInfo({ role: 'participant' }) });
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(root.querySelector('dialog')!.open).to.equal(false);
      expect(client.calls).to.deep.equal([]);
      expect(root.activeElement === button(root, 'Turn microphone on'), 'the focus in the row, not on the page').to.equal(true);
    });

    it('a focused camera button that goes with publishing hands the focus to the row\'s first button; on a phone the row shows "Go on camera" from its start', async () => {
      const client = new FakeClient({ local: localInfo({ role: 'participant' }), consent: consentWith(true) });
      const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
      // A phone-sized room around it (the bar's one-row layout follows the room's width).
      const box = document.createElement('div');
      box.style.cssText = 'container-type: inline-size; width: 288px';
      document.body.append(box);
      box.append(el);
      await el.updateComplete;
      const root = shadow(el);
      const row = root.querySelector<HTMLElement>('.scroll')!;
      row.scrollLeft = row.scrollWidth;
      expect(row.scrollLeft > 0, 'scrolled along').to.equal(true);
      button(root, 'Turn camera on')!.focus();
      client.set({ local: heldBack, recording: true });
      await el.updateComplete;
      const ask = button(root, 'Go on camera')!;
      expect(root.activeElement === ask, 'the focus on Go on camera').to.equal(true);
      const r = row.getBoundingClientRect();
      const b = ask.getBoundingClientRect();
      expect(b.left >= r.left && b.right <= r.right, 'in sight').to.equal(true);
      // The focus elsewhere (the chat, say): the row still shows its new first button from its start.
      client.set({ local: localInfo({ role: 'participant' }), recording: false });
      await el.updateComplete;
      row.scrollLeft = row.scrollWidth;
      (document.activeElement as HTMLElement | null)?.blur();
      client.set({ local: heldBack, recording: true });
      await el.updateComplete;
      expect(row.scrollLeft, 'back at the start').to.equal(0);
    });
  });

  it('a toggle keeps focus while its action runs: marked aria-disabled, a click meanwhile does nothing', async () => {
    const client = new FakeClient();
    let done!: () => void;
    client.setCamera = (on: boolean) => (client.calls.push(['setCamera', on]), new Promise<void>((r) => (done = r)));
    const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
    const root = shadow(el);
    const camera = button(root, 'Turn camera on')!;
    camera.focus();
    camera.click();
    await el.updateComplete;
    expect(root.activeElement).to.equal(camera);
    expect(camera.getAttribute('aria-disabled')).to.equal('true');
    camera.click();
    button(root, 'Turn microphone on')!.click();
    expect(client.calls).to.deep.equal([['setCamera', true]]);
    await expectAccessible(el);
    done();
    await new Promise((r) => setTimeout(r, 20));
    expect(root.activeElement).to.equal(camera);
    expect(camera.getAttribute('aria-disabled')).to.equal('false');
  });

  it('arrow keys move between the buttons', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient());
    const root = shadow(el);
    const first = root.querySelector<HTMLButtonElement>('[role=toolbar] button')!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    expect(root.activeElement).to.equal(root.querySelectorAll('[role=toolbar] button')[1]);
    root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, composed: true }));
    expect(root.activeElement).to.equal(first);
    // Home and End, as in any toolbar: the last button (Leave), then the first.
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
    expect(root.activeElement?.textContent?.trim()).to.equal('Leave');
    root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true }));
    expect(root.activeElement).to.equal(first);
  });

  it('keys pressed inside the privacy dialog (opened from the bar) are left to it', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient());
    const privacy = shadow(el).querySelector('parlor-privacy')!;
    await (privacy as unknown as ParlorControlsBar).updateComplete;
    const dialog = shadow(privacy).querySelector('dialog')!;
    for (const key of ['Home', 'End', 'ArrowLeft', 'ArrowRight']) {
      const press = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true });
      dialog.dispatchEvent(press);
      // Not taken by the toolbar: the data box scrolls, the text field's caret moves.
      expect(press.defaultPrevented, key).to.equal(false);
    }
  });

  it('a failing action becomes parlor-error; Leave calls leave', async () => {
    const client = new FakeClient();
    client.failWith = new Error('camera busy');
    const el = await part<ParlorControlsBar>('parlor-controls-bar', client);
    const got = new Promise<string>((r) => el.addEventListener('parlor-error', (e) => r(e.detail.error.message)));
    button(shadow(el), 'Turn camera on')!.click();
    expect(await got).to.equal('camera busy');
    client.failWith = undefined;
    button(shadow(el), 'Leave')!.click();
    expect(client.calls.at(-1)).to.deep.equal(['leave']);
  });

  /** Presses "Copy invite link" with the clipboard stubbed; resolves to what was copied. */
  async function copyLink(el: ParlorControlsBar): Promise<string> {
    let copied = '';
    const clip = navigator.clipboard;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void (copied = t) } });
    try {
      // Right after a copy the same button reads "Link copied" for a while.
      (button(shadow(el), 'Copy invite link') ?? button(shadow(el), 'Link copied'))!.click();
      await new Promise((r) => setTimeout(r, 20));
      return copied;
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clip });
    }
  }

  it('copies the invite link', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient(), { inviteUrl: 'https://example.com/room?x=1' });
    expect(await copyLink(el)).to.equal('https://example.com/room?x=1');
    expect(button(shadow(el), 'Link copied')).not.to.equal(null);
    // Said in a status region too: the focused button's new name is not read out.
    expect(shadow(el).querySelector('[role=status]')!.textContent).to.equal('Link copied');
  });

  it('a second copy is said again and keeps its word for its own time (the first copy\u2019s timer does not clear it)', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient(), { inviteUrl: 'https://example.com/room' });
    await copyLink(el);
    const status = shadow(el).querySelector('[role=status]')!;
    const first = status.textContent;
    await new Promise((r) => setTimeout(r, 1_500));
    await copyLink(el);
    await el.updateComplete;
    // Said again: the region's words change (a no-break space), or a screen reader stays silent.
    expect(status.textContent, 'the second copy changes the status').to.not.equal(first);
    // 2.2 s after the first copy, 0.7 s after the second.
    await new Promise((r) => setTimeout(r, 700));
    await el.updateComplete;
    expect(status.textContent!.trim()).to.equal('Link copied');
  });

  it('a browser refusing the clipboard says so on the button, not as a server error', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient(), { inviteUrl: 'https://example.com/r' });
    const errors: Event[] = [];
    el.addEventListener('parlor-error', (e) => errors.push(e));
    const clip = navigator.clipboard;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    try {
      button(shadow(el), 'Copy invite link')!.click();
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(button(shadow(el), 'Could not copy: copy the address bar')).not.to.equal(null);
      expect(shadow(el).querySelector('[role=status]')!.textContent).to.equal('Could not copy: copy the address bar');
      expect(errors).to.have.length(0);
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clip });
    }
  });

  it('without invite-url copies the page\'s address without its invite token: a role is never handed on', async () => {
    const el = await part<ParlorControlsBar>('parlor-controls-bar', new FakeClient());
    const page = location.href;
    history.replaceState(null, '', `${location.pathname}?room=lobby&invite=OWNER-SECRET#chat`);
    try {
      expect(await copyLink(el)).to.equal(`${location.origin}${location.pathname}?room=lobby#chat`);
      // A hash route carries it too.
      history.replaceState(null, '', `${location.pathname}#/live?invite=OWNER-SECRET&tab=chat`);
      expect(await copyLink(el)).to.equal(`${location.origin}${location.pathname}#/live?tab=chat`);
      // An address without one is copied exactly, not re-encoded.
      history.replaceState(null, '', `${location.pathname}?q=a%20b&flag#x`);
      expect(await copyLink(el)).to.equal(`${location.origin}${location.pathname}?q=a%20b&flag#x`);
    } finally {
      history.replaceState(null, '', page);
    }
  });
});
