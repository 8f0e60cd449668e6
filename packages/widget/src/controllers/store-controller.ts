import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableStore } from '@parlor/core';

/**
 * Reads one slice of a Parlor store for a Lit element: subscribes on
 * connect, requests an update only when the selected slice changes, and
 * unsubscribes on disconnect.
 *
 * @example
 * ```ts
 * #status = new StoreController(this, () => this.client, (s) => s.status);
 * render() { return html`${this.#status.value}`; }
 * ```
 */
export class StoreController<T, S> implements ReactiveController {
  #unsubscribe: (() => void) | undefined;
  #store: ReadableStore<T> | undefined;
  #value: S | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getStore: () => ReadableStore<T> | undefined,
    private readonly selector: (state: T) => S,
    private readonly equals: (a: S, b: S) => boolean = Object.is,
  ) {
    host.addController(this);
  }

  /** The selected slice, or undefined while there is no store. */
  get value(): S | undefined {
    this.#sync();
    return this.#value;
  }

  hostConnected(): void {
    this.#sync();
  }

  hostUpdate(): void {
    // The store may have been provided (context) after connect.
    this.#sync();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#store = undefined;
  }

  #sync(): void {
    const store = this.getStore();
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#store = store;
    this.#value = store ? this.selector(store.getState()) : undefined;
    this.#unsubscribe = store?.subscribe((state) => {
      const next = this.selector(state);
      if (this.#value !== undefined && this.equals(next, this.#value)) return;
      this.#value = next;
      this.host.requestUpdate();
    });
  }
}
