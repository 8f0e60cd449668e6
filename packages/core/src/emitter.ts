/** A map from event name to its listener's argument list. */
export type EventMap = { [event: string]: unknown[] };

type Listener = (...args: never[]) => void;

/**
 * A small typed event emitter: `on` returns an unsubscribe function; a
 * throwing listener never stops the others or the client.
 */
export class TypedEmitter<M extends EventMap> {
  #listeners = new Map<keyof M, Set<Listener>>();

  on<E extends keyof M>(event: E, listener: (...args: M[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as unknown as Listener);
    return () => this.off(event, listener);
  }

  once<E extends keyof M>(event: E, listener: (...args: M[E]) => void): () => void {
    const off = this.on(event, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  off<E extends keyof M>(event: E, listener: (...args: M[E]) => void): void {
    this.#listeners.get(event)?.delete(listener as unknown as Listener);
  }

  protected emit<E extends keyof M>(event: E, ...args: M[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as unknown as (...a: M[E]) => void)(...args);
      } catch (error) {
        console.error(`[parlor] a listener for "${String(event)}" threw`, error);
      }
    }
  }
}
