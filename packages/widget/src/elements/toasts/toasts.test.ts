import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorToasts } from './toasts.js';
import { cleanup, expectAccessible, fixture, shadow, sleep } from '../../test/helpers.js';

describe('<parlor-toasts>', () => {
  afterEach(cleanup);

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
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 150 });
    el.show('First', 'error');
    el.show('Second');
    await el.updateComplete;
    const root = shadow(el);
    const region = root.querySelector<HTMLElement>('[part=region]')!;
    const shown = () => [...region.querySelectorAll('li span')].map((s) => s.textContent).join();
    region.querySelector<HTMLButtonElement>('button')!.focus();
    region.querySelector<HTMLButtonElement>('button')!.click();
    await el.updateComplete;
    await sleep(0);
    expect(shown()).to.equal('Second');
    expect(root.activeElement === region.querySelector('button'), 'the next notice’s ✕ focused').to.equal(true);
    await sleep(400);
    expect(shown(), 'kept while focused').to.equal('Second');
    region.querySelector<HTMLButtonElement>('button')!.click();
    await el.updateComplete;
    await sleep(0);
    expect(root.activeElement === region, 'the region focused once empty').to.equal(true);
    (root.activeElement as HTMLElement).blur();
    el.show('Later');
    await sleep(400);
    await el.updateComplete;
    expect(shown(), 'a later notice goes after its time').to.equal('');
  });
});
