// <parlor-room> with the real server kit at /api/parlor and LiveKit: a screen
// name the server refuses (a staff word, or one someone in the room already
// goes by) brings the person back to the
// pre-join card, the reason on the name field and the focus in it, not to an
// error card; the consent already given stands for the next name.
import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorRoom } from '../room/room.js';
import type { ParlorConsent } from '../consent/consent.js';
import { RoomClient } from '@parlor/core';
import { button, cleanup, eventually, fixture, shadow, sleep, uniqueRoom } from '../../test/helpers.js';


describe('<parlor-room> a screen name the server refuses', function () {
  this.timeout(40_000);
  afterEach(async () => {
    cleanup();
    await sleep(50);
  });

  const others: RoomClient[] = [];
  afterEach(async () => {
    for (const c of others.splice(0)) await c.leave().catch(() => {});
  });

  /** Asks for `name` in `room`, expects `reason` on the name field, then joins as Fern. */
  async function refusedThenRenamed(room: string, name: string, reason: string): Promise<void> {
    const el = await fixture<ParlorRoom>('parlor-room', { endpoint: '/api/parlor', room, livekitOptions: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    await eventually(() => el.phase === 'prejoin' && shadow(el).querySelector('parlor-prejoin'), 5000, 'the pre-join card');
    let prejoin = shadow(el).querySelector('parlor-prejoin')!;
    await prejoin.updateComplete;
    // Passes the widget's own check (letters and spaces); the server keeps staff words for staff.
    shadow(prejoin).querySelector('input')!.value = name;
    shadow(prejoin).querySelector('form')!.requestSubmit();
    await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
    await el.updateComplete;
    const consent = shadow(shadow(el).querySelector<ParlorConsent>('parlor-consent')!);
    const age = consent.querySelector<HTMLInputElement>('#age')!;
    age.value = '30';
    age.dispatchEvent(new Event('input', { bubbles: true }));
    consent.querySelector<HTMLInputElement>('input[name=terms]')!.click();
    button(consent, 'Join room')!.click();
    await eventually(() => el.phase === 'prejoin', 15_000, 'back on the pre-join card');
    await el.updateComplete;
    prejoin = shadow(el).querySelector('parlor-prejoin')!;
    await prejoin.updateComplete;
    const field = shadow(prejoin).querySelector('input')!;
    expect(field.value).to.equal(name);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(prejoin).querySelector('#err')!.textContent).to.equal(reason);
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    await eventually(() => shadow(prejoin).activeElement === field, 3000, 'the name field focused');
    await sleep(100);
    const toasts = shadow(el).querySelector('parlor-toasts');
    expect(toasts?.shadowRoot?.querySelector('li') ?? null, 'no toast repeats it').to.equal(null);
    // Typing a new name clears the reason.
    field.value = 'Fern';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await prejoin.updateComplete;
    expect(shadow(prejoin).querySelector('#err')).to.equal(null);
    // The consent given before the refusal was recorded: Continue joins with the new name, not asking again.
    shadow(prejoin).querySelector('form')!.requestSubmit();
    await eventually(() => el.phase === 'room', 20_000, 'in the room');
    expect(el.client?.getState().local?.screenName).to.equal('Fern');
    await el.client?.leave();
  }

  it('goes back to the name field with the reason, focused, without a toast; a new name joins without asking consent again', async () => {
    await refusedThenRenamed(uniqueRoom('n'), 'Support Team', 'That screen name is not allowed. Pick another one.');
  });

  it('a name someone in the room already goes by (in any case or spacing) is refused the same way, so no one can speak as another', async () => {
    const room = uniqueRoom('n');
    const ada = new RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    others.push(ada);
    await ada.join({ screenName: 'Ada Lovelace', consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false } } });
    await refusedThenRenamed(room, 'ADA lovelace', 'Someone in the room already goes by that name. Pick another one.');
  });
});
