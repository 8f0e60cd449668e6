import { LitElement, html, css } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { LocalInfo, RoomClient } from '@parlor/core';
import { ParlorError } from '@parlor/core';
import { clientContext, localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { ParlorErrorEvent } from '../../events.js';
import { base } from '../../styles.js';

/**
 * Microphone, camera, screen share, ask-to-go-live, invite link and leave.
 * Buttons appear only for what the user's token allows.
 *
 * @summary Room controls.
 * @csspart bar - The toolbar.
 */
export class ParlorControlsBar extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      [role='toolbar'] { display: flex; gap: 0.4rem; flex-wrap: wrap; padding: 0.5rem; }
      button[aria-pressed='true'] { background: var(--_accent); color: var(--_on-accent); }
      .leave { margin-inline-start: auto; }
    `,
  ];

  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: RoomClient | undefined;
  @consume({ context: localizerContext, subscribe: true }) @property({ attribute: false }) localizer = new Localizer('en');
  @state() private busy = false;
  @state() private copied = false;

  #local = new StoreController(this, () => this.client, (s) => s.local);

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const local: LocalInfo | undefined = this.#local.value;
    const can = local?.can;
    return html`<div role="toolbar" part="bar" aria-label=${t('mainRegion')}>
      ${can?.publish
        ? html`
            <button aria-pressed=${local?.microphone ? 'true' : 'false'} ?disabled=${this.busy} @click=${() => this.#run(() => this.client!.setMicrophone(!local?.microphone))}>
              ${local?.microphone ? t('micOff') : t('micOn')}
            </button>
            <button aria-pressed=${local?.camera ? 'true' : 'false'} ?disabled=${this.busy} @click=${() => this.#run(() => this.client!.setCamera(!local?.camera))}>
              ${local?.camera ? t('cameraOff') : t('cameraOn')}
            </button>
            ${typeof navigator !== 'undefined' && 'getDisplayMedia' in (navigator.mediaDevices ?? {})
              ? html`<button aria-pressed=${local?.screen ? 'true' : 'false'} ?disabled=${this.busy} @click=${() => this.#run(() => this.client!.setScreenShare(!local?.screen))}>
                  ${local?.screen ? t('screenOff') : t('screenOn')}
                </button>`
              : null}
          `
        : local && local.role !== 'viewer'
          ? html`<button aria-pressed=${local.handRaised ? 'true' : 'false'} @click=${() => this.#run(() => this.client!.raiseHand(!local.handRaised))}>
              ${local.handRaised ? t('lowerHand') : t('raiseHand')}
            </button>`
          : null}
      <button @click=${this.#copy}>${this.copied ? t('linkCopied') : t('copyLink')}</button>
      <button class="leave danger" @click=${() => this.#run(() => this.client!.leave())}>${t('leave')}</button>
    </div>`;
  }

  async #copy() {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = true;
      setTimeout(() => (this.copied = false), 2000);
    } catch (error) {
      this.dispatchEvent(new ParlorErrorEvent({ error: ParlorError.from(error) }));
    }
  }

  async #run(fn: () => Promise<unknown>) {
    this.busy = true;
    try {
      await fn();
    } catch (error) {
      this.dispatchEvent(new ParlorErrorEvent({ error: ParlorError.from(error) }));
    } finally {
      this.busy = false;
    }
  }
}
