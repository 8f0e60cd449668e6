// <parlor-room> between screens, with the real server kit at /api/parlor
// (nothing here joins LiveKit): what each screen says, in the page's
// language, and where keyboard focus goes when the screen changes.
import { expect } from '@esm-bundle/chai';
import '../../index.js';
import { ErrorCode, ParlorError } from '@parlor/core';
import type { ParlorRoom } from './room.js';
import { ParlorErrorEvent } from '../../events.js';
import { es } from '../../i18n/es.js';
import { button, cleanup, eventually, fixture, shadow, sleep, uniqueRoom } from '../../test/helpers.js';

/** The element focused inside the room's shadow root (null when focus is elsewhere). */
const focused = (el: ParlorRoom) => shadow(el).activeElement;


async function room(props: Partial<ParlorRoom> = {}): Promise<ParlorRoom> {
  return fixture<ParlorRoom>('parlor-room', { endpoint: '/api/parlor', room: uniqueRoom('s'), ...props });
}

async function submitName(el: ParlorRoom, name: string) {
  const prejoin = shadow(el).querySelector('parlor-prejoin')!;
  shadow(prejoin).querySelector('input')!.value = name;
  shadow(prejoin).querySelector('form')!.requestSubmit();
  await eventually(() => ['consent', 'error'].includes(el.phase), 15_000, 'past the pre-join card');
  await el.updateComplete;
}

describe('<parlor-room> screens', function () {
  this.timeout(30_000);
  afterEach(async () => {
    cleanup();
    await sleep(50);
  });

  it('shows errors in the page language (lang="es"): a camera_denied toast and the error card', async () => {
    const el = await room();
    el.setAttribute('lang', 'es');
    await eventually(() => shadow(el).querySelector('h2')?.textContent === 'Sala en vivo', 5000, 'Spanish');
    await submitName(el, 'Lucía');
    const consent = shadow(el).querySelector('parlor-consent')!;
    consent.dispatchEvent(new ParlorErrorEvent({ error: new ParlorError(ErrorCode.CameraDenied, 'Camera or microphone access was blocked.') }));
    const toasts = shadow(el).querySelector('parlor-toasts')!;
    await eventually(() => shadow(toasts).querySelector('li'), 3000, 'toast');
    expect(shadow(toasts).querySelector('li span')!.textContent).to.equal(es.error_camera_denied);
    el.showError(new ParlorError(ErrorCode.RoomFull, 'This room is full right now.'));
    await el.updateComplete;
    expect(shadow(el).querySelector('[role=alert] p')!.textContent).to.equal(es.error_room_full);
  });

  it('says on the consent step the name the site gives a signed-in person, when it is not the one typed; nothing when it is', async () => {
    const shownAs = (el: ParlorRoom) => shadow(shadow(el).querySelector('parlor-consent')!).querySelector('.shown-as')?.textContent ?? '';
    const plain = await room();
    await submitName(plain, 'Moonbeam');
    expect(plain.phase).to.equal('consent');
    expect(shownAs(plain)).to.equal('');
    // Signed in with the kit whose host names people (scripts/testing/wtr-parlor-middleware.ts).
    document.cookie = `parlor-test-user=${uniqueRoom('u')}; path=/`;
    try {
      const named = await room({ endpoint: '/api/parlor-named' });
      await submitName(named, 'Moonbeam');
      expect(named.phase).to.equal('consent');
      await eventually(() => shownAs(named) !== '', 5_000, 'the note');
      expect(shownAs(named)).to.equal('You will appear in the room as Grace Hopper.');
    } finally {
      document.cookie = 'parlor-test-user=; path=/; max-age=0';
    }
  });

  it('moves focus to each new screen: the consent heading after the pre-join card, the pre-join heading after Back', async () => {
    const el = await room();
    shadow(shadow(el).querySelector('parlor-prejoin')!).querySelector('input')!.focus();
    await submitName(el, 'Keyboard');
    await eventually(() => focused(el)?.textContent === 'Before you join', 5000, 'consent heading focused');
    expect(focused(el)!.localName).to.equal('h2');
    const consent = shadow(el).querySelector('parlor-consent')!;
    shadow(consent).querySelector<HTMLButtonElement>('button[type=button]')!.click();
    await eventually(() => el.phase === 'prejoin', 5000, 'back');
    await eventually(() => focused(el)?.textContent === 'Live room', 5000, 'pre-join heading focused');
  });

  it('moves focus to the error card, and Try again back to the pre-join heading', async () => {
    const el = await room({ endpoint: '/api/nowhere' });
    shadow(shadow(el).querySelector('parlor-prejoin')!).querySelector('input')!.focus();
    await submitName(el, 'Lost');
    expect(el.phase).to.equal('error');
    await eventually(() => focused(el)?.textContent === 'Something went wrong', 5000, 'error heading focused');
    button(shadow(el), 'Try again')!.focus();
    button(shadow(el), 'Try again')!.click();
    await eventually(() => focused(el)?.textContent === 'Live room', 5000, 'pre-join heading focused');
  });

  it('does not take focus from the page: a screen change while the person is elsewhere leaves focus there', async () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    const el = await room();
    outside.focus();
    await el.start('Elsewhere');
    await el.updateComplete;
    expect(el.phase).to.equal('consent');
    expect(document.activeElement).to.equal(outside);
  });
});
