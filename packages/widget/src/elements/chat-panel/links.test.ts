import { expect } from '@esm-bundle/chai';
import fc from 'fast-check';
import { LinkifyIt } from 'linkify-it';
import { linkParts, probe, safeUrl } from './links.js';

/**
 * The panel's links as linkify-it finds them, configured as the panel used
 * it until its patterns proved to cost 0.6 MB of a chat's heap (bench/NOTES.md):
 * the reference the panel's own finder is held to.
 */
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false, urlAuth: true })
  .add('ftp:', null)
  .add('//', null)
  .tlds('app art bank blog cloud club design dev email fun games int link live media mil news online page site social space store tech top travel video wiki work world xyz'.split(' '), true);

function reference(text: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const link of linkify.match(probe(text)) ?? []) {
    if (link.schema === '' && !link.raw.includes('@') && /\.[A-Z][a-z]+$/.test(link.raw)) continue;
    const url = safeUrl(link.schema === '' && link.url.startsWith('http://') ? `https://${link.url.slice(7)}` : link.url);
    if (url) found.push([text.slice(link.index, link.lastIndex), url.href]);
  }
  return found;
}

const ours = (text: string): Array<[string, string]> => linkParts(text).flatMap((p) => (p.href ? [[p.text, p.href] as [string, string]] : []));

/** What people write in chat, links and near-links. */
const CORPUS = [
  'see https://example.com/docs for the schedule',
  'HTTPS://EXAMPLE.COM/X and Http://Example.org',
  'http://example.com:8080/path?q=1&b=2#frag',
  'https://example.com/path?', 'https://example.com/a.', 'https://example.com/a,', 'https://example.com/a;', 'https://example.com/a!',
  "https://example.com/it's", "https://example.com/a'",
  '(https://example.com/x)', '(see https://example.com/x).', '[https://example.com/x]', '{https://example.com/x}',
  'https://en.wikipedia.org/wiki/Tea_(drink)', '(en.wikipedia.org/wiki/Tea_(drink))', 'https://example.com/a[1]', 'https://example.com/{id}',
  '<https://example.com/x>', '"https://example.com/x"', "'https://example.com/x'",
  '[docs](https://example.com/docs)', 'https://example.com/a/b/c/', 'https://example.com/#/route', 'https://example.com/a...', 'https://example.com/...',
  'https://example.com/a-b_c~d*e', 'https://example.com/%20x', 'https://example.com/a@b', 'https://user:pw@example.com/x',
  'https://bank.example@evil.test/login', 'https://localhost:3000/x', 'http://127.0.0.1:8080/', 'https://192.168.1.1', 'https://[::1]:8080/x',
  'https://foo', 'https://foo.test', 'https://-bad.com', 'https://', 'https:/example.com', 'https//example.com', 'xhttps://example.com', 'ahttp://example.com',
  'ftp://files.org/x', '//example.com/x', 'javascript:alert(1)', 'data:text/html,hi', 'mailto:someone@example.com', 'MAILTO:Someone@Example.com',
  'mailto:ana.l%C3%B3pez@example.com', 'write to mailto:a@b', 'mailto:', 'mailto:@example.com',
  'example.com', 'example.com.', 'example.com,', 'example.com!', 'example.com?', 'example.com:', 'example.com:8080', 'example.com:8080/x', 'example.com/',
  'www.example.com', 'WWW.EXAMPLE.COM/X', 'sub.domain.example.co.uk/path?x=1', 'ex-ample.co.uk', '-example.com', 'example-.com', 'exa_mple.com',
  'docs.dev', 'notes.txt', 'index.ts', 'main.py', 'file.js', 'node.js', 'v1.2.3', '3.14', 'e.g.', 'i.e. this', 'a.m.', 'U.S.', 'Mr.Smith',
  'Hello.Is anyone here?', 'Thanks.So what', 'example.company', 'example.com.foo', 'example.comx', 'example.c', 'a.b.c.d.com',
  'try example.org, docs.dev, a@b.com, notes.txt', 'example.com,docs.dev', 'example.com/x,docs.dev', 'example.com/x, docs.dev',
  'a@b.com', 'first.last+tag@example.co.uk', 'a@b.c', 'a@b', 'a@b.com.', '@example.com', 'user@localhost', 'x@y.invalid', 'me@example.com/x',
  'user:pass@example.com', 'pass@host.com', 'a.b@c.d.com', 'support@pаypal.com', 'почта@пример.рф', 'пример.рф', 'пример.рф/путь',
  'xn--80ak6aa92e.com', 'https://例子.测试', '例子.jp', 'münchen.de', 'https://münchen.de/straße',
  '👉example.com, https://example.com🎉 https://example.org™', '请访问https://example.net谢谢', 'https://evil.test/\u202Emoc.lapyap//:sptth',
  '👋🏽example.io ユーザーexample.jp', 'زوروا example.com اليوم', 'שלום example.co.il', '1️⃣example.com',
  'example.com/a?b=c&d=e', 'example.com#top', 'example.com?x', 'x.com', 'go to x.com now', 't.co/abc', 'bit.ly/xyz', 'youtu.be/abc?t=10',
  'https://example.com/a\tb', 'https://example.com/a\nexample.org', 'line1\nexample.com\nline3', '  example.com  ',
  'a/example.com', 'a\\example.com', 'a.example.com', ':example.com', '_example.com', '$example.com', '+example.com', '=example.com', '|example.com',
  '*example.com*', '_example.com_', '~example.com~', '`example.com`', '#example.com', '!example.com',
  'https://example.com/«x»', 'https://example.com/x”', '“https://example.com/x”', '‘example.com’', 'https://example.com/x。', '(example.com)',
  'https://a.com/https://b.com', 'https://a.com https://b.com', 'https://a.com,https://b.com', 'a.com/b.com',
  'example.com#', 'see https://example.com/#x#',
  'https://example.com/a。次は', 'https://example.com/a、b', 'https://example.com/（x）', 'https://example.com/?q=a\u0000:b', 'https://example.com/a\u200Bb', '¡https://example.com/a!',
];

describe('links: the panel finder against linkify-it', () => {
  it('finds what linkify-it finds in chat-like text', () => {
    const differ = CORPUS.map((text) => ({ text, ours: ours(text), reference: reference(text) })).filter((d) => JSON.stringify(d.ours) !== JSON.stringify(d.reference));
    expect(differ).to.deep.equal([]);
  });

  it('knows the same endings without a scheme: every two-letter code and the generic names', () => {
    const differ: string[] = [];
    const a = 'abcdefghijklmnopqrstuvwxyz';
    for (const x of a) for (const y of a) {
      const text = `see example.${x}${y} now`;
      if (JSON.stringify(ours(text)) !== JSON.stringify(reference(text))) differ.push(`${x}${y}`);
    }
    // South Sudan's .ss (in use since 2019), which linkify-it lacks; the Netherlands Antilles' .an (retired in 2015), which it still has.
    expect(differ).to.deep.equal(['an', 'ss']);
    expect(ours('see example.ss now')).to.deep.equal([['example.ss', 'https://example.ss/']]);
    expect(ours('see example.an now')).to.deep.equal([]);
  });

  it('ends an address where linkify-it runs on (a trailing colon, a quotation mark, an invisible mark) and starts none inside a percent-encoded character', () => {
    for (const [text, link] of [
      ['see https://example.com/a: it works', 'https://example.com/a'],
      ['https://example.com/a"b"', 'https://example.com/a'],
    ] as const) {
      expect(reference(text)[0]![0], 'linkify-it runs on').to.not.equal(link);
      expect(ours(text)).to.deep.equal([[link, link]]);
    }
    // Invisible characters end a link as reordering marks do (linkify-it keeps them inside).
    // (What follows one can be a link of its own: each shows all of its address.)
    for (const [text, links] of [
      ['https://pay\u034Fpal.com', ['https://pay', 'pal.com']],
      ['https://a.com/x\uFE00y', ['https://a.com/x']],
      ['https://a.com/x\u3164y', ['https://a.com/x']],
    ] as const) expect(ours(text).map(([t]) => t)).to.deep.equal(links);
    // Nor does a name start inside a percent-encoded character, where linkify-it finds `20example.com`.
    for (const text of ['%20.com', 'a%20example.com']) {
      expect(reference(text)).to.have.length(1);
      expect(ours(text)).to.deep.equal([]);
    }
  });

  it('keeps the text whole and links only http, https and mailto, with no space inside and never from inside a word (a link may follow letters of scripts written without spaces)', () => {
    const piece = fc.constantFrom('example', 'docs', 'a', 'b1', '.', '.com', '.org', '.dev', '.io', '.txt', '.Is', 'https://', 'http://', 'mailto:', 'javascript:', '@', '/', '?', '#', '=', '&', '(', ')', '[', ']', ',', '!', ' ', '-', '_', '~', 'é', 'пример', '.рф', '例', '🎉', '%20', 'www', ';', '*', '+', '\n', "'", '\u202E', 'ーx');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }).map((a) => a.join('')), (text) => {
        const parts = linkParts(text);
        expect(parts.map((p) => p.text).join('')).to.equal(text);
        let at = 0;
        for (const p of parts) {
          if (p.href) {
            expect(['http:', 'https:', 'mailto:']).to.include(new URL(p.href).protocol);
            expect(p.text).to.not.match(/[\s\u202E]|🎉/u);
            expect(text.slice(0, at)).to.not.match(/[\p{sc=Latin}\p{sc=Cyrillic}\p{N}]$/u);
          }
          at += p.text.length;
        }
      }),
      { numRuns: 3000, seed: 6 },
    );
  });

  it('reads Latin accents and middle dots inside an address as part of it, and capitalised file names in a path, which linkify-it dropped', () => {
    for (const link of [
      'https://ca.wikipedia.org/wiki/Col\u00B7legi',
      'https://de.wikipedia.org/wiki/Mu\u0308nchen',
      'https://vi.wikipedia.org/wiki/Vie\u0323\u0302t_Nam',
    ]) {
      expect(ours(`see ${link} now`).map(([t]) => t)).to.deep.equal([link]);
    }
    // A capitalised last word is two sentences run together only in a bare name, not in its path.
    for (const link of ['nuget.org/packages/Newtonsoft.Json', 'x.com/Foo.Bar']) {
      expect(reference(`see ${link} now`), 'linkify-it drops it').to.deep.equal([]);
      expect(ours(`see ${link} now`)).to.deep.equal([[link, `https://${link}`]]);
    }
    expect(ours('Hello.Is anyone here? Thanks.So')).to.deep.equal([]);
  });

  it('takes an email address only with an ASCII name of dot-separated words', () => {
    for (const text of ['.a@b.com', 'a.@b.com', 'a..b@c.com', '\u212A@example.com', 'mailto:\u017F@example.com', 'MAILTO:a..b@example.com']) {
      expect(ours(text), text).to.deep.equal([]);
    }
    expect(ours('mail First.Last+tag@Example.com or MAILTO:ana@example.com')).to.deep.equal([
      ['First.Last+tag@Example.com', 'mailto:First.Last+tag@Example.com'],
      ['MAILTO:ana@example.com', 'mailto:ana@example.com'],
    ]);
  });

  it('handles a message-long run of brackets, plus signs or labels, with the link found as in a short one', () => {
    expect(ours(`https://a.com/${')'.repeat(4082)}`)).to.deep.equal([['https://a.com/', 'https://a.com/']]);
    expect(ours(`a.com/${']'.repeat(4090)}`)).to.deep.equal([['a.com/', 'https://a.com/']]);
    expect(ours('+'.repeat(4096))).to.deep.equal([]);
    expect(ours(`${'a-'.repeat(2047)}!`)).to.deep.equal([]);
    expect(ours(`${'a.'.repeat(2046)}com`)).to.have.length(1);
  });
});
