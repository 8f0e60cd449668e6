import { LitElement, html, css } from 'lit';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { RoomClient } from '@parlor/core';
import { clientContext, localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { base } from '../../styles.js';

/**
 * The room once joined: status banner, video grid, people, chat, controls.
 *
 * @summary The joined room's layout.
 * @csspart banner - Reconnecting / recording notices.
 * @csspart stage - The video area.
 * @csspart sidebar - People and chat.
 */
export class ParlorRoomView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: grid; grid-template-rows: auto 1fr auto; min-height: var(--parlor-min-height, 480px); }
      .main { display: grid; grid-template-columns: 1fr minmax(16rem, 22rem); min-height: 0; }
      .stage { padding: 0.5rem; overflow: auto; }
      .side { display: grid; grid-template-rows: auto 1fr; border-inline-start: 1px solid var(--_border); min-height: 0; max-height: 70vh; }
      .banner { padding: 0.4rem 0.8rem; background: var(--_surface); border-bottom: 1px solid var(--_border); }
      .rec { color: var(--_danger); font-weight: 600; }
      @container (max-width: 640px) {
        .main { grid-template-columns: 1fr; }
        .side { border-inline-start: 0; border-top: 1px solid var(--_border); max-height: none; }
      }
    `,
  ];

  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: RoomClient | undefined;
  @consume({ context: localizerContext, subscribe: true }) @property({ attribute: false }) localizer = new Localizer('en');
  @property({ attribute: false }) beforeSend: ((d: { text: string }) => boolean | void | Promise<boolean | void>) | undefined;

  #status = new StoreController(this, () => this.client, (s) => s.status);
  #recording = new StoreController(this, () => this.client, (s) => s.recording);

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const status = this.#status.value;
    return html`
      <div part="banner" role="status" aria-live="polite">
        ${status === 'reconnecting' ? html`<div class="banner">${t('reconnecting')}</div>` : null}
        ${this.#recording.value ? html`<div class="banner rec">● ${t('recording')}</div>` : null}
      </div>
      <div class="main">
        <section class="stage" part="stage" aria-label=${t('mainRegion')}><parlor-video-grid></parlor-video-grid></section>
        <aside class="side" part="sidebar">
          <parlor-participant-list></parlor-participant-list>
          <parlor-chat-panel .beforeSend=${this.beforeSend}></parlor-chat-panel>
        </aside>
      </div>
      <parlor-controls-bar></parlor-controls-bar>
    `;
  }
}
