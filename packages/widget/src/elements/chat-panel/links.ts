import { find } from 'linkifyjs';

export type TextPart = { text: string; href?: undefined } | { text: string; href: string; host: string };

const SAFE = new Set(['http:', 'https:', 'mailto:']);

/**
 * Splits chat text into plain parts and links. Only http, https and mailto
 * survive as links; anything else (javascript:, data:, obfuscated schemes)
 * stays plain text. The result is rendered through Lit bindings, never as HTML.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const link of find(text)) {
    const url = safeUrl(link.href);
    if (!url) continue;
    if (link.start > at) parts.push({ text: text.slice(at, link.start) });
    parts.push({ text: text.slice(link.start, link.end), href: url.href, host: url.protocol === 'mailto:' ? url.pathname : url.host });
    at = link.end;
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
