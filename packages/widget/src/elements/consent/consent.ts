import { LitElement, html } from 'lit';
import type { ConsentAnswers, Policy, RoomClient } from '@parlor/core';
import { globalPrivacyControl, MAX_AGE } from '@parlor/core';
import { focusedIn, keepFocus } from '../../focus.js';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import type { StringKey } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { base } from '../../styles.js';
import { consentStyles } from './consent.styles.js';

/**
 * What the person has entered on the consent step and not yet sent: each
 * field they changed, by its name (the age as typed).
 */
export interface ConsentDraft {
  /** The terms version the entries were made under: with other terms, they are not used. */
  termsVersion?: string;
  age?: string;
  terms?: boolean;
  broadcast?: boolean;
  recording?: boolean;
  analytics?: boolean;
  remember?: boolean;
}

/**
 * Digits of any script as ASCII (٣٠ is 30, ३० too). Unicode encodes each script's decimal digits
 * as a run of ten, 0 to 9, in order (runs may adjoin, as in the mathematical digits): a digit's value
 * is its distance from the start of its runs, modulo 10.
 */
const DIGIT = /\p{Nd}/u;
const asciiDigits = (s: string) =>
  s.replace(/\p{Nd}/gu, (d) => {
    const c = d.codePointAt(0)!;
    let zero = c;
    while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    return String((c - zero) % 10);
  });

/**
 * The consent step: privacy terms, a neutral age question, and separate
 * choices for being on camera, being recorded and analytics.
 *
 * The age question is neutral: it never says the threshold, and an answer
 * under 13 is refused here and never sent.
 *
 * What the person enters is kept in `draft` (in memory only), so a consent
 * step given the same draft again shows it as they left it.
 *
 * @tagname parlor-consent
 * @summary Ask for consent before joining.
 * @event parlor-consent-submit - The form was accepted; `detail` is the answers. It bubbles but is not composed: it does not leave a shadow tree.
 * @event parlor-consent-back - The user went back to the pre-join card.
 * @csspart form - The consent form.
 * @csspart terms-link - The link to the host's privacy terms.
 * @csspart privacy-link - The link to the host's privacy notice (the policy's `privacyUrl`, when set).
 * @csspart age - The age field.
 * @csspart submit - The Join button.
 */
export class ParlorConsent extends LitElement {
  static override styles = [base, consentStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    draft: { attribute: false },
    shownAs: { attribute: false },
    refused: { state: true },
    busy: { state: true },
    termsMissing: { state: true },
    ageInvalid: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  /**
   * The entries so far, written as the person changes them. Give the same
   * object to a new consent step to bring them back (`<parlor-room>` does when
   * the person goes Back and returns). A refusal empties it.
   */
  draft: ConsentDraft = {};
  /**
   * The name the room will show the person under, when it is not the one they typed (a site that
   * signs people in may give its own): said at the top of the step, before they agree to anything.
   */
  shownAs: string | undefined;
  private refused = false;
  private busy = false;
  private termsMissing = false;
  private ageInvalid = false;

  #policy = new StoreController(this, () => this.client, (s) => s.policy);

  #clearDraft() {
    for (const k in this.draft) delete this.draft[k as keyof ConsentDraft];
  }

  /** Shows the neutral refusal and forgets the answers (the draft too: nothing is kept of a child). */
  refuse(): void {
    const was = focusedIn(this);
    this.refused = true;
    this.busy = false;
    this.#clearDraft();
    // The form goes: the focus it had goes to the refusal.
    void keepFocus(this, was, () => this.renderRoot.querySelector('p'));
  }

  /** Keeps each change in the draft, with the terms it was made under; an age under 13 is never kept. */
  #keep(e: Event) {
    const { name, type, value, checked } = e.target as HTMLInputElement;
    const draft = this.draft as Record<string, string | boolean>;
    draft[name] = type === 'checkbox' ? checked : value;
    // Nothing of a child is kept, in any digits: only an age of 13 or more stays in the draft.
    if (name === 'age' && !(Number(asciiDigits(value.trim())) >= 13)) delete draft[name];
    const version = this.#policy.value?.termsVersion;
    if (version) this.draft.termsVersion = version;
  }

  protected override willUpdate(): void {
    // Entries made under other terms (they changed meanwhile) tick nothing under these.
    const version = this.#policy.value?.termsVersion;
    if (version && this.draft.termsVersion && this.draft.termsVersion !== version) this.#clearDraft();
  }

  #t = (k: StringKey, v?: Record<string, string | number>) => this.localizer.t(k, v);

  override render() {
    const policy: Policy | undefined = this.#policy.value;
    if (this.refused) {
      return html`<p role="alert" tabindex="-1">${this.#t('underAge')}</p>`;
    }
    const d = this.draft;
    const gpc = globalPrivacyControl();
    return html`
      <form part="form" @submit=${this.#submit} @input=${this.#keep} novalidate>
        ${this.shownAs ? html`<p class="shown-as">${this.#t('shownAs', { name: this.shownAs })}</p>` : null}
        <p>
          ${this.#t('termsIntro', { version: policy?.termsVersion ?? '' })}
          ${policy?.termsUrl
            ? html`<a part="terms-link" href=${policy.termsUrl} target="_blank" rel="noopener noreferrer">${this.#t('termsLink')}</a>`
            : // No address for them (the kit's default): no link back to this very page, and the owner sees why.
              policy && html`<span class="hint">${this.#t('termsNotLinked')}</span>`}
          ${policy?.privacyUrl
            ? html`<span aria-hidden="true">·</span> <a part="privacy-link" href=${policy.privacyUrl} target="_blank" rel="noopener noreferrer">${this.#t('privacyLink')}</a>`
            : null}
        </p>
        <div class="row">
          <label for="age">${this.#t('ageLabel')}</label>
          <input
            id="age"
            part="age"
            name="age"
            type="text"
            inputmode="numeric"
            required
            autocomplete="off"
            value=${d.age ?? ''}
            aria-invalid=${this.ageInvalid ? 'true' : 'false'}
            aria-describedby=${this.ageInvalid ? 'age-err' : ''}
            @input=${() => (this.ageInvalid = false)}
          />
          ${this.ageInvalid ? html`<span id="age-err" class="error" role="alert">${this.#t('ageInvalid', { max: String(MAX_AGE) })}</span>` : null}
        </div>
        <label class="check"
          ><input
            type="checkbox"
            name="terms"
            ?checked=${d.terms}
            aria-invalid=${this.termsMissing ? 'true' : 'false'}
            aria-describedby=${this.termsMissing ? 'terms-err' : ''}
            @change=${() => (this.termsMissing = false)}
          />
          <span>${this.#t('acceptTerms')}</span></label
        >
        ${this.termsMissing ? html`<span id="terms-err" class="error" role="alert">${this.#t('termsRequired')}</span>` : null}
        <label class="check"><input type="checkbox" name="broadcast" ?checked=${d.broadcast} /> <span>${this.#t('broadcastConsent')}</span></label>
        ${policy?.recording || policy?.requireRecordingConsent
          ? html`<p id="rec-note" class="hint recording-note">${this.#t(policy.recording ? 'recordingNow' : 'recordingNeeded')}</p>
              <label class="check"><input type="checkbox" name="recording" ?checked=${d.recording} aria-describedby="rec-note" /> <span>${this.#t('recordingConsent')}</span></label>`
          : null}
        <label class="check">
          <input type="checkbox" name="analytics" ?checked=${!gpc && d.analytics !== false} ?disabled=${gpc} aria-describedby=${gpc ? 'gpc' : ''} />
          <span>${this.#t('analyticsConsent')}</span>
        </label>
        ${gpc ? html`<p id="gpc" class="hint">${this.#t('analyticsGpc')}</p>` : null}
        <label class="check"><input type="checkbox" name="remember" ?checked=${d.remember ?? this.client?.getState().rememberedName !== undefined} /> <span>${this.#t('rememberMe')}</span></label>
        <div class="actions">
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('parlor-consent-back', { bubbles: true, composed: true }))}>
            ${this.#t('back')}
          </button>
          <button class="primary" part="submit" type="submit" ?disabled=${this.busy}>${this.#t('join')}</button>
        </div>
      </form>
    `;
  }

  #submit(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const ageInput = form.querySelector<HTMLInputElement>('#age')!;
    // Whole years in digits, of any script the person types in (٣٠ is 30): "1e2" and "30.5" are not ages.
    const typed = asciiDigits(ageInput.value.trim());
    const age = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
    if (!(age <= MAX_AGE)) {
      this.ageInvalid = true;
      ageInput.focus();
      return;
    }
    if (!data.get('terms')) {
      this.termsMissing = true;
      form.querySelector<HTMLInputElement>('input[name=terms]')?.focus();
      return;
    }
    if (age < 13) {
      // Refused here; the answer is not sent anywhere, and nothing of a child stays on the device.
      this.client?.forgetRemembered();
      this.refuse();
      return;
    }
    const answers: ConsentAnswers = {
      age,
      purposes: {
        terms: true,
        broadcast: data.get('broadcast') === 'on',
        recording: data.get('recording') === 'on',
        analytics: data.get('analytics') === 'on' && !globalPrivacyControl(),
      },
      remember: data.get('remember') === 'on',
    };
    this.busy = true;
    // Not composed: inside <parlor-room> the answers (the age among them) stay in the room's shadow
    // tree, out of reach of the page's listeners, capturing ones included.
    this.dispatchEvent(new CustomEvent('parlor-consent-submit', { detail: answers, bubbles: true }));
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorConsent, 'client', 'localizer');
