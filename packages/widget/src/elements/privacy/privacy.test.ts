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
    expect(client.calls, 'asked whether the answer still stands on opening, then withdrawn').to.deep.equal([['refreshConsent'], ['withdrawConsent']]);
    client.set({ consent: undefined });
    await el.updateComplete;
    expect(dialog.textContent).to.include('Your consent was withdrawn.');
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    dialog.close();
    expect(dialog.open).to.equal(false);
  });

  for (const action of [
    { name: 'Withdraw consent', method: 'withdrawConsent', notice: 'Your consent was withdrawn. You can no longer go on camera or chat here.' },
    { name: 'Delete my data', method: 'requestDeletion', notice: 'Your data was deleted. You can no longer go on camera or chat here.' },
  ] as const) {
    it(`${action.name}: the confirmation is announced and the focus stays in the dialog`, async () => {
      const client = new FakeClient({ consent });
      // As core does: consent is gone from the state before the call resolves.
      client[action.method] = async () => {
        client.calls.push([action.method]);
        client.set({ consent: undefined });
      };
      const el = await part<ParlorPrivacy>('parlor-privacy', client);
      el.open();
      await el.updateComplete;
      const root = shadow(el);
      const pressed = button(root, action.name)!;
      pressed.focus();
      pressed.click();
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(root.querySelector('[role=status]')?.textContent?.trim()).to.equal(action.notice);
      const focused = root.activeElement;
      expect(focused !== null && root.querySelector('dialog')!.contains(focused), `focus in the dialog, not ${String(focused?.outerHTML)}`).to.equal(true);
      await expectAccessible(el);
    });
  }

  it('on opening, asks whether the answer still stands: one ended in another window is no longer shown', async () => {
    const client = new FakeClient({ consent });
    // As core does when the kit says the consent ended elsewhere: forgotten here.
    client.refreshConsent = async () => {
      client.calls.push(['refreshConsent']);
      client.set({ consent: undefined });
    };
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    el.open();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    const dialog = shadow(el).querySelector('dialog')!;
    expect(dialog.textContent).to.include('There is no consent on record for you here.');
    expect(dialog.textContent).not.to.include('version t1');
    expect(button(shadow(el), 'Withdraw consent'), 'nothing to withdraw').to.equal(null);
    await expectAccessible(el);
  });

  it('opens on Close: Enter twice neither withdraws nor deletes', async () => {
    const client = new FakeClient({ consent });
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    button(shadow(el), 'Privacy')!.click();
    await el.updateComplete;
    expect(shadow(el).activeElement?.textContent?.trim()).to.equal('Close');
  });

  it('after a withdrawal, my data can still be seen and deleted, and the dialog says what the site keeps', async () => {
    const client = new FakeClient({ consent });
    // As core does: the consent is forgotten, its receipt kept for data access.
    client.withdrawConsent = async () => {
      client.calls.push(['withdrawConsent']);
      client.withdrawn = true;
      client.set({ consent: undefined });
    };
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    el.open();
    button(shadow(el), 'Withdraw consent')!.click();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(button(shadow(el), 'Withdraw consent'), 'nothing left to withdraw').to.equal(null);
    expect(button(shadow(el), 'See my data'), 'see').to.not.equal(null);
    shadow(el).querySelector('dialog')!.close();
    el.open();
    await el.updateComplete;
    const dialog = shadow(el).querySelector('dialog')!;
    expect(dialog.textContent).to.include('You withdrew your consent here. The site still holds what you answered');
    await expectAccessible(el);
    button(shadow(el), 'Delete my data')!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls.map((c) => c[0])).to.include('requestDeletion');
  });

  it('shows my data and deletes it', async () => {
    const client = new FakeClient({ consent });
    const el = await part<ParlorPrivacy>('parlor-privacy', client);
    el.open();
    button(shadow(el), 'See my data')!.click();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=data]')!.textContent).to.include('"receipts"');
    expect(shadow(el).querySelector('[part=data]')!.getAttribute('dir'), 'JSON reads left to right in every language').to.equal('ltr');
    const download = shadow(el).querySelector<HTMLAnchorElement>('a[part=download]')!;
    expect(download.download).to.equal('my-data.json');
    expect(await (await fetch(download.href)).json()).to.deep.equal({ receipts: [] });
    await expectAccessible(el);
    button(shadow(el), 'Delete my data')!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(client.calls.map((c) => c[0])).to.deep.equal(['refreshConsent', 'myData', 'requestDeletion']);
    client.set({ consent: undefined });
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')!.textContent).to.include('Your data was deleted.');
  });
});
