import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import { focusedIn, keepFocus } from '../../focus.js';
import { base } from '../../styles.js';
import { toastsStyles } from './toasts.styles.js';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/**
 * Short notices at the bottom of the room: errors (`parlor-error`s the room
 * reports) and confirmations. Confirmations are announced politely, errors
 * as alerts; each is dismissable and goes after `duration` milliseconds,
 * a time that stops while the pointer or the focus is on the notices.
 *
 * @tagname parlor-toasts
 * @summary Toast notices.
 * @csspart region - The live region holding the toasts.
 * @csspart toast - One notice.
 */
export class ParlorToasts extends LitElement {
  static override styles = [base, toastsStyles];
  static override properties = {
    localizer: { attribute: false },
    duration: { type: Number },
    toasts: { state: true },
  };

  localizer = new Localizer();
  /** How long a notice stays, in milliseconds. */
  duration = 6000;
  private toasts: Toast[] = [];
  #next = 0;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Pointer or focus on the notices: nobody's notice goes while they read or reach for it. */
  #held = { pointer: false, focus: false };

  /** Shows a notice. */
  show(text: string, kind: Toast['kind'] = 'info'): void {
    const id = ++this.#next;
    const kept = this.toasts.filter((t) => t.text !== text);
    this.#set([...kept, { id, text, kind }].slice(-3));
    for (const [old, timer] of this.#timers) {
      if (!this.toasts.some((t) => t.id === old)) {
        clearTimeout(timer);
        this.#timers.delete(old);
      }
    }
    this.#schedule(id);
  }

  /** Removes every notice, or every one of `kind`, at once; the focus is left to the caller. */
  clear(kind?: Toast['kind']): void {
    const stays = (t: Toast) => kind !== undefined && t.kind !== kind;
    for (const t of this.toasts.filter((t) => !stays(t))) {
      clearTimeout(this.#timers.get(t.id));
      this.#timers.delete(t.id);
    }
    this.toasts = this.toasts.filter(stays);
    // A removed notice sends no pointerleave or focusout: the holds follow where the pointer and focus are now.
    void this.updateComplete.then(() => {
      this.#hold('focus', this.#onNotice());
      this.#hold('pointer', this.renderRoot.querySelector('[part=region]')?.matches(':hover') ?? false);
    });
  }

  /** Removes one notice. */
  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#set(this.toasts.filter((t) => t.id !== id));
  }

  /** Shows `toasts`; a focused ✕ that goes (dismissed, replaced, the oldest of four) passes the focus on. */
  #set(toasts: Toast[]): void {
    const focused = focusedIn(this);
    const index = focused ? this.#buttons().indexOf(focused as HTMLElement) : -1;
    this.toasts = toasts;
    if (index < 0) return;
    // The next notice's ✕ gets the focus, else the previous one's, else the region.
    // Some browsers send no focusout for a removed element: the hold follows where the focus is now.
    void keepFocus(this, focused, () => this.#buttons()[index] ?? this.#buttons().pop() ?? this.renderRoot.querySelector<HTMLElement>('[part=region]')).then(() =>
      this.#hold('focus', this.#onNotice()),
    );
  }

  /** Whether the focus is on a notice (not just on the region, empty once all were dismissed). */
  #onNotice = (): boolean => !!focusedIn(this)?.closest('li');

  #buttons = (): HTMLElement[] => [...this.renderRoot.querySelectorAll<HTMLElement>('button')];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(id: number): void {
    if (this.#held.pointer || this.#held.focus) return;
    this.#timers.set(id, setTimeout(() => this.dismiss(id), this.duration));
  }

  #hold(what: 'pointer' | 'focus', on: boolean): void {
    if (this.#held[what] === on) return;
    this.#held[what] = on;
    if (on) {
      for (const timer of this.#timers.values()) clearTimeout(timer);
      this.#timers.clear();
    } else {
      // Each notice left gets its full time again once nothing holds them.
      for (const t of this.toasts) this.#schedule(t.id);
    }
  }

  #list(kind: Toast['kind']) {
    return repeat(
      this.toasts.filter((t) => t.kind === kind),
      (t) => t.id,
      (t) => html`<li part="toast" class=${kind === 'error' ? 'alert' : ''}>
        <span>${t.text}</span>
        <button @click=${() => this.dismiss(t.id)} aria-label=${this.localizer.t('dismiss')}>✕</button>
      </li>`,
    );
  }

  override render() {
    // Both lists are always there: a live region announces what is added to it.
    return html`<div
      part="region"
      role="group"
      tabindex="-1"
      aria-label=${this.localizer.t('notifications')}
      @pointerenter=${() => this.#hold('pointer', true)}
      @pointerleave=${() => this.#hold('pointer', false)}
      @focusin=${() => this.#hold('focus', this.#onNotice())}
      @focusout=${(e: FocusEvent) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) this.#hold('focus', false);
      }}
    >
      <div role="alert"><ol>${this.#list('error')}</ol></div>
      <div role="status" aria-live="polite"><ol>${this.#list('info')}</ol></div>
    </div>`;
  }
}
// The room's strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorToasts, 'localizer');
