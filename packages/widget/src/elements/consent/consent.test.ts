import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ConsentAnswers } from '@parlor/core';
import type { ConsentDraft, ParlorConsent } from './consent.js';
import { FakeClient, cleanup, eventually, expectAccessible, part, shadow } from '../../test/helpers.js';

function fill(el: ParlorConsent, answers: { age?: string; terms?: boolean; broadcast?: boolean }) {
  const root = shadow(el);
  root.querySelector<HTMLInputElement>('#age')!.value = answers.age ?? '';
  root.querySelector<HTMLInputElement>('input[name=terms]')!.checked = answers.terms ?? false;
  root.querySelector<HTMLInputElement>('input[name=broadcast]')!.checked = answers.broadcast ?? false;
}

describe('<parlor-consent>', () => {
  afterEach(cleanup);

  it('shows the terms link with its version and asks age neutrally; accessible', async () => {
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    const root = shadow(el);
    const link = root.querySelector<HTMLAnchorElement>('a[part=terms-link]')!;
    expect(link.getAttribute('href')).to.equal('/terms');
    expect(link.rel).to.include('noopener');
    expect(root.textContent).to.include('t1');
    // The threshold is never shown.
    expect(root.textContent).not.to.match(/18|adult/i);
    await expectAccessible(el);
  });

  it('links the privacy notice when the policy has one; with no terms address, no link back to the page itself but a note saying so', async () => {
    const client = new FakeClient();
    const el = await part<ParlorConsent>('parlor-consent', client);
    const root = shadow(el);
    expect(root.querySelector('a[part=privacy-link]') === null, 'no privacy notice: no link').to.equal(true);
    client.set({ policy: { ...client.getState().policy!, privacyUrl: '/privacy' } });
    await el.updateComplete;
    const notice = root.querySelector<HTMLAnchorElement>('a[part=privacy-link]')!;
    expect([notice.getAttribute('href'), notice.textContent, notice.target]).to.deep.equal(['/privacy', 'Privacy notice', '_blank']);
    expect(notice.rel).to.include('noopener');
    // The server kit's default termsUrl is '': a link to '' would open this very page.
    client.set({ policy: { ...client.getState().policy!, termsUrl: '' } });
    await el.updateComplete;
    expect(root.querySelector('a[part=terms-link]') === null, 'no empty terms link').to.equal(true);
    expect(root.textContent).to.include('This site has not linked its privacy terms here.');
    await expectAccessible(el);
  });

  it('"remember me" starts ticked only when this device remembers the person already', async () => {
    const remembered = (el: ParlorConsent) => shadow(el).querySelector<HTMLInputElement>('input[name=remember]')!.checked;
    expect(remembered(await part<ParlorConsent>('parlor-consent', new FakeClient()))).to.equal(false);
    cleanup();
    expect(remembered(await part<ParlorConsent>('parlor-consent', new FakeClient({ rememberedName: 'Moonbeam' })))).to.equal(true);
  });

  it('requires an age and the terms, saying what is missing, before sending anything', async () => {
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    const submitted: ConsentAnswers[] = [];
    el.addEventListener('parlor-consent-submit', (e) => submitted.push((e as CustomEvent<ConsentAnswers>).detail));
    const form = shadow(el).querySelector('form')!;
    fill(el, { terms: true });
    form.requestSubmit();
    await el.updateComplete;
    expect(shadow(el).querySelector('#age-err')?.textContent).to.match(/age/i);
    // Not ages: an exponent, a fraction, a sign, more years than anyone has lived.
    const ageField = shadow(el).querySelector<HTMLInputElement>('#age')!;
    for (const age of ['1e2', '30.5', '-1', '121', '150']) {
      fill(el, { age, terms: true });
      // Typing clears the last complaint.
      ageField.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      expect(shadow(el).querySelector('#age-err') === null, `cleared before ${age}`).to.equal(true);
      form.requestSubmit();
      await el.updateComplete;
      expect(shadow(el).querySelector('#age-err')?.textContent, age).to.equal('Enter your age in whole years, as a number up to 120.');
    }
    fill(el, { age: '120' });
    ageField.dispatchEvent(new Event('input', { bubbles: true }));
    form.requestSubmit();
    await el.updateComplete;
    expect(shadow(el).querySelector('#age-err') === null, 'an age of 120 is one').to.equal(true);
    fill(el, { age: '30' });
    form.requestSubmit();
    await el.updateComplete;
    expect(shadow(el).querySelector('#terms-err')?.textContent).to.match(/terms/i);
    expect(submitted).to.have.length(0);
    await expectAccessible(el);
  });

  it('refuses under 13 neutrally, forgets the answer and what "remember me" kept on the device, and sends nothing', async () => {
    const client = new FakeClient({ rememberedName: 'Moonbeam' });
    const el = await part<ParlorConsent>('parlor-consent', client);
    let submitted = 0;
    el.addEventListener('parlor-consent-submit', () => submitted++);
    fill(el, { age: '12', terms: true });
    shadow(el).querySelector('form')!.requestSubmit();
    await el.updateComplete;
    expect(submitted).to.equal(0);
    expect(client.calls).to.deep.equal([['forgetRemembered']]);
    expect(shadow(el).querySelector('[role=alert]')?.textContent).to.equal('Sorry, this service is not available to you.');
    expect(shadow(el).querySelector('#age')).to.equal(null);
  });

  it('an age under 13 submitted with Enter leaves the focus on the refusal, not on the page', async () => {
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    fill(el, { age: '12', terms: true });
    const age = shadow(el).querySelector<HTMLInputElement>('#age')!;
    age.focus();
    // Implicit submission, as the browser does on Enter in the age field.
    shadow(el).querySelector('form')!.requestSubmit();
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    await eventually(() => shadow(el).activeElement?.getAttribute('role') === 'alert', 3000, 'the refusal focused');
    expect(document.activeElement === el, 'the focus is in the consent step').to.equal(true);
    expect(shadow(el).activeElement!.textContent).to.equal('Sorry, this service is not available to you.');
    await expectAccessible(el);
  });

  it('keeps the entries in the draft it is given, and a new consent step given that draft shows them again', async () => {
    const client = new FakeClient();
    const draft: ConsentDraft = {};
    let el = await part<ParlorConsent>('parlor-consent', client, { draft });
    const age = shadow(el).querySelector<HTMLInputElement>('#age')!;
    age.value = '44';
    age.dispatchEvent(new Event('input', { bubbles: true }));
    shadow(el).querySelector<HTMLInputElement>('input[name=broadcast]')!.click();
    shadow(el).querySelector<HTMLInputElement>('input[name=analytics]')!.click();
    expect(draft).to.deep.include({ age: '44', broadcast: true, analytics: false });
    cleanup();
    el = await part<ParlorConsent>('parlor-consent', client, { draft });
    const root = shadow(el);
    expect(root.querySelector<HTMLInputElement>('#age')!.value).to.equal('44');
    expect(root.querySelector<HTMLInputElement>('input[name=broadcast]')!.checked).to.equal(true);
    expect(root.querySelector<HTMLInputElement>('input[name=analytics]')!.checked, 'unticked stays unticked').to.equal(false);
    expect(root.querySelector<HTMLInputElement>('input[name=terms]')!.checked, 'untouched keeps its default').to.equal(false);
  });

  it('keeps no age under 13 in the draft, even without a submit (Back)', async () => {
    const draft: ConsentDraft = {};
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient(), { draft });
    const age = shadow(el).querySelector<HTMLInputElement>('#age')!;
    for (const typed of ['1', '14', '9']) {
      age.value = typed;
      age.dispatchEvent(new Event('input', { bubbles: true }));
    }
    expect(draft).to.not.have.property('age');
    // In Arabic-Indic digits too.
    for (const typed of ['١٤', '٩']) {
      age.value = typed;
      age.dispatchEvent(new Event('input', { bubbles: true }));
    }
    expect(draft).to.not.have.property('age');
  });

  it('takes an age typed in the digits of any script (Arabic-Indic, Persian, Devanagari, Bengali, Thai, Myanmar, full width, mathematical)', async () => {
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    const ages: number[] = [];
    el.addEventListener('parlor-consent-submit', (e) => ages.push((e as CustomEvent<ConsentAnswers>).detail.age));
    for (const typed of ['٣٠', '۴۵', '२७', '৫২', '๖๑', '၃၉', '３３', '𝟐𝟗', '𝟸𝟾', ' 41 ']) {
      fill(el, { age: typed, terms: true });
      shadow(el).querySelector('form')!.requestSubmit();
      await el.updateComplete;
    }
    expect(ages).to.deep.equal([30, 45, 27, 52, 61, 39, 33, 29, 28, 41]);
  });

  it('entries made under other terms tick nothing: new terms are accepted afresh', async () => {
    const client = new FakeClient();
    const draft: ConsentDraft = {};
    let el = await part<ParlorConsent>('parlor-consent', client, { draft });
    shadow(el).querySelector<HTMLInputElement>('input[name=terms]')!.click();
    shadow(el).querySelector<HTMLInputElement>('input[name=broadcast]')!.click();
    expect(draft).to.include({ terms: true, broadcast: true, termsVersion: client.getState().policy!.termsVersion });
    cleanup();
    client.set({ policy: { ...client.getState().policy!, termsVersion: 'changed-terms' } });
    el = await part<ParlorConsent>('parlor-consent', client, { draft });
    expect(shadow(el).querySelector<HTMLInputElement>('input[name=terms]')!.checked).to.equal(false);
    expect(shadow(el).querySelector<HTMLInputElement>('input[name=broadcast]')!.checked).to.equal(false);
  });

  it('keeps nothing of a child: a refusal under 13 empties the draft', async () => {
    const draft: ConsentDraft = {};
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient(), { draft });
    const age = shadow(el).querySelector<HTMLInputElement>('#age')!;
    age.value = '12';
    age.dispatchEvent(new Event('input', { bubbles: true }));
    shadow(el).querySelector<HTMLInputElement>('input[name=terms]')!.click();
    shadow(el).querySelector<HTMLInputElement>('input[name=broadcast]')!.click();
    expect(draft).to.include({ terms: true, broadcast: true });
    shadow(el).querySelector('form')!.requestSubmit();
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert]')).not.to.equal(null);
    expect(draft).to.deep.equal({});
  });

  it('sends separate answers for camera, recording and analytics', async () => {
    const client = new FakeClient();
    client.set({ policy: { ...client.getState().policy!, requireRecordingConsent: true } });
    const el = await part<ParlorConsent>('parlor-consent', client);
    const got = new Promise<ConsentAnswers>((r) => el.addEventListener('parlor-consent-submit', (e) => r((e as CustomEvent<ConsentAnswers>).detail)));
    fill(el, { age: '30', terms: true, broadcast: true });
    shadow(el).querySelector<HTMLInputElement>('input[name=analytics]')!.checked = false;
    shadow(el).querySelector<HTMLInputElement>('input[name=remember]')!.checked = true;
    shadow(el).querySelector('form')!.requestSubmit();
    const answers = await got;
    expect(answers).to.deep.equal({ age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false }, remember: true });
  });

  it('a room being recorded right now: the step says so, and offers the recording choice even where the host does not ask for it', async () => {
    const client = new FakeClient();
    client.set({ policy: { ...client.getState().policy!, requireRecordingConsent: false } });
    const el = await part<ParlorConsent>('parlor-consent', client);
    expect(shadow(el).querySelector('.recording-note'), 'nothing recorded: nothing said').to.equal(null);
    expect(shadow(el).querySelector('input[name=recording]')).to.equal(null);
    client.set({ policy: { ...client.getState().policy!, recording: true } });
    await el.updateComplete;
    expect(shadow(el).querySelector('.recording-note')!.textContent).to.equal('This room is being recorded right now. To be on camera while it is, agree to the recording below.');
    const got = new Promise<ConsentAnswers>((r) => el.addEventListener('parlor-consent-submit', (e) => r((e as CustomEvent<ConsentAnswers>).detail)));
    fill(el, { age: '30', terms: true, broadcast: true });
    shadow(el).querySelector<HTMLInputElement>('input[name=recording]')!.checked = true;
    shadow(el).querySelector('form')!.requestSubmit();
    expect((await got).purposes.recording).to.equal(true);
    await expectAccessible(el);
  });

  it('a room that asks recording consent of everyone on camera says so by its recording box, which it describes', async () => {
    const client = new FakeClient();
    client.set({ policy: { ...client.getState().policy!, requireRecordingConsent: true } });
    const el = await part<ParlorConsent>('parlor-consent', client);
    const note = shadow(el).querySelector('.recording-note')!;
    expect(note.textContent).to.equal('This room may be recorded. To be on camera here, agree to the recording below too.');
    expect(shadow(el).querySelector('input[name=recording]')!.getAttribute('aria-describedby')).to.equal(note.id);
    await expectAccessible(el);
  });

  it('analytics sharing is on by default (opt-out): ticked when shown and sent as true if untouched', async () => {
    // The default holds only without Global Privacy Control (room-look tests the GPC case).
    expect((navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl).not.to.equal(true);
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    const box = shadow(el).querySelector<HTMLInputElement>('input[name=analytics]')!;
    expect(box.checked).to.equal(true);
    expect(box.disabled).to.equal(false);
    const got = new Promise<ConsentAnswers>((r) => el.addEventListener('parlor-consent-submit', (e) => r((e as CustomEvent<ConsentAnswers>).detail)));
    fill(el, { age: '30', terms: true });
    shadow(el).querySelector('form')!.requestSubmit();
    expect((await got).purposes.analytics).to.equal(true);
  });

  it('the Back button leaves the step by keyboard', async () => {
    const el = await part<ParlorConsent>('parlor-consent', new FakeClient());
    let back = 0;
    el.addEventListener('parlor-consent-back', () => back++);
    const b = [...shadow(el).querySelectorAll('button')].find((x) => x.textContent!.trim() === 'Back')!;
    b.focus();
    b.click();
    expect(back).to.equal(1);
  });
});
