import { ContextConsumer, type Context } from '@lit/context';
import type { ReactiveElement } from 'lit';
import { clientContext, localizerContext } from './context.js';

const contexts = { client: clientContext, localizer: localizerContext } as const satisfies Record<string, Context<unknown, unknown>>;

/**
 * Every `element` takes these properties from the `<parlor-room>` around it
 * (Lit context) and follows their changes: what `@consume({ subscribe: true })`
 * does, without decorators (their helper code and per-field calls weigh more).
 */
export function fromRoom(element: typeof ReactiveElement, ...names: (keyof typeof contexts)[]): void {
  element.addInitializer((host) => {
    for (const name of names) {
      new ContextConsumer(host, {
        context: contexts[name] as Context<unknown, unknown>,
        subscribe: true,
        callback: (value) => ((host as unknown as Record<string, unknown>)[name] = value),
      });
    }
  });
}
