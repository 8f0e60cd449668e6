export type TextPart = { text: string; href?: undefined } | { text: string; href: string; host: string };

const SAFE = new Set(['http:', 'https:', 'mailto:']);

/**
 * Endings a web address is found under without a scheme: the generic names
 * people write bare (com, org, net, info, dev, app, …) and every two-letter
 * country code that is in use (IANA's root zone), written as a first letter
 * and the second letters that follow it. A bare name under any other ending
 * (`notes.txt`, `index.ts`) stays plain text; with `https://` in front it is
 * a link whatever its ending.
 */
const GENERIC = 'aero app art asia bank biz blog cloud club com coop design dev edu email fun games gov info int link live media mil museum name net news online org page pro shop site social space store tech top travel video web wiki work world xxx xyz рф';
const COUNTRY = 'a:cdefgilmoqrstuwxz b:abdefghijmnorstvwyz c:acdfghiklmnoruvwxyz d:ejkmoz e:cegrstu f:ijkmor g:abdefghilmnpqrstuwy h:kmnrtu i:delmnoqrst j:emop k:eghimnprwyz l:abcikrstuvy m:acdeghklmnopqrstuvwxyz n:acefgilopruz o:m p:aefghklmnrstwy q:a r:eosuw s:abcdeghijklmnorstuvxyz t:cdfghjklmnortvwz u:agksyz v:aceginu w:fs y:et z:amw';
const ENDINGS = new Set([...GENERIC.split(' '), ...COUNTRY.split(' ').flatMap((g) => [...g.slice(2)].map((c) => g[0]! + c))]);

/**
 * Where a link ends: emoji and other symbols with what completes them
 * (`example.com🎉`, `👋🏽example.com`, `1️⃣`, `example.com™`), and every
 * character drawn as nothing (Default_Ignorable_Code_Point: the marks that
 * reorder text, zero-width spaces and joiners, variation selectors, fillers),
 * so that a link's text shows all of its address and nothing else.
 */
const BREAK = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{So}\u20E3\p{Default_Ignorable_Code_Point}]/gu;
/**
 * Letters of scripts written without spaces next to Latin (Chinese, Japanese,
 * Korean, Thai) or in the other direction (Arabic, Hebrew), right against a
 * Latin letter or digit: a word boundary there, or `请访问https://example.com谢谢`
 * links nothing, or a host ending in `com谢谢`. By Script, with the marks
 * kana share (the length mark ー, the repeat and voicing marks) and the Arabic
 * tatweel; not by Script_Extensions, which also lists combining accents,
 * `·` and `ʼ` that Latin words use (`Mu\u0308nchen`, `Col·legi`).
 */
const SCRIPTS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}\\p{sc=Arabic}\\p{sc=Hebrew}\\u3031-\\u3035\\u309B\\u309C\\u30FC\\uFF70\\uFF9E\\uFF9F\\u0640';
const AGAINST_LATIN = new RegExp(`[${SCRIPTS}](?=[A-Za-z0-9])|(?<=[A-Za-z0-9])[${SCRIPTS}]`, 'gu');

/** `text` with every character no link may run through replaced by spaces, code unit for code unit (the same offsets). */
export const probe = (text: string): string => text.replace(BREAK, blank).replace(AGAINST_LATIN, blank);
const blank = (c: string): string => ' '.repeat(c.length);

// A host: labels of letters (any script), digits and marks, hyphens inside, joined by dots.
const LABEL = '[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}-]*[\\p{L}\\p{N}\\p{M}])?';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
// A character an address runs through: printable ASCII but for `"`, `<` and `>`, letters, digits and
// marks of any script, and the middle dot of Catalan words (`l·l`); not white space, controls, or other
// punctuation and symbols beyond ASCII (`。`, `、`, `”`, `（`).
const CHAR = '(?:[!#-;=?-~\\u00B7]|(?![\\p{P}\\p{S}\\p{Z}\\p{C}])[^\\0-\\x7F])';
// A path, query or fragment after a host (its end trimmed below); a `?` or `#` with nothing after it ends the
// sentence, not the address.
const PATH = `(?:/${CHAR}*|[?#]${CHAR}+)?`;
// An email address's name: ASCII words joined by single dots (`first.last+tag`), as written in chat.
const NAME = '[\\w%+-]+(?:\\.[\\w%+-]+)*';
/**
 * One pass finds, leftmost first: an address with http(s):// (any host, a
 * user part and a port allowed); mailto: with an address; an email address;
 * a name with a known ending (not one with a port: nor did linkify-it link
 * those). A bare name or address may not follow a
 * letter, digit or one of `. : / @ _ - ~ % \`` (the inside of something
 * else: `ftp://x.org`, `%20.com`, or code).
 */
const FIND = new RegExp(
  `(?<![\\p{L}\\p{N}\\p{M}_])(?:[Hh][Tt][Tt][Pp][Ss]?:\\/\\/(?:(?:(?![/?#@])${CHAR})+@)?(?:${HOST}|\\[[\\dA-Fa-f:.]+\\])(?::\\d{1,5})?${PATH}` +
    `|[Mm][Aa][Ii][Ll][Tt][Oo]:${NAME}@${HOST})` +
    `|(?<![\\p{L}\\p{N}\\p{M}.:/@_~%\`-])(?:(?<![+])(?<email>${NAME}@${LABEL}(?:\\.${LABEL})+)|(?:${LABEL}\\.)+(?<ending>${LABEL})(?![\\p{L}\\p{N}\\p{M}-]|:\\d)${PATH})`,
  // Not case-insensitive: with `iu`, [a-z] and \w would also take ſ (s) and K (the Kelvin sign, k).
  'gu',
);

/**
 * Splits chat text into plain parts and links. Only http, https and mailto
 * survive as links; anything else (javascript:, data:, obfuscated schemes)
 * stays plain text. The result is rendered through Lit bindings, never as HTML.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  // No link runs through a blanked character: its text in the probe is the text as written.
  for (const found of probe(text).matchAll(FIND)) {
    const { email, ending } = found.groups!;
    if (ending !== undefined && !ENDINGS.has(ending.toLowerCase())) continue;
    const written = email ?? trimEnd(found[0]);
    if (ending !== undefined && sentenceJoin(written)) continue;
    // A name written without a scheme opens over https.
    const url = safeUrl(email !== undefined ? `mailto:${email}` : ending !== undefined ? `https://${written}` : written);
    if (!url) continue;
    if (found.index > at) parts.push({ text: text.slice(at, found.index) });
    at = found.index + written.length;
    parts.push({ text: text.slice(found.index, at), href: url.href, host: url.protocol === 'mailto:' ? address(url) : url.host });
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/**
 * An address without what ends the sentence around it: trailing `. , ; : ! ? '`
 * and a closing bracket that opened before the address (`(see example.com/x).`),
 * while one that opened inside it stays (`en.wikipedia.org/wiki/Tea_(drink)`).
 * Brackets are counted once, then as the end is cut: a line of 4,000 `)` is no slower than one link.
 */
function trimEnd(link: string): string {
  const count: Record<string, number> = {};
  for (const c of link) if ('()[]{}'.includes(c)) count[c] = (count[c] ?? 0) + 1;
  let end = link.length;
  for (;;) {
    const last = link[end - 1]!;
    const opener = OPENER[last];
    if (".,;:!?'".includes(last)) end--;
    else if (opener && (count[opener] ?? 0) < count[last]!) {
      count[last]!--;
      end--;
    } else return link.slice(0, end);
  }
}
const OPENER: Record<string, string | undefined> = { ')': '(', ']': '[', '}': '{' };

/**
 * Two sentences run together, not an address: `Hello.Is anyone here?` or
 * `Thanks.So`, a bare name whose ending is a capitalised word (no one
 * writes `.Is` for Iceland). Written with a scheme or a path, it stays a link.
 */
const sentenceJoin = (written: string): boolean => /^[^/?#]*\.[A-Z][a-z]+$/.test(written);

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
