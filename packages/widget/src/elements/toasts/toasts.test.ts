import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorToasts } from './toasts.js';
import { cleanup, expectAccessible, fixture, shadow, sleep } from '../../test/helpers.js';

describe('<parlor-toasts>', () => {
  afterEach(cleanup);

  /** Notices (150 ms each) with the first one's ✕ focused. */
  async function focusedNotices(...texts: string[]) {
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 150 });
    for (const text of texts) el.show(text);
    await el.updateComplete;
    const root = shadow(el);
    const region = root.querySelector<HTMLElement>('[part=region]')!;
    const shown = () => [...region.querySelectorAll('li span')].map((s) => s.textContent).join();
    const firstFocused = () => root.activeElement === region.querySelector('button');
    region.querySelector<HTMLButtonElement>('button')!.focus();
    /** Lets the update and the focus move that follows it happen. */
    const settle = async () => {
      await el.updateComplete;
      await sleep(0);
    };
    return { el, root, region, shown, firstFocused, settle };
  }

  it('mirrors right to left: the wider padding is on the side the text starts', async () => {
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 60_000 });
    el.dir = 'rtl';
    el.show('تم نسخ الرابط');
    await el.updateComplete;
    const li = getComputedStyle(shadow(el).querySelector('li')!);
    expect(parseFloat(li.paddingRight) > parseFloat(li.paddingLeft), `right ${li.paddingRight}, left ${li.paddingLeft}`).to.equal(true);
  });

  it('shows errors as alerts and other notices politely, dismissable and gone after the duration', async () => {
    // Long enough that the axe run below cannot outlast it on a loaded machine.
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 60_000 });
    el.show('Camera busy', 'error');
    el.show('Link copied');
    await el.updateComplete;
    const region = shadow(el).querySelector('[part=region]')!;
    const texts = (sel: string) => [...region.querySelectorAll(`${sel} li span`)].map((s) => s.textContent);
    expect(texts('[role=alert]')).to.deep.equal(['Camera busy']);
    expect(texts('[role=status][aria-live=polite]')).to.deep.equal(['Link copied']);
    expect([...region.querySelectorAll('li span')].map((s) => s.textContent)).to.deep.equal(['Camera busy', 'Link copied']);
    await expectAccessible(el);
    region.querySelector<HTMLButtonElement>('button')!.click();
    await el.updateComplete;
    expect(region.querySelectorAll('li')).to.have.length(1);
    el.duration = 150;
    el.show('Short-lived');
    await el.updateComplete;
    expect(region.querySelectorAll('li')).to.have.length(2);
    await sleep(400);
    await el.updateComplete;
    expect([...region.querySelectorAll('li span')].map((s) => s.textContent)).to.deep.equal(['Link copied']);
  });

  it('a notice stays while the focus or the pointer is on the notices, and goes after its time once they leave', async () => {
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 150 });
    el.show('Could not reach the room', 'error');
    await el.updateComplete;
    const region = shadow(el).querySelector<HTMLElement>('[part=region]')!;
    const shown = () => region.querySelectorAll('li').length;
    region.querySelector<HTMLButtonElement>('button')!.focus();
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'kept while focused').to.equal(1);
    region.querySelector<HTMLButtonElement>('button')!.blur();
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'gone after its time once the focus left').to.equal(0);

    el.show('Camera busy', 'error');
    await el.updateComplete;
    region.dispatchEvent(new PointerEvent('pointerenter'));
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'kept while the pointer is on it').to.equal(1);
    region.dispatchEvent(new PointerEvent('pointerleave'));
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'gone after the pointer left').to.equal(0);
  });

  it('dismissing the focused notice moves the focus to the next one, then to the region; the hold ends once the focus leaves', async () => {
    const { el, root, region, shown, firstFocused, settle } = await focusedNotices('First', 'Second');
    region.querySelector<HTMLButtonElement>('button')!.click();
    await settle();
    expect(shown()).to.equal('Second');
    expect(firstFocused(), 'the next notice’s ✕ focused').to.equal(true);
    await sleep(400);
    expect(shown(), 'kept while focused').to.equal('Second');
    region.querySelector<HTMLButtonElement>('button')!.click();
    await settle();
    expect(root.activeElement === region, 'the region focused once empty').to.equal(true);
    // The empty region holds nothing: a later notice goes after its time.
    el.show('Later');
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'a later notice goes after its time').to.equal('');
  });

  it('clear(kind) removes the notices of that kind at once; the holds of a focus or pointer on them end with them', async () => {
    const { el, region, shown, settle } = await focusedNotices('Muted by a moderator');
    el.show('Could not delete your data.', 'error');
    await settle();
    // A pointer on the notices too (no real pointer is over them, as after a removal none may be).
    region.dispatchEvent(new PointerEvent('pointerenter'));
    el.clear('info');
    await settle();
    expect(shown(), 'the error stays').to.equal('Could not delete your data.');
    // The focused notice went, and no pointerleave or focusout came: the errors now go after their time.
    el.show('Later');
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'nothing held any more').to.equal('');
  });

  it('a focused notice pushed out by a fourth passes the focus on, and the hold stays with it', async () => {
    const { el, root, shown, firstFocused, settle } = await focusedNotices('One', 'Two', 'Three');
    el.show('Four');
    await settle();
    expect(shown()).to.equal('Two,Three,Four');
    expect(firstFocused(), 'the next notice’s ✕ focused').to.equal(true);
    await sleep(400);
    expect(shown(), 'kept while focused').to.equal('Two,Three,Four');
    (root.activeElement as HTMLElement).blur();
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'gone once the focus left').to.equal('');
  });
});
