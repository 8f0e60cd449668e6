// The consent step inside <parlor-room>, with the real server kit at
// /api/parlor (nothing here joins LiveKit): what it keeps of the person's
// entries when they go Back to the pre-join card and Continue again.
import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorRoom } from '../room/room.js';
import type { ParlorConsent } from './consent.js';
import { button, cleanup, eventually, fixture, shadow, sleep, uniqueRoom } from '../../test/helpers.js';


/** Continue on the pre-join card, then the consent step once it shows. */
async function toConsent(el: ParlorRoom, name: string): Promise<ShadowRoot> {
  await eventually(() => el.phase === 'prejoin' && shadow(el).querySelector('parlor-prejoin'), 5000, 'the pre-join card');
  const prejoin = shadow(el).querySelector('parlor-prejoin')!;
  await prejoin.updateComplete;
  shadow(prejoin).querySelector('input')!.value = name;
  shadow(prejoin).querySelector('form')!.requestSubmit();
  await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
  await el.updateComplete;
  const consent = shadow(el).querySelector<ParlorConsent>('parlor-consent')!;
  await consent.updateComplete;
  return shadow(consent);
}

function typeAge(root: ShadowRoot, age: string) {
  const input = root.querySelector<HTMLInputElement>('#age')!;
  input.value = age;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<parlor-room> consent step: Back and again', function () {
  this.timeout(40_000);
  afterEach(async () => {
    cleanup();
    await sleep(50);
  });

  it('Back to the pre-join card and Continue again brings the consent step back as it was left', async () => {
    const el = await fixture<ParlorRoom>('parlor-room', { endpoint: '/api/parlor', room: uniqueRoom('c') });
    let root = await toConsent(el, 'Keeper');
    typeAge(root, '44');
    root.querySelector<HTMLInputElement>('input[name=broadcast]')!.click();
    button(root, 'Back')!.click();
    await eventually(() => el.phase === 'prejoin', 5000, 'back on the pre-join card');
    root = await toConsent(el, 'Keeper');
    expect(root.querySelector<HTMLInputElement>('#age')!.value).to.equal('44');
    expect(root.querySelector<HTMLInputElement>('input[name=broadcast]')!.checked).to.equal(true);
  });

  it('keeps nothing of a child: after a refusal under 13 the next consent step starts empty', async () => {
    const el = await fixture<ParlorRoom>('parlor-room', { endpoint: '/api/parlor', room: uniqueRoom('c') });
    let root = await toConsent(el, 'Sprout');
    typeAge(root, '12');
    root.querySelector<HTMLInputElement>('input[name=terms]')!.click();
    root.querySelector<HTMLInputElement>('input[name=broadcast]')!.click();
    root.querySelector('form')!.requestSubmit();
    await eventually(() => root.querySelector('[role=alert]'), 3000, 'the refusal');
    // The only way back to the form is a new start (e.g. from the host page).
    await el.start('Sprout');
    await el.updateComplete;
    root = shadow(shadow(el).querySelector<ParlorConsent>('parlor-consent')!);
    expect(root.querySelector<HTMLInputElement>('#age')!.value).to.equal('');
    expect(root.querySelector<HTMLInputElement>('input[name=terms]')!.checked).to.equal(false);
    expect(root.querySelector<HTMLInputElement>('input[name=broadcast]')!.checked).to.equal(false);
  });
});
