// Registration that survives being loaded twice (two script tags, two
// versions): define once, warn on a version clash, never throw.
export const VERSION = '0.1.0';

type Versioned = CustomElementConstructor & { parlorVersion?: string };

/** Defines `tag` unless it already is; warns when another Parlor version got there first. */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return; // Node / SSR import
  const existing = customElements.get(tag) as Versioned | undefined;
  if (existing) {
    if (existing.parlorVersion !== VERSION) {
      console.warn(`[parlor] <${tag}> is already defined by Parlor ${existing.parlorVersion ?? 'unknown'}; keeping it, ignoring ${VERSION}.`);
    }
    return;
  }
  (ctor as Versioned).parlorVersion = VERSION;
  customElements.define(tag, ctor);
}
