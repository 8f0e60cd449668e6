import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { localizerContext } from '../../context.js';
import { Localizer } from '../../i18n/index.js';
import { base } from '../../styles.js';
import { toastsStyles } from './toasts.styles.js';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/**
 * Short notices at the bottom of the room: errors (`parlor-error`s the room
 * reports) and confirmations. Announced politely, dismissable, and gone after
 * `duration` milliseconds.
 *
 * @tagname parlor-toasts
 * @summary Toast notices.
 * @csspart region - The live region holding the toasts.
 * @csspart toast - One notice.
 */
export class ParlorToasts extends LitElement {
  static override styles = [base, toastsStyles];

  @consume({ context: localizerContext, subscribe: true }) @property({ attribute: false }) localizer = new Localizer();
  /** How long a notice stays, in milliseconds. */
  @property({ type: Number }) duration = 6000;
  @state() private toasts: Toast[] = [];
  #next = 0;

  /** Shows a notice. */
  show(text: string, kind: Toast['kind'] = 'info'): void {
    const id = ++this.#next;
    this.toasts = [...this.toasts.filter((t) => t.text !== text), { id, text, kind }].slice(-3);
    setTimeout(() => this.dismiss(id), this.duration);
  }

  /** Removes one notice. */
  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  override render() {
    return html`<div part="region" role="status" aria-live="polite" aria-label=${this.localizer.t('notifications')}><ol>
      ${repeat(
        this.toasts,
        (t) => t.id,
        (t) => html`<li part="toast" class=${t.kind === 'error' ? 'alert' : ''}>
          <span>${t.text}</span>
          <button @click=${() => this.dismiss(t.id)} aria-label=${this.localizer.t('dismiss')}>✕</button>
        </li>`,
      )}
    </ol></div>`;
  }
}
