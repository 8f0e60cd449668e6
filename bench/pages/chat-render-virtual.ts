// The @lit-labs/virtualizer contender of the chat rendering bench: the same
// page (chat-render.ts) with this element added, served apart so that the
// virtualizer's code is in this page's heap only.
import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer';
import type { ChatMessage } from '@parlor/core';
import './chat-render.js';

/**
 * @lit-labs/virtualizer with every message as its items, pinned to the last
 * one (its layout's `pin`): it draws only the rows near the view, measuring
 * each with a ResizeObserver.
 */
@customElement('virtual-chat-list')
export class VirtualChatList extends LitElement {
  static override styles = css`
    :host { display: block; height: 100%; }
    .log { height: 100%; padding: 0 8px; }
    .who { font-weight: 600; margin-inline-end: 0.5em; }
  `;
  @property({ attribute: false }) messages: ChatMessage[] = [];
  get #list(): LitVirtualizer {
    return this.renderRoot.querySelector('lit-virtualizer')!;
  }
  override render() {
    return html`<lit-virtualizer
      scroller
      class="log"
      .items=${this.messages}
      .keyFunction=${(m: ChatMessage) => m.id}
      .layout=${{ pin: { index: this.messages.length - 1, block: 'end' } }}
      .renderItem=${(m: ChatMessage) => html`<div data-id=${m.id}><span class="who">${m.from.name}</span>${m.text}</div>`}
    ></lit-virtualizer>`;
  }
  // Done when the virtualizer has taken the new items too (its own update follows this one).
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.#list.updateComplete;
    return done;
  }
}

