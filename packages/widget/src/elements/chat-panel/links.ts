import { LinkifyIt } from 'linkify-it';

export type TextPart = { text: string; href?: undefined } | { text: string; href: string; host: string };

const SAFE = new Set(['http:', 'https:', 'mailto:']);

/**
 * Generic top-level domains recognised without a scheme, on top of
 * linkify-it's own (com, org, net, info, … and every two-letter country
 * code). A bare name under any other ending stays plain text; with
 * `https://` in front it is a link whatever its ending.
 */
const MORE_TLDS = 'app art bank blog cloud club design dev email fun games int link live media mil news online page site social space store tech top travel video wiki work world xyz'.split(' ');

/**
 * Where a link ends whatever linkify-it makes of it: emoji and other
 * symbols with what completes them (`example.com🎉`, `👋🏽example.com`,
 * `1️⃣`, `example.com™`), and the invisible marks that reorder text (a
 * link's text could otherwise show another address than its own).
 */
const BREAK = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{So}\u20E3\uFE0E\uFE0F\u200D\u{E0020}-\u{E007F}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/**
 * Letters of scripts written without spaces next to Latin (Chinese, Japanese,
 * Korean, Thai) or in the other direction (Arabic, Hebrew), right against a
 * Latin letter or digit: a word boundary there, or `请访问https://example.com谢谢`
 * links nothing, or a host ending in `com谢谢`. By Script_Extensions, so
 * that marks these scripts share (the Japanese ー) count too.
 */
const SCRIPTS = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}\\p{scx=Thai}\\p{scx=Arabic}\\p{scx=Hebrew}';
const AGAINST_LATIN = new RegExp(`[${SCRIPTS}](?=[A-Za-z0-9])|(?<=[A-Za-z0-9])[${SCRIPTS}]`, 'gu');

/** `text` with every character no link may run through replaced by spaces, code unit for code unit (the same offsets). */
const probe = (text: string): string => text.replace(BREAK, blank).replace(AGAINST_LATIN, blank);
const blank = (c: string): string => ' '.repeat(c.length);

let linkify: LinkifyIt | undefined;

/** linkify-it builds its patterns on first use: rooms without chat never pay for them. */
function linker(): LinkifyIt {
  linkify ??= new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false, urlAuth: true })
    .add('ftp:', null)
    .add('//', null)
    .tlds(MORE_TLDS, true);
  return linkify;
}

/**
 * Splits chat text into plain parts and links. Only http, https and mailto
 * survive as links; anything else (javascript:, data:, obfuscated schemes)
 * stays plain text. The result is rendered through Lit bindings, never as HTML.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const link of linker().match(probe(text)) ?? []) {
    if (sentenceJoin(link)) continue;
    // No link runs through a blanked character: its text in the probe is the text as written.
    // A name written without a scheme opens over https (linkify-it would say http).
    const url = safeUrl(link.schema === '' && link.url.startsWith('http://') ? `https://${link.url.slice(7)}` : link.url);
    if (!url) continue;
    if (link.index > at) parts.push({ text: text.slice(at, link.index) });
    parts.push({ text: text.slice(link.index, link.lastIndex), href: url.href, host: url.protocol === 'mailto:' ? address(url) : url.host });
    at = link.lastIndex;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/**
 * Two sentences run together, not an address: `Hello.Is anyone here?` or
 * `Thanks.So`, a bare name whose ending is a capitalised word (no one
 * writes `.Is` for Iceland). Written with a scheme or a path, it stays a link.
 */
function sentenceJoin(link: { schema: string; raw: string }): boolean {
  return link.schema === '' && !link.raw.includes('@') && /\.[A-Z][a-z]+$/.test(link.raw);
}

/**
 * A mailto link's address for the dialog: its name as written (`ana@…`, not
 * percent-encoded) unless that hides or reorders characters, and its domain
 * as the browser reads it (`xn--…` for a name in other letters, as for the
 * web links' hosts: `pаypal.com` with a Cyrillic а does not pass for PayPal).
 */
function address(url: URL): string {
  let written = url.pathname;
  try {
    const decoded = decodeURIComponent(url.pathname);
    if (!/\p{C}/u.test(decoded)) written = decoded;
  } catch {}
  const at = written.lastIndexOf('@');
  if (at < 0) return written;
  try {
    return `${written.slice(0, at)}@${new URL(`http://${written.slice(at + 1)}`).hostname}`;
  } catch {
    return written;
  }
}

/** Parses `href` and returns it only when its scheme is safe. */
export function safeUrl(href: string): URL | undefined {
  try {
    const url = new URL(href);
    return SAFE.has(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
