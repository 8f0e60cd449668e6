import { LitElement, html } from 'lit';
import type { ConsentState, RoomClient } from '@parlor/core';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import type { StringKey } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { reportErrors } from '../../report-errors.js';
import { focusedIn, keepFocus } from '../../focus.js';
import { base } from '../../styles.js';
import { privacyStyles } from './privacy.styles.js';

const PURPOSES = [
  ['terms', 'purposeTerms'],
  ['broadcast', 'purposeBroadcast'],
  ['recording', 'purposeRecording'],
  ['analytics', 'purposeAnalytics'],
] as const;

/**
 * A "Privacy" button and its dialog: what I agreed to and when, and one
 * click each to withdraw consent, see my data, or delete it (no more clicks
 * than giving consent took); after a withdrawal the data can still be seen
 * and deleted. Drives core's `withdrawConsent`, `myData` and
 * `requestDeletion`.
 *
 * @tagname parlor-privacy
 * @summary Review and withdraw consent, see or delete my data.
 * @event parlor-error - Withdrawing, fetching or deleting failed.
 * @csspart button - The Privacy button.
 * @csspart dialog - The dialog.
 * @csspart data - The "see my data" output.
 * @csspart download - The link that downloads my data as JSON.
 */
export class ParlorPrivacy extends LitElement {
  static override styles = [base, privacyStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    data: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  private data: string | undefined;
  private notice: StringKey | undefined;
  private busy = false;
  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog')!;
  }

  #consent = new StoreController(this, () => this.client, (s) => s.consent);

  #t = (k: StringKey, v?: Record<string, string | number>) => this.localizer.t(k, v);

  // Set once the dialog was first opened: formatting the consent date loads the
  // locale's date data (about 14 ms the first time), too slow for every room render.
  #opened = false;

  /** Opens the dialog. */
  open(): void {
    this.data = undefined;
    this.notice = undefined;
    this.#opened = true;
    // Render the summary now, with its date, so the dialog opens complete.
    this.requestUpdate();
    this.performUpdate();
    this.dialog.showModal();
    // The answer may have ended in another window since: the kit says, and the summary follows.
    void this.client?.refreshConsent().catch(() => {});
  }

  // Opened, the dialog starts on Close (`autofocus`): two presses of Enter must not withdraw or delete.
  override render() {
    const consent: ConsentState | undefined = this.#consent.value;
    return html`
      <button part="button" type="button" aria-haspopup="dialog" @click=${() => this.open()}>${this.#t('privacy')}</button>
      <dialog part="dialog" aria-labelledby="title">
        <h2 id="title">${this.#t('privacyTitle')}</h2>
        ${consent ? this.#summary(consent) : this.notice ? null : html`<p>${this.#t(this.client?.dataAccess ? 'withdrawnData' : 'noConsent')}</p>`}
        <p role="status" class="notice">${this.notice ? this.#t(this.notice) : ''}</p>
        ${this.data
          ? html`<pre part="data" dir="ltr" tabindex="0" aria-label=${this.#t('myData')}>${this.data}</pre>
              <a part="download" href=${this.#download(this.data)} download="my-data.json">${this.#t('downloadData')}</a>`
          : null}
        <div class="actions">
          ${consent ? html`<button type="button" aria-disabled=${this.busy} @click=${this.#withdraw}>${this.#t('withdraw')}</button>` : null}
          ${this.client?.dataAccess
            ? html`<button type="button" aria-disabled=${this.busy} @click=${this.#showData}>${this.#t('myData')}</button>
                <button type="button" class="danger" aria-disabled=${this.busy} @click=${this.#delete}>${this.#t('deleteData')}</button>`
            : null}
          <button type="button" class="primary close" autofocus @click=${() => this.dialog.close()}>${this.#t('close')}</button>
        </div>
      </dialog>
    `;
  }

  #url: string | undefined;
  /** A blob: URL of my data as JSON (one at a time, revoked when replaced). */
  #download(json: string): string {
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    return this.#url;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = undefined;
  }

  #summary(consent: ConsentState) {
    const r = consent.record;
    const date = this.#opened ? new Date(r.issuedAt).toLocaleString(this.localizer.lang) : '';
    return html`<p>${this.#t('consentSummary', { version: r.policyVersion, date })}</p>
      <dl>
        ${PURPOSES.map(([p, key]) => html`<dt>${this.#t(key)}</dt><dd>${r.purposes[p] ? this.#t('granted') : this.#t('notGranted')}</dd>`)}
      </dl>`;
  }

  // aria-disabled rather than disabled while busy: a disabled button would
  // drop the keyboard focus it has (see controls-bar).
  async #run(fn: () => Promise<void>) {
    if (this.busy) return;
    const pressed = focusedIn(this);
    this.busy = true;
    await reportErrors(this, fn);
    this.busy = false;
    // Withdrawing or deleting removes the buttons: the focus goes to Close, next to the notice.
    await keepFocus(this, pressed, () => this.renderRoot.querySelector<HTMLButtonElement>('.close'));
  }

  #withdraw = () =>
    this.#run(async () => {
      await this.client?.withdrawConsent();
      this.data = undefined;
      this.notice = 'withdrawn';
    });

  #showData = () =>
    this.#run(async () => {
      this.data = JSON.stringify(await this.client?.myData(), null, 2);
    });

  #delete = () =>
    this.#run(async () => {
      await this.client?.requestDeletion();
      this.data = undefined;
      this.notice = 'dataDeleted';
    });
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorPrivacy, 'client', 'localizer');
