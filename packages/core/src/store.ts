/** A listener gets the new snapshot and the previous one. */
export type Listener<T> = (state: T, previous: T) => void;

/**
 * A minimal external store of immutable snapshots: `getState()` always
 * returns the same object until something changes, so it plugs straight into
 * React's `useSyncExternalStore`, Svelte's store contract (via `toSvelte`),
 * Vue's `shallowRef`, or plain callbacks.
 */
export interface ReadableStore<T> {
  getState(): T;
  /** Returns an unsubscribe function. */
  subscribe(listener: Listener<T>): () => void;
}

export interface Store<T> extends ReadableStore<T> {
  /** Replaces the snapshot with `update(current)`; no-op when it returns the same object. */
  setState(update: (current: T) => T): void;
}

/** Creates a store holding `initial`. */
export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setState(update) {
      const previous = state;
      const next = update(previous);
      if (Object.is(next, previous)) return;
      state = next;
      for (const l of [...listeners]) {
        try {
          l(next, previous);
        } catch (error) {
          // One broken view must not stop the others or the client that called setState.
          console.error('[parlor] a store listener threw', error);
        }
      }
    },
  };
}

/**
 * Subscribes to one slice of a store: `listener` runs only when
 * `selector(state)` changes by `equals` (default `Object.is`).
 *
 * @example
 * ```ts
 * const stop = select(client, (s) => s.status, (status) => render(status));
 * ```
 */
export function select<T, S>(
  store: ReadableStore<T>,
  selector: (state: T) => S,
  listener: (slice: S, previous: S) => void,
  equals: (a: S, b: S) => boolean = Object.is,
): () => void {
  let current = selector(store.getState());
  return store.subscribe((state) => {
    const next = selector(state);
    if (equals(next, current)) return;
    const previous = current;
    current = next;
    listener(next, previous);
  });
}

/** Shallow equality for selected objects and arrays. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a) as (keyof T)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(a[k], b[k]));
}
