// The screen name an earlier visit remembered ("remember me" on the consent
// step), to pre-fill the pre-join card. Core owns this entry and writes it;
// it is read here without core (and its zod) so the first file stays small.
// Storage is a boundary: anything that is not a valid screen name is ignored.

/** Core's "remember me" entry (packages/core/src/storage.ts). */
const KEY = 'parlor.remember.v1';

/** Same rule as the server's screenNameSchema; the server still validates and has the last word. */
export const SCREEN_NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ._'-]{1,31}$/u;

/** The remembered screen name, or '' when none (or storage is blocked or holds something else). */
export function rememberedName(): string {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    const name = value && typeof value === 'object' ? (value as { screenName?: unknown }).screenName : undefined;
    return typeof name === 'string' && SCREEN_NAME.test(name) ? name : '';
  } catch {
    return '';
  }
}
