import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorToasts } from './toasts.js';
import { cleanup, expectAccessible, fixture, shadow, sleep } from '../../test/helpers.js';

describe('<parlor-toasts>', () => {
  afterEach(cleanup);

  it('shows notices in a polite live region, dismissable and gone after the duration', async () => {
    // Long enough that the axe run below cannot outlast it on a loaded machine.
    const el = await fixture<ParlorToasts>('parlor-toasts', { duration: 60_000 });
    el.show('Camera busy', 'error');
    el.show('Link copied');
    await el.updateComplete;
    const region = shadow(el).querySelector('[part=region]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
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
});
