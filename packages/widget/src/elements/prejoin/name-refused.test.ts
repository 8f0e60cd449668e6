// <parlor-room> with the real server kit at /api/parlor and LiveKit: a screen
// name the server refuses (a staff word, or one someone in the room already
// goes by) is said on the name field, focused, not on an error card. Asked
// before the consent step, it costs the person nothing they answered; taken
// between that check and the join, it brings them back from the consent step
// and the consent already given stands for the next name.
import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorRoom } from '../room/room.js';
import type { ParlorConsent } from '../consent/consent.js';
import { RoomClient } from '@parlor/core';
import { button, cleanup, eventually, fixture, shadow, sleep, uniqueRoom } from '../../test/helpers.js';

const livekitOptions = { connectOptions: { rtcConfig: { iceServers: [] } } };

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

  async function someone(room: string, screenName: string): Promise<void> {
    const c = new RoomClient({ endpoint: '/api/parlor', room, livekit: livekitOptions });
    others.push(c);
    await c.join({ screenName, consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false } } });
  }

  async function room(name: string): Promise<ParlorRoom> {
    const el = await fixture<ParlorRoom>('parlor-room', { endpoint: '/api/parlor', room: name, livekitOptions });
    await eventually(() => el.phase === 'prejoin' && shadow(el).querySelector('parlor-prejoin'), 5000, 'the pre-join card');
    return el;
  }

  async function submitName(el: ParlorRoom, name: string): Promise<void> {
    const prejoin = shadow(el).querySelector('parlor-prejoin')!;
    await prejoin.updateComplete;
    // Passes the widget's own check (letters and spaces); the server keeps staff words for staff.
    const field = shadow(prejoin).querySelector('input')!;
    field.value = name;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    shadow(prejoin).querySelector('form')!.requestSubmit();
  }

  async function answerConsent(el: ParlorRoom): Promise<void> {
    await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
    await el.updateComplete;
    const consent = shadow(shadow(el).querySelector<ParlorConsent>('parlor-consent')!);
    const age = consent.querySelector<HTMLInputElement>('#age')!;
    age.value = '30';
    age.dispatchEvent(new Event('input', { bubbles: true }));
    consent.querySelector<HTMLInputElement>('input[name=terms]')!.click();
    button(consent, 'Join room')!.click();
  }

  /** Back on the pre-join card with `name` kept in the field, `reason` on it, the focus in it, and no toast. */
  async function refusedOnTheField(el: ParlorRoom, name: string, reason: string): Promise<HTMLInputElement> {
    await eventually(() => el.phase === 'prejoin' && el.error !== undefined, 15_000, 'back on the pre-join card');
    await el.updateComplete;
    const prejoin = shadow(el).querySelector('parlor-prejoin')!;
    await prejoin.updateComplete;
    const field = shadow(prejoin).querySelector('input')!;
    expect(field.value).to.equal(name);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(prejoin).querySelector('#err')!.textContent).to.equal(reason);
    // Compared as booleans: chai describing a failed match of these elements hangs the page.
    await eventually(() => shadow(prejoin).activeElement === field, 3000, 'the name field focused');
    await sleep(100);
    const toasts = shadow(el).querySelector('parlor-toasts');
    expect((toasts?.shadowRoot?.querySelector('li') ?? null) === null, 'no toast repeats it').to.equal(true);
    // Typing a new name clears the reason.
    field.value = 'Fern';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await prejoin.updateComplete;
    expect(shadow(prejoin).querySelector('#err') === null, 'the reason cleared').to.equal(true);
    return field;
  }

  /** Watches whether the consent step is ever shown. */
  function consentShown(el: ParlorRoom): () => boolean {
    let shown = false;
    const seen = new MutationObserver(() => (shown ||= shadow(el).querySelector('parlor-consent') !== null));
    seen.observe(el.shadowRoot!, { childList: true, subtree: true });
    return () => shown;
  }

  it('a staff-like name is refused on the name field before the consent step, saying why; a new name goes on to it', async () => {
    const el = await room(uniqueRoom('n'));
    const shown = consentShown(el);
    await submitName(el, 'Support Team');
    await refusedOnTheField(el, 'Support Team', 'Names that look like staff (Admin, Moderator, Host…) are kept for the room’s staff. Pick another one.');
    expect(shown(), 'the consent step was not shown').to.equal(false);
    shadow(shadow(el).querySelector('parlor-prejoin')!).querySelector('form')!.requestSubmit();
    await answerConsent(el);
    await eventually(() => el.phase === 'room', 20_000, 'in the room');
    expect(el.client?.getState().local?.screenName).to.equal('Fern');
    await el.client?.leave();
  });

  it('a name someone in the room already goes by (in any case or spacing) is refused before the consent step too, so no one can speak as another', async () => {
    const name = uniqueRoom('n');
    await someone(name, 'Ada Lovelace');
    const el = await room(name);
    const shown = consentShown(el);
    await submitName(el, 'ADA lovelace');
    await refusedOnTheField(el, 'ADA lovelace', 'Someone in the room already goes by that name. Pick another one.');
    expect(shown(), 'the consent step was not shown').to.equal(false);
  });

  it('a name taken while the person answers the consent step brings them back to the name field; a new name joins without asking consent again', async () => {
    const name = uniqueRoom('n');
    const el = await room(name);
    await submitName(el, 'Ada Lovelace');
    await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
    // Someone else gets there first under the same name.
    await someone(name, 'Ada Lovelace');
    await answerConsent(el);
    const field = await refusedOnTheField(el, 'Ada Lovelace', 'Someone in the room already goes by that name. Pick another one.');
    // The consent given before the refusal was recorded: Continue joins with the new name, not asking again.
    field.form!.requestSubmit();
    await eventually(() => el.phase === 'room', 20_000, 'in the room');
    expect(el.client?.getState().local?.screenName).to.equal('Fern');
    await el.client?.leave();
  });

  it('the same person in another window ("remember me" kept their answer under that name) is not refused as someone else', async () => {
    const name = uniqueRoom('n');
    const me = new RoomClient({ endpoint: '/api/parlor', room: name, livekit: livekitOptions });
    others.push(me);
    await me.join({ screenName: 'Ada Lovelace', consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true } });
    try {
      const el = await room(name);
      await submitName(el, 'Ada Lovelace');
      await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
      cleanup();
      // Another spelling is another name: not what this device remembers, so someone else's.
      const other = await room(name);
      await submitName(other, 'ADA lovelace');
      await refusedOnTheField(other, 'ADA lovelace', 'Someone in the room already goes by that name. Pick another one.');
    } finally {
      localStorage.clear();
    }
  });

  it('a locked room says so on the error card before any privacy question', async () => {
    const name = uniqueRoom('n');
    const { invite } = (await (await fetch(`/test/invite?room=${name}&role=moderator`)).json()) as { invite: string };
    const moderator = new RoomClient({ endpoint: '/api/parlor', room: name, livekit: livekitOptions });
    others.push(moderator);
    await moderator.join({ screenName: 'Marigold', invite, consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false } } });
    await moderator.lockRoom(true);
    const el = await room(name);
    const shown = consentShown(el);
    const heard: string[] = [];
    el.addEventListener('parlor-error', (e) => heard.push(e.detail.error.code));
    await submitName(el, 'Kestrel');
    await eventually(() => el.phase === 'error', 15_000, 'the error card');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert] h2')!.textContent).to.equal('You can’t join this room');
    expect(shadow(el).querySelector('[role=alert] p')!.textContent).to.equal('This room is locked right now.');
    expect(shadow(el).querySelector('[role=alert] button')!.textContent).to.equal('Try again');
    expect(shown(), 'the consent step was not shown').to.equal(false);
    expect(heard, 'the host page hears it once').to.deep.equal(['room_locked']);
  });

  it('an invite link that is no good says so before any privacy question', async () => {
    const el = await room(uniqueRoom('n'));
    el.invite = 'not-an-invite';
    const shown = consentShown(el);
    await submitName(el, 'Kestrel');
    await eventually(() => el.phase === 'error', 15_000, 'the error card');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert] p')!.textContent).to.equal('This invite link is invalid or has expired.');
    // Trying again would change nothing: Back, to the name.
    expect(shadow(el).querySelector('[role=alert] button')!.textContent).to.equal('Back');
    expect(shown(), 'the consent step was not shown').to.equal(false);
  });

  it('when the name check cannot be answered (an older server kit, say), the person goes on to the consent step', async () => {
    const el = await room(uniqueRoom('n'));
    const real = window.fetch;
    window.fetch = (input, init) => (String(input).endsWith('/screen-name') ? Promise.resolve(new Response('Not found', { status: 404 })) : real(input, init));
    try {
      await submitName(el, 'Kestrel');
      await eventually(() => el.phase === 'consent', 15_000, 'the consent step');
    } finally {
      window.fetch = real;
    }
  });
});
