// docs/privacy.md promises the widget never asks for a password or a card
// number. Every screen a visitor can meet is rendered in the real elements and
// every shadow root is searched for a field that could collect either.
import { expect } from '@esm-bundle/chai';
import { ContextProvider } from '@lit/context';
import './index.js';
import { clientContext } from './context.js';
import type { ParlorPrejoin } from './elements/prejoin/prejoin.js';
import type { ParlorConsent } from './elements/consent/consent.js';
import type { ParlorRoomView } from './elements/room-view/room-view.js';
import type { ParlorPrivacy } from './elements/privacy/privacy.js';
import { FakeClient, button, cleanup, deepQuery, eventually, fixture, localInfo, message, person, shadow } from './test/helpers.js';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Every element under `root`, descending into open shadow roots. */
function allElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...allElements(el.shadowRoot));
  }
  return out;
}

function allFields(root: ParentNode): Field[] {
  return allElements(root).filter((el): el is Field => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement);
}

/** The field's label as assistive technology would read it: <label>s, aria-label, aria-labelledby. */
function accessibleLabel(field: Field): string {
  const scope = field.getRootNode() as Document | ShadowRoot;
  const labelledBy = (field.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean).map((id) => scope.getElementById(id)?.textContent ?? '');
  return [...[...(field.labels ?? [])].map((l) => l.textContent ?? ''), field.getAttribute('aria-label') ?? '', ...labelledBy].join(' ');
}

const SECRET_AUTOCOMPLETE = new Set(['current-password', 'new-password', 'one-time-code']);
const SECRET_WORDS = /pass(word|code)|card|cvv|cvc|iban|expir/i;

/** One line per element that could ask for a password, a one-time code or payment details. */
function secretFields(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const el of allElements(root)) {
    if (el instanceof HTMLInputElement && el.type === 'password') problems.push(`password input: ${el.outerHTML}`);
    // autocomplete is a token list ("section-x billing cc-number"): any secret token counts.
    const tokens = (el.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (tokens.some((t) => t.startsWith('cc-') || SECRET_AUTOCOMPLETE.has(t))) problems.push(`secret autocomplete: ${el.outerHTML}`);
  }
  for (const f of allFields(root)) {
    const names = [accessibleLabel(f), f.name, f.id, f.getAttribute('placeholder') ?? ''];
    if (names.some((n) => SECRET_WORDS.test(n))) problems.push(`secret-looking field: ${f.outerHTML} (label "${accessibleLabel(f).trim()}")`);
  }
  return problems;
}

const consent = {
  receipt: 'r',
  record: {
    id: 'c1',
    subject: 'id-me',
    room: 'test',
    purposes: { terms: true, broadcast: true, recording: true, analytics: false },
    policyVersion: 't1',
    issuedAt: '2026-11-29T10:00:00.000Z',
    method: 'web-form',
    gpc: false,
  },
};

/**
 * Mounts every screen at once: the pre-join card with its device check open,
 * the consent form with all choices, and the joined room (as a moderator, with
 * a person's menu, the recording question and the privacy panel open).
 */
async function everyScreen(): Promise<HTMLElement> {
  const box = document.createElement('div');
  document.body.append(box);

  const prejoin = await fixture<ParlorPrejoin>('parlor-prejoin', {}, box);
  shadow(prejoin).querySelector<HTMLButtonElement>('[part=check]')!.click();
  await eventually(() => deepQuery(shadow(prejoin), 'parlor-device-preview'), 5000, 'device check shown');
  const preview = deepQuery(shadow(prejoin), 'parlor-device-preview')!;
  // The device pickers fill only after the camera opened.
  await eventually(() => shadow(preview).querySelectorAll('select option').length >= 2, 10_000, 'device pickers filled');

  const consentClient = new FakeClient();
  consentClient.set({ policy: { ...consentClient.getState().policy!, requireRecordingConsent: true } });
  await fixture<ParlorConsent>('parlor-consent', { client: consentClient.asClient }, box);

  const roomClient = new FakeClient({
    consent,
    recording: true,
    local: localInfo({ can: { publish: true, chat: true, moderate: true, subscribe: true } }),
    participants: [person('Me', { identity: 'id-me', isLocal: true }), person('Alice', { handRaised: true })],
  });
  roomClient.addMessage(message('Alice', 'see https://example.com'));
  // The room's parts get the client by context, as inside <parlor-room>.
  const roomBox = document.createElement('div');
  box.append(roomBox);
  new ContextProvider(roomBox, { context: clientContext, initialValue: roomClient.asClient });
  const view = await fixture<ParlorRoomView>('parlor-room-view', { chat: true }, roomBox);
  const privacy = deepQuery<ParlorPrivacy>(shadow(view), 'parlor-privacy')!;
  await privacy.updateComplete;
  privacy.open();
  button(shadow(privacy), 'See my data')!.click();
  await eventually(() => shadow(privacy).querySelector('[part=data]'), 5000, 'my data shown');
  // Last: a modal dialog opening closes an open menu (a light-dismiss popover), as it should.
  button(shadow(view), 'Actions for Alice')!.click();
  await eventually(() => deepQuery(shadow(view), '[role=menu]'), 5000, 'the menu open');
  return box;
}

describe('no widget screen asks for a password or a card number', function () {
  this.timeout(60_000);
  // Mounted once: opening the camera for every test would only slow the suite.
  let screens: HTMLElement;
  before(async () => {
    screens = await everyScreen();
  });
  after(cleanup);

  it('the widget never asks for a password, a one-time code or payment details', () => {
    const problems = secretFields(screens);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('the check reaches every screen: it finds the screen name, age, consent choices, chat and device pickers', () => {
    const fields = allFields(screens);
    expect(fields.map((f) => f.name || f.id)).to.include.members(['screenName', 'age', 'terms', 'broadcast', 'recording', 'analytics', 'remember', 'text']);
    expect(fields.filter((f) => f instanceof HTMLSelectElement)).to.have.length(2);
    const tags = new Set(allElements(screens).map((el) => el.localName));
    for (const tag of ['parlor-prejoin', 'parlor-device-preview', 'parlor-consent', 'parlor-room-view', 'parlor-chat-panel', 'parlor-participant-list', 'parlor-controls-bar', 'parlor-privacy']) {
      expect(tags.has(tag), tag).to.equal(true);
    }
    const privacy = deepQuery<ParlorPrivacy>(screens, 'parlor-privacy')!;
    expect(shadow(privacy).querySelector('dialog')!.open).to.equal(true);
    expect(deepQuery(screens, '[role=menu]'), 'a moderator menu is open').not.to.equal(null);
  });

  const planted: { name: string; html: string }[] = [
    { name: 'a password input', html: '<input type="password">' },
    { name: 'a card-number autocomplete', html: '<input autocomplete="billing cc-number">' },
    { name: 'a one-time-code autocomplete', html: '<input autocomplete="one-time-code">' },
    { name: 'a field labelled as a password', html: '<label>Passcode <input></label>' },
    { name: 'a field labelled by another element', html: '<span id="planted-l">Card number</span><input aria-labelledby="planted-l">' },
    { name: 'a CVC placeholder', html: '<input placeholder="CVC">' },
    { name: 'an IBAN select', html: '<select name="iban"></select>' },
    { name: 'a textarea with an expiry id', html: '<textarea id="expiry"></textarea>' },
  ];
  for (const p of planted) {
    it(`the check reports ${p.name} planted deep in a shadow root`, () => {
      // Three shadow roots down: room view → controls bar → privacy panel.
      const privacy = deepQuery<ParlorPrivacy>(screens, 'parlor-privacy')!;
      // Counted against the screens as they are, so this control does not depend on the test above.
      const before = secretFields(screens).length;
      const spot = document.createElement('div');
      spot.innerHTML = p.html;
      shadow(privacy).querySelector('dialog')!.append(spot);
      try {
        expect(secretFields(screens)).to.have.length(before + 1);
      } finally {
        spot.remove();
      }
      expect(secretFields(screens)).to.have.length(before);
    });
  }
});
