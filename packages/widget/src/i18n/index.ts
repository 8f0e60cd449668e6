import { enFirst } from './en-first.js';
import type { Strings } from './en.js';

export type { Strings };
export type StringKey = keyof Strings;
/** Plural forms of one string; `other` is always there. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Loader = () => Promise<Partial<Strings>>;

/**
 * Languages shipped with the widget; each loads on demand. English needs no
 * loader: its pre-join strings are in the first file and the rest comes with
 * the room ({@link registerEnglish}).
 */
export const catalogues: Record<string, Loader> = {
  en: async () => ({}),
  es: async () => (await import('./es.js')).es,
  ar: async () => (await import('./ar.js')).ar,
};

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

// What an unknown key falls back to: the pre-join strings at first, the whole
// English catalogue once the room chunk registered it.
let english: Partial<Strings> = enFirst;

/**
 * Adds English strings to the fallback of every language (the consent step's
 * chunk and the room's chunk register the catalogue, and the error texts come
 * in a chunk of their own). Each call adds to what is there, so the order in
 * which the chunks arrive does not matter.
 */
export function registerEnglish(strings: Partial<Strings>): void {
  english = { ...english, ...strings };
}

/** Resolves strings for one language, with host overrides on top. */
export class Localizer {
  readonly dir: 'ltr' | 'rtl';
  // Made on the first plural string: every element starts with a default
  // Localizer, and Intl.PluralRules loads locale data.
  #plural: Intl.PluralRules | undefined;

  constructor(
    readonly lang: string = 'en',
    private readonly strings: Partial<Strings> = {},
  ) {
    this.dir = RTL.has(lang.toLowerCase().split('-')[0] ?? '') ? 'rtl' : 'ltr';
  }

  /** Text for `key` with `{name}` placeholders filled; plural keys pick their form from `count`. */
  t(key: StringKey, vars: Record<string, string | number> = {}): string {
    const value: string | PluralForms = this.strings[key] ?? english[key] ?? key;
    const text = typeof value === 'string' ? value : (value[(this.#plural ??= new Intl.PluralRules(this.lang)).select(Number(vars.count ?? 0))] ?? value.other);
    // In a right-to-left language a value keeps its own direction (U+2068 … U+2069): a version
    // "2026-11" or a Latin name would otherwise be read in the sentence's order.
    return text.replace(/\{(\w+)\}/g, (m, name: string) =>
      !(name in vars) ? m : this.dir === 'rtl' && typeof vars[name] === 'string' ? `\u2068${vars[name]}\u2069` : String(vars[name]),
    );
  }

  /**
   * Text for an error: `error_<code>` (`error_<code>_wait` with the seconds
   * when it says how long to wait), or the error's own (English) message for a
   * code without a text.
   */
  error(e: { message: string; code?: string; retryAfter?: number | undefined }): string {
    const count = Math.ceil(e.retryAfter ?? 0);
    const keys = [`error_${e.code}`] as StringKey[];
    if (count > 0) keys.unshift(`error_${e.code}_wait` as StringKey);
    const key = keys.find((k) => this.strings[k] ?? english[k]);
    return key ? this.t(key, { count }) : e.message;
  }
}

/** Loads the catalogue for `lang` (falls back to its base language, then English), with `overrides` on top. */
export async function loadLocalizer(lang: string, overrides: Partial<Strings> = {}): Promise<Localizer> {
  const base = lang.toLowerCase().split('-')[0] ?? 'en';
  const loader = catalogues[lang] ?? catalogues[base];
  const strings = loader ? await loader() : {};
  return new Localizer(loader ? lang : 'en', { ...strings, ...overrides });
}
