import { LitElement, html, css } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { ParlorPrejoinEvent } from '../../events.js';
import { base } from '../../styles.js';

// Same rule as the server's screenNameSchema, kept here so the first file does
// not load zod: the server still validates and has the last word.
const NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ._'-]{1,31}$/u;

/**
 * The pre-join card: a screen name (with a hint not to use a real name) and
 * a Continue button. Part of the small first file; asks for nothing else.
 *
 * @summary Pick a screen name.
 * @event parlor-prejoin - The form was submitted with a valid `screenName`.
 * @csspart card - The card.
 * @csspart input - The screen-name field.
 * @csspart button - The Continue button.
 */
export class ParlorPrejoin extends LitElement {
  static override styles = [
    base,
    css`
      form { display: grid; gap: 0.75rem; }
      label { font-weight: 600; }
      input { width: 100%; }
    `,
  ];

  @consume({ context: localizerContext, subscribe: true })
  @property({ attribute: false })
  localizer: Localizer = new Localizer('en');

  /** Pre-filled screen name (a remembered one). */
  @property() value = '';
  /** Label of the submit button. */
  @property({ attribute: 'submit-label' }) submitLabel = '';
  @property({ type: Boolean }) busy = false;
  @state() private invalid = false;
  @query('input') private input!: HTMLInputElement;

  override render() {
    const t = (k: Parameters<Localizer['t']>[0]) => this.localizer.t(k);
    return html`
      <form part="card" @submit=${this.#submit} novalidate>
        <label for="name">${t('screenNameLabel')}</label>
        <input
          id="name"
          part="input"
          name="screenName"
          autocomplete="nickname"
          maxlength="32"
          .value=${this.value}
          aria-describedby="hint ${this.invalid ? 'err' : ''}"
          aria-invalid=${this.invalid ? 'true' : 'false'}
          @input=${() => (this.invalid = false)}
        />
        <span id="hint" class="hint">${t('screenNameHint')}</span>
        ${this.invalid ? html`<span id="err" class="error" role="alert">${t('screenNameInvalid')}</span>` : null}
        <button class="primary" part="button" type="submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
          ${this.busy ? t('loading') : this.submitLabel || t('continue')}
        </button>
      </form>
    `;
  }

  #submit(e: Event) {
    e.preventDefault();
    const screenName = this.input.value.trim();
    if (!NAME.test(screenName)) {
      this.invalid = true;
      this.input.focus();
      return;
    }
    this.dispatchEvent(new ParlorPrejoinEvent({ screenName }));
  }
}
