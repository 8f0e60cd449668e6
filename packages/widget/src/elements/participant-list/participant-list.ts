import { LitElement, html, css } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ParticipantInfo, RoomClient } from '@parlor/core';
import { ParlorError } from '@parlor/core';
import { clientContext, localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { ParlorErrorEvent } from '../../events.js';
import { base } from '../../styles.js';

/**
 * Who is in the room: screen names, roles, raised hands; moderators get
 * actions for each person.
 *
 * @summary People in the room.
 * @csspart list - The list.
 * @csspart person - One person.
 */
export class ParlorParticipantList extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      ul { list-style: none; margin: 0; padding: 0.25rem 0.5rem; display: grid; gap: 0.25rem; }
      li { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
      .role { color: var(--_muted); font-size: 0.85em; }
      .mod { display: flex; gap: 0.25rem; flex-wrap: wrap; }
      .mod button { min-height: 32px; padding: 0.1rem 0.5rem; font-size: 0.8em; }
      h2 { font-size: 1rem; margin: 0.5rem; }
    `,
  ];

  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: RoomClient | undefined;
  @consume({ context: localizerContext, subscribe: true }) @property({ attribute: false }) localizer = new Localizer('en');

  #people = new StoreController(this, () => this.client, (s) => s.participants);
  #viewers = new StoreController(this, () => this.client, (s) => s.viewerCount);
  #moderate = new StoreController(this, () => this.client, (s) => s.local?.can.moderate ?? false);

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const people = this.#people.value ?? [];
    const viewers = this.#viewers.value ?? 0;
    return html`
      <h2>${t('participantCount', { count: people.length })}${viewers ? html` · ${t('viewerCount', { count: viewers })}` : null}</h2>
      <ul part="list" aria-label=${t('participants')}>
        ${repeat(people, (p) => p.identity, (p) => this.#person(p))}
      </ul>
    `;
  }

  #person(p: ParticipantInfo) {
    const t = this.localizer.t.bind(this.localizer);
    return html`<li part="person" data-identity=${p.identity}>
      <span>${p.name}${p.isLocal ? ` ${t('you')}` : ''}</span>
      <span class="role">${p.role}</span>
      ${p.handRaised ? html`<span role="img" aria-label=${t('handRaised')}>✋</span>` : null}
      ${this.#moderate.value && !p.isLocal
        ? html`<span class="mod">
            ${p.handRaised ? html`<button @click=${() => this.#act(() => this.client!.approveLive(p.identity))}>${t('approveLive')}</button>` : null}
            <button @click=${() => this.#act(() => this.client!.mute(p.identity))}>${t('mute')}</button>
            <button @click=${() => this.#act(() => this.client!.closeCamera(p.identity))}>${t('closeCamera')}</button>
            <button @click=${() => this.#act(() => this.client!.kick(p.identity))}>${t('kick')}</button>
            <button class="danger" @click=${() => this.#act(() => this.client!.ban(p.identity))}>${t('ban')}</button>
          </span>`
        : null}
    </li>`;
  }

  async #act(fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (error) {
      this.dispatchEvent(new ParlorErrorEvent({ error: ParlorError.from(error) }));
    }
  }
}
