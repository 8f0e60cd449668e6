import { LitElement, html } from 'lit';
import type { PropertyValues } from 'lit';
import { Localizer } from '../../i18n/index.js';
import type { StringKey } from '../../i18n/index.js';
import { ParlorPrejoinEvent } from '../../events.js';
import type { DeviceChoice } from '../../events.js';
import { focusedIn, keepFocus } from '../../focus.js';
import { base } from '../../styles.js';
import { prejoinStyles } from './prejoin.styles.js';

import { SCREEN_NAME } from '../../remembered-name.js';

/**
 * The pre-join card: a screen name (with a hint not to use a real name), an
 * optional camera and microphone check that opens the devices only when
 * clicked, and Continue. Part of the small first file.
 *
 * @tagname parlor-prejoin
 * @summary Pick a screen name (and check devices) before joining.
 * @event parlor-prejoin - Submitted with a valid name; `detail: { screenName, devices }`.
 * @csspart form - The form.
 * @csspart input - The screen-name field.
 * @csspart button - The submit button.
 * @csspart check - The "check camera and microphone" button.
 */
export class ParlorPrejoin extends LitElement {
  static override styles = [base, prejoinStyles];
  // Declared without decorators: this element is in the small first file.
  static override properties = {
    localizer: { attribute: false },
    value: {},
    error: {},
    viewer: { type: Boolean },
    invalid: { state: true },
    checking: { state: true },
  };

  /** The active strings (`<parlor-room>` sets it). */
  localizer = new Localizer();
  /** Pre-filled screen name. */
  value = '';
  /**
   * Why the server refused the name last given (`<parlor-room>` sets it, in
   * the visitor's language): shown on the field, which takes the focus, until
   * the name is changed.
   */
  error = '';
  /** Viewer mode: only a Watch button, no name and no device check. */
  viewer = false;
  private invalid = false;
  private checking = false;
  private get input(): HTMLInputElement {
    return this.renderRoot.querySelector('input')!;
  }

  #t = (k: StringKey) => this.localizer.t(k);

  override render() {
    if (this.viewer) {
      return html`<form part="form" @submit=${this.#submit}>
        <button class="primary" part="button" type="submit">${this.#t('watch')}</button>
      </form>`;
    }
    return html`
      <form part="form" @submit=${this.#submit} novalidate>
        <label for="name">${this.#t('screenNameLabel')}</label>
        <input
          id="name"
          part="input"
          name="screenName"
          autocomplete="nickname"
          maxlength="32"
          .value=${this.value}
          aria-describedby="hint ${this.invalid || this.error ? 'err' : ''}"
          aria-invalid=${this.invalid || this.error ? 'true' : 'false'}
          @input=${() => (this.invalid = false, this.error = '')}
        />
        <span id="hint" class="hint">${this.#t('screenNameHint')}</span>
        ${this.invalid || this.error ? html`<span id="err" class="error" role="alert">${this.error || this.#t('screenNameInvalid')}</span>` : null}
        ${this.checking
          ? html`<parlor-device-preview exportparts="video: device-video, meter: device-meter" .localizer=${this.localizer} @parlor-preview-close=${this.#closeCheck}></parlor-device-preview>`
          : html`<button class="link" part="check" type="button" @click=${this.#check}>${this.#t('checkDevices')}</button>`}
        <button class="primary" part="button" type="submit">${this.#t('continue')}</button>
      </form>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('error') || !this.error) return;
    // The field takes the focus only from the room (or from nowhere): never from the host page.
    const room = (this.getRootNode() as ShadowRoot).host;
    const active = document.activeElement;
    if (!active || active === document.body || active === room || active === this) {
      this.renderRoot.querySelector('input')?.focus({ preventScroll: true });
    }
  }

  #devices: DeviceChoice = {};

  #closeCheck = (e: Event) => {
    this.#devices = (e.target as HTMLElement & { choice?: DeviceChoice }).choice ?? {};
    this.checking = false;
    // The check goes with its own Stop button: the focus goes to the button that opens it again.
    void keepFocus(this, focusedIn(this), () => this.renderRoot.querySelector<HTMLElement>('[part=check]'));
  };

  /** Loads the device check only now: nothing touches a camera before this click. */
  async #check() {
    await import('../../device-check.js');
    this.checking = true;
  }

  #submit(e: Event) {
    e.preventDefault();
    const preview = this.renderRoot.querySelector('parlor-device-preview') as (HTMLElement & { choice?: DeviceChoice; stop?: () => void }) | null;
    const devices = preview?.choice ?? this.#devices;
    if (this.viewer) {
      this.dispatchEvent(new ParlorPrejoinEvent({ screenName: '', devices }));
      return;
    }
    const screenName = this.input.value.trim();
    if (!SCREEN_NAME.test(screenName)) {
      this.invalid = true;
      this.input.focus();
      return;
    }
    preview?.stop?.();
    this.dispatchEvent(new ParlorPrejoinEvent({ screenName, devices }));
  }
}
