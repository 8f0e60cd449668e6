import type { ReactiveElement } from 'lit';

/**
 * Keeps the keyboard focus from getting lost when the control that had it
 * goes away (a deleted row, a button that removes itself, a person who left):
 * once `host` has updated, if `was` is gone and the focus dropped to the page
 * with it, `to()` gets the focus, without scrolling the page. Focus that the
 * person moved elsewhere (the host page included) is left where it is.
 */
export async function keepFocus(host: ReactiveElement, was: Element | null | undefined, to: () => HTMLElement | null | undefined): Promise<void> {
  await host.updateComplete;
  refocus(was, to);
}

/** {@link keepFocus} now: for a host's `updated()`. */
export function refocus(was: Element | null | undefined, to: () => HTMLElement | null | undefined): void {
  const now = document.activeElement;
  if (was && !was.isConnected && (!now || now === document.body)) to()?.focus({ preventScroll: true });
}

/** The element focused inside `host`'s shadow root, if any. */
export const focusedIn = (host: Element): Element | null => host.shadowRoot?.activeElement ?? null;
