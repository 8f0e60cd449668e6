import { en } from './en.js';
import type { Strings } from './en.js';

export type { Strings };
export type StringKey = keyof Strings;
type Loader = () => Promise<Partial<Strings>>;

/** Languages shipped with the widget; each loads on demand. */
export const catalogues: Record<string, Loader> = {
  en: async () => en,
  es: async () => (await import('./es.js')).es,
  ar: async () => (await import('./ar.js')).ar,
};

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** Resolves strings for one language, with host overrides on top. */
export class Localizer {
  readonly dir: 'ltr' | 'rtl';
  readonly #plural: Intl.PluralRules;

  constructor(
    readonly lang: string,
    private readonly strings: Partial<Strings> = {},
  ) {
    this.dir = RTL.has(lang.split('-')[0] ?? '') ? 'rtl' : 'ltr';
    this.#plural = new Intl.PluralRules(lang);
  }

  /** Text for `key` with `{name}` placeholders filled; plural keys take `count`. */
  t(key: StringKey, vars: Record<string, string | number> = {}): string {
    const value = this.strings[key] ?? en[key];
    let text: string;
    if (typeof value === 'string') text = value;
    else {
      const forms = value as Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
      text = forms[this.#plural.select(Number(vars.count ?? 0))] ?? forms.other;
    }
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  }
}

/** Loads the catalogue for `lang` (falls back to its base language, then English). */
export async function loadLocalizer(lang: string, overrides: Partial<Strings> = {}): Promise<Localizer> {
  const base = lang.toLowerCase().split('-')[0] ?? 'en';
  const loader = catalogues[lang] ?? catalogues[base];
  const strings = loader ? await loader() : {};
  return new Localizer(loader ? lang : 'en', { ...strings, ...overrides });
}
