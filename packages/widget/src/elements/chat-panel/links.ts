import { LinkifyIt } from 'linkify-it';

export type TextPart = { text: string; href?: undefined } | { text: string; href: string; host: string };

const SAFE = new Set(['http:', 'https:', 'mailto:']);

/**
 * Generic top-level domains recognised without a scheme, on top of
 * linkify-it's own (com, org, net, info, … and every two-letter country
 * code). A bare name under any other ending stays plain text; with
 * `https://` in front it is a link whatever its ending.
 */
const MORE_TLDS = ['app', 'art', 'blog', 'cloud', 'club', 'dev', 'design', 'live', 'media', 'news', 'online', 'page', 'site', 'social', 'store', 'tech', 'video', 'wiki', 'world', 'xyz'];

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
  for (const link of linker().match(text) ?? []) {
    const url = safeUrl(link.url);
    if (!url) continue;
    if (link.index > at) parts.push({ text: text.slice(at, link.index) });
    parts.push({ text: text.slice(link.index, link.lastIndex), href: url.href, host: url.protocol === 'mailto:' ? url.pathname : url.host });
    at = link.lastIndex;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
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
