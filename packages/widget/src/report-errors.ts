import { ParlorError } from '@parlor/core';
import { ParlorErrorEvent } from './events.js';

/**
 * Runs a UI action; if it fails, `el` dispatches a `parlor-error` (the room
 * shows a toast, the host may listen) instead of leaving an unhandled
 * rejection. Resolves true when the action succeeded.
 */
export async function reportErrors(el: EventTarget, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    el.dispatchEvent(new ParlorErrorEvent({ error: ParlorError.from(error) }));
    return false;
  }
}
