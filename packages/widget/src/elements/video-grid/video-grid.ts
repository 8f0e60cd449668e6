import { LitElement, html, css } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ParticipantInfo, RoomClient } from '@parlor/core';
import { clientContext, localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { base } from '../../styles.js';
import { attachTrack } from './attach.js';

/**
 * The video grid: one tile per participant on camera (screen shares first),
 * the active speaker highlighted, remote audio played.
 *
 * @summary Everyone's video.
 * @csspart grid - The grid.
 * @csspart tile - One participant's tile.
 * @csspart name - The name label on a tile.
 * @cssproperty --parlor-tile-min-width - Narrowest a tile gets (default 160px).
 */
export class ParlorVideoGrid extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .grid {
        display: grid;
        gap: 0.5rem;
        grid-template-columns: repeat(auto-fill, minmax(var(--parlor-tile-min-width, 160px), 1fr));
      }
      figure {
        margin: 0;
        position: relative;
        aspect-ratio: 16 / 9;
        background: #000;
        border-radius: var(--_radius);
        overflow: hidden;
        outline: 3px solid transparent;
      }
      figure.speaking { outline-color: var(--_accent); }
      video { width: 100%; height: 100%; object-fit: cover; display: block; }
      video.screen { object-fit: contain; }
      figcaption {
        position: absolute; inset-inline-start: 0.4rem; bottom: 0.4rem;
        background: rgb(0 0 0 / 0.65); color: #fff; padding: 0.1rem 0.5rem; border-radius: 6px; font-size: 0.85em;
      }
      .off { display: grid; place-items: center; height: 100%; color: #ddd; }
    `,
  ];

  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: RoomClient | undefined;
  @consume({ context: localizerContext, subscribe: true }) @property({ attribute: false }) localizer = new Localizer('en');

  #participants = new StoreController(this, () => this.client, (s) => s.participants);

  override render() {
    const people = this.#participants.value ?? [];
    const tiles: Array<{ key: string; p: ParticipantInfo; screen: boolean }> = [];
    for (const p of people) if (p.screen) tiles.push({ key: `${p.identity}:screen`, p, screen: true });
    for (const p of people) tiles.push({ key: p.identity, p, screen: false });
    return html`
      <div class="grid" part="grid">
        ${repeat(
          tiles,
          (t) => t.key,
          ({ p, screen }) => {
            const video = screen ? p.screen : p.camera;
            return html`<figure part="tile" class=${p.isSpeaking ? 'speaking' : ''} data-identity=${p.identity}>
              ${video && !video.muted
                ? html`<video
                    class=${screen ? 'screen' : ''}
                    autoplay
                    playsinline
                    muted
                    aria-label=${this.localizer.t('videoOf', { name: p.name })}
                    ${attachTrack(video.mediaStreamTrack)}
                  ></video>`
                : html`<div class="off">${this.localizer.t('noVideo')}</div>`}
              ${!p.isLocal && p.microphone?.mediaStreamTrack && !screen
                ? html`<audio autoplay ${attachTrack(p.microphone.mediaStreamTrack)}></audio>`
                : null}
              <figcaption part="name">${p.name}${p.isLocal ? ` ${this.localizer.t('you')}` : ''}</figcaption>
            </figure>`;
          },
        )}
      </div>
    `;
  }
}
