import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorPrejoin } from './prejoin.js';
import type { ParlorPrejoinEvent } from '../../events.js';
import { cleanup, expectAccessible, fixture, shadow, eventually, deepQuery } from '../../test/helpers.js';
import { Localizer } from '../../i18n/index.js';
import { es } from '../../i18n/es.js';

describe('<parlor-prejoin>', () => {
  afterEach(cleanup);

  it('shows a screen-name field with a hint not to use a real name, and is accessible', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin');
    const input = shadow(el).querySelector('input')!;
    expect(input.labels?.[0]?.textContent).to.equal('Screen name');
    expect(shadow(el).getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).to.match(/real name/);
    await expectAccessible(el);
  });

  it('refuses an invalid name with an alert and no event, then submits a valid one trimmed', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin');
    const events: ParlorPrejoinEvent[] = [];
    el.addEventListener('parlor-prejoin', (e) => events.push(e));
    const input = shadow(el).querySelector('input')!;
    input.value = 'x';
    shadow(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(shadow(el).querySelector('[role=alert]')?.textContent).to.match(/2–32/);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(input);
    await expectAccessible(el);

    input.value = '  Moonbeam  ';
    input.dispatchEvent(new Event('input'));
    shadow(el).querySelector('form')!.requestSubmit();
    expect(events).to.have.length(1);
    expect(events[0]!.detail.screenName).to.equal('Moonbeam');
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
  });

  it('submits with the Enter key', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin', { value: 'Kiwi' });
    const got = new Promise<ParlorPrejoinEvent>((r) => el.addEventListener('parlor-prejoin', r, { once: true }));
    const input = shadow(el).querySelector('input')!;
    input.focus();
    // Implicit submission, as the browser does on Enter in a one-field form.
    shadow(el).querySelector('form')!.requestSubmit();
    expect((await got).detail.screenName).to.equal('Kiwi');
  });

  it('never opens a device on load; the check opens them only on click and closes them', async () => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    let calls = 0;
    navigator.mediaDevices.getUserMedia = (c) => (calls++, original(c));
    try {
      const el = await fixture<ParlorPrejoin>('parlor-prejoin');
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).to.equal(0);
      shadow(el).querySelector<HTMLButtonElement>('[part=check]')!.click();
      await eventually(() => deepQuery(shadow(el), 'parlor-device-preview'), 5000, 'preview shown');
      const preview = deepQuery<HTMLElement & { choice: { videoinput?: string } }>(shadow(el), 'parlor-device-preview')!;
      // The stream reaches the <video> only after the device list is read: wait for that, not just the choice.
      await eventually(() => shadow(preview).querySelector('video')?.srcObject instanceof MediaStream, 10_000, 'camera shown');
      expect(calls).to.equal(1);
      const video = shadow(preview).querySelector('video')!;
      const stream = video.srcObject as MediaStream;
      expect(stream.getVideoTracks()[0]!.readyState).to.equal('live');
      expect(shadow(preview).querySelectorAll('select')).to.have.length(2);
      await expectAccessible(el);
      shadow(preview).querySelector<HTMLButtonElement>('button')!.click();
      await el.updateComplete;
      expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
      expect(shadow(el).querySelector('parlor-device-preview')).to.equal(null);
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('"Stop the check" gives the keyboard focus to the button that opens the check again, not to the page', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin');
    const check = shadow(el).querySelector<HTMLButtonElement>('[part=check]')!;
    check.focus();
    check.click();
    await eventually(() => deepQuery(shadow(el), 'parlor-device-preview'), 5000, 'preview shown');
    const preview = deepQuery(shadow(el), 'parlor-device-preview')!;
    await eventually(() => shadow(preview).querySelector('video')?.srcObject instanceof MediaStream, 10_000, 'camera shown');
    const stop = shadow(preview).querySelector<HTMLButtonElement>('button')!;
    expect(stop.textContent!.trim()).to.equal('Stop the check');
    stop.focus();
    // Enter on a focused button clicks it.
    stop.click();
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    await eventually(() => shadow(el).activeElement?.getAttribute('part') === 'check', 3000, 'the check button focused');
    expect(document.activeElement === el, 'the focus is in the pre-join card').to.equal(true);
  });

  it('a refusal from the server takes the focus to the name field, but never from the host page', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin');
    const outside = document.createElement('input');
    document.body.append(outside);
    try {
      outside.focus();
      el.error = 'That screen name is not allowed. Pick another one.';
      await el.updateComplete;
      expect(document.activeElement === outside, 'the host page keeps its focus').to.equal(true);
      expect(shadow(el).querySelector('#err')!.textContent).to.equal(el.error);
      outside.blur();
      el.error = 'Another reason.';
      await el.updateComplete;
      expect(shadow(el).activeElement === shadow(el).querySelector('input'), 'from nowhere, the field').to.equal(true);
      const viewer = await fixture<ParlorPrejoin>('parlor-prejoin', { viewer: true });
      viewer.error = 'x';
      await viewer.updateComplete;
    } finally {
      outside.remove();
    }
  });

  it('viewer mode has only a Watch button', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin', { viewer: true });
    expect(shadow(el).querySelector('input')).to.equal(null);
    const got = new Promise<ParlorPrejoinEvent>((r) => el.addEventListener('parlor-prejoin', r, { once: true }));
    shadow(el).querySelector<HTMLButtonElement>('button')!.click();
    expect((await got).detail.screenName).to.equal('');
    expect(shadow(el).querySelector('button')!.textContent!.trim()).to.equal('Watch');
  });

  it('shows the strings of the localizer it is given', async () => {
    const el = await fixture<ParlorPrejoin>('parlor-prejoin', { localizer: new Localizer('es', es) });
    expect(shadow(el).querySelector('label')!.textContent).to.equal('Nombre en pantalla');
    expect(shadow(el).querySelector('button[type=submit]')!.textContent!.trim()).to.equal('Continuar');
  });
});
