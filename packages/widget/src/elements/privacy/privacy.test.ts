import { expect } from '@esm-bundle/chai';
import '../../index.js';
import type { ParlorPrivacy } from './privacy.js';
import { FakeClient, button, cleanup, expectAccessible, part, shadow } from '../../test/helpers.js';

const consent = {
  receipt: 'r',
  record: {
    id: 'c1',
    subject: 'guest-1',
    room: 'test',
    purposes: { terms: true, broadcast: true, recording: false, analytics: false },
    policyVersion: 't1',
    issuedAt: '2026-11-29T10:00:00.000Z',
    method: 'web-form',
    gpc: false,
  },
};

describe('<parlor-privacy>', () => {
  afterEach(cleanup);

  it('shows what I agreed to, and withdraws in two clicks; accessible, Escape closes', async () => {
    const client = new FakeClient({ consent });
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    const root = shadow(el);
    button(root, 'Privacy')!.click();
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.textContent).to.include('version t1');
    expect(dialog.querySelector('dl')!.textContent!.replace(/\s+/g, '')).to.equal('Privacytermsyes Beingoncamerayes Beingrecordedno Usagestatisticsno'.replace(/\s+/g, ''));
    await expectAccessible(el);
    button(root, 'Withdraw consent')!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls).to.deep.equal([['withdrawConsent']]);
    client.set({ consent: undefined });
    await el.updateComplete;
    expect(dialog.textContent).to.include('Your consent was withdrawn.');
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    dialog.close();
    expect(dialog.open).to.equal(false);
  });

  it('shows my data and deletes it', async () => {
    const client = new FakeClient({ consent });
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    el.open();
    button(shadow(el), 'See my data')!.click();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=data]')!.textContent).to.include('"receipts"');
    const download = shadow(el).querySelector<HTMLAnchorElement>('a[part=download]')!;
    expect(download.download).to.equal('my-data.json');
    expect(await (await fetch(download.href)).json()).to.deep.equal({ receipts: [] });
    await expectAccessible(el);
    button(shadow(el), 'Delete my data')!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls.map((c) => c[0])).to.deep.equal(['myData', 'requestDeletion']);
    client.set({ consent: undefined });
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')!.textContent).to.include('Your data was deleted.');
  });
});
