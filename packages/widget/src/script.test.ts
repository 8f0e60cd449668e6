// The script-tag entry on its own, as a page that pasted only the script tag
// has it before Join: nothing here may rely on a chunk that loads later.
import { expect } from '@esm-bundle/chai';
import './script.js';
import { cleanup, deepQuery, eventually, fixture, shadow } from './test/helpers.js';

describe('script-tag entry alone', () => {
  afterEach(cleanup);

  it('the device check on the pre-join card shows English words, not string keys', async () => {
    const room = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>('parlor-room', { room: 'lobby', endpoint: '/api/parlor' });
    const prejoin = await eventually(() => deepQuery(shadow(room), 'parlor-prejoin'), 5000, 'pre-join card').then(() => deepQuery(shadow(room), 'parlor-prejoin')!);
    shadow(prejoin).querySelector<HTMLButtonElement>('[part=check]')!.click();
    await eventually(() => deepQuery(shadow(prejoin), 'parlor-device-preview'), 5000, 'device check shown');
    const preview = deepQuery(shadow(prejoin), 'parlor-device-preview')!;
    await (preview as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    const words = [
      shadow(preview).querySelector('strong')?.textContent,
      ...[...shadow(preview).querySelectorAll('label')].map((l) => [...l.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')),
      shadow(preview).querySelector('button')?.textContent,
      shadow(preview).querySelector('meter')?.getAttribute('aria-label'),
    ].map((s) => s?.trim());
    expect(words).to.deep.equal(['Camera and microphone check', 'Camera', 'Microphone', 'Stop the check', 'Microphone level']);
    (preview as HTMLElement & { stop(): void }).stop();
  });
});
