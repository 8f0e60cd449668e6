// Measures bundle weight: minified bytes, gzip (level 9) and brotli (quality 11)
// via node:zlib, per file, summed over the files a browser would fetch.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './common.mjs';

export const SCRIPT_DIR = join(ROOT, 'packages/widget/dist/script');
export const CORE_DIST = join(ROOT, 'packages/core/dist');

export function sizes(code) {
  const buf = Buffer.isBuffer(code) ? code : Buffer.from(code);
  return {
    min: buf.length,
    gz: gzipSync(buf, { level: 9 }).length,
    br: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

export function sum(list) {
  return list.reduce((a, s) => ({ min: a.min + s.min, gz: a.gz + s.gz, br: a.br + s.br }), { min: 0, gz: 0, br: 0 });
}

/** Relative imports of one ES module file: static and dynamic. */
export function importsOf(code) {
  const staticRe = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g;
  const dynamicRe = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  const st = [...code.matchAll(staticRe)].map((m) => m[1]);
  const dy = [...code.matchAll(dynamicRe)].map((m) => m[1]);
  return { static: [...new Set(st)], dynamic: [...new Set(dy)] };
}

/**
 * A locale chunk holds nothing but strings of one language other than
 * English (loaded only for that language). English catalogues (`en.ts`,
 * `en-errors.ts`) are the fallback every page loads: they count after Join.
 */
function isLocaleChunk(file) {
  const map = file + '.map';
  if (existsSync(map)) {
    try {
      const sources = JSON.parse(readFileSync(map, 'utf8')).sources ?? [];
      if (sources.length && sources.every((s) => /\/i18n\/(?!en[-.])[a-z]{2,3}(-[a-z0-9]+)?\.ts$/i.test(s))) return true;
      return false;
    } catch {
      // fall through to the name
    }
  }
  return /^(?!en-)[a-z]{2,3}(-[A-Za-z]+)?-[\w-]{6,}\.js$/.test(basename(file)) && readFileSync(file).length < 8192;
}

/**
 * Reads the widget's script-tag build: the first file, its static closure
 * (what the page load fetches), and every chunk reachable from it.
 */
export function scriptTagGraph(dir = SCRIPT_DIR) {
  const first = join(dir, 'parlor.js');
  if (!existsSync(first)) {
    throw new Error(
      `The script-tag build is missing: ${relative(ROOT, first)} does not exist. ` +
        'Build it with `npx rollup -c rollup.config.mjs --silent` (npm test does this in its setup step).',
    );
  }
  const files = new Map();
  const visit = (file) => {
    if (files.has(file)) return;
    if (!existsSync(file)) throw new Error(`${relative(ROOT, file)} is imported but missing: the build is incomplete or stale; rebuild.`);
    const code = readFileSync(file);
    const imports = importsOf(code.toString('utf8'));
    const node = { file, name: relative(dir, file), ...sizes(code), locale: isLocaleChunk(file), static: [], dynamic: [] };
    files.set(file, node);
    for (const s of imports.static) node.static.push(resolve(dirname(file), s));
    for (const d of imports.dynamic) node.dynamic.push(resolve(dirname(file), d));
    for (const f of [...node.static, ...node.dynamic]) visit(f);
  };
  visit(first);
  const staticClosure = new Set();
  const close = (f) => {
    if (staticClosure.has(f)) return;
    staticClosure.add(f);
    for (const s of files.get(f).static) close(s);
  };
  close(first);
  const all = [...files.values()];
  const stray = existsSync(join(dir, 'chunks'))
    ? readdirSync(join(dir, 'chunks')).filter((n) => n.endsWith('.js') && !files.has(join(dir, 'chunks', n)))
    : [];
  return {
    first: files.get(first),
    initial: all.filter((n) => staticClosure.has(n.file)),
    reachable: all,
    afterJoin: all.filter((n) => !n.locale),
    locales: all.filter((n) => n.locale),
    unreachable: stray,
  };
}

/**
 * Bundles `entryCode` (an ES module written as if it sat in the repository
 * root) the way the script-tag build is bundled: rollup + node-resolve
 * (browser conditions) + terser, ES format, dynamic imports as chunks.
 */
export async function bundle(entryCode, { external = [] } = {}) {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const terser = (await import('@rollup/plugin-terser')).default;
  const entryId = join(ROOT, 'bench', '__weight_entry__.js');
  const virtual = {
    name: 'bench-entry',
    resolveId: (id) => (id === entryId ? id : null),
    load: (id) => (id === entryId ? entryCode : null),
  };
  // A few anchors' dependencies are CommonJS/UMD without require() (loglevel):
  // wrap them as an ES module with a default export instead of pulling in
  // @rollup/plugin-commonjs, which is not installed here.
  const cjsWrap = {
    name: 'bench-cjs-wrap',
    transform(code, id) {
      if (!/node_modules/.test(id) || /\bexport\s*[{*]|\bexport\s+(default|const|let|var|function|class|async)\b|\bimport\s*[{*"']|\bimport\s+[\w$]+\s*,?\s*(\{[^}]*\}\s*)?from\b/.test(code)) return null;
      if (!/\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(code)) return null;
      if (/\brequire\(\s*['"]/.test(code)) throw new Error(`bench bundler: ${id} is CommonJS with require(); cannot wrap it`);
      return {
        code: `var module = { exports: {} }, exports = module.exports;\n(function () {\n${code}\n}).call(globalThis);\nexport default module.exports;\n`,
        map: null,
      };
    },
  };
  const isExternal = (id) => external.some((e) => id === e || id.startsWith(e + '/'));
  const build = await rollup({
    input: entryId,
    external: isExternal,
    plugins: [
      virtual,
      cjsWrap,
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      terser({ format: { comments: false }, compress: { passes: 2 } }),
    ],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' });
  await build.close();
  const chunks = output.filter((o) => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  const files = chunks.map((c) => ({ name: c.fileName, entry: c.isEntry, ...sizes(c.code) }));
  return { entry: files.find((f) => f.name === entry.fileName), files, total: sum(files) };
}

export const ANCHORS = {
  'livekit-client': `export * from 'livekit-client';`,
  '@livekit/components-core': `export * from '@livekit/components-core';`,
  '@daily-co/daily-js': `export { default } from '@daily-co/daily-js'; export * from '@daily-co/daily-js';`,
  'tiny Lit element': `import { LitElement, html, css } from 'lit';
class TinyEl extends LitElement {
  static properties = { name: {} };
  static styles = css\`:host { display: block; }\`;
  constructor() { super(); this.name = 'world'; }
  render() { return html\`<p>Hello, \${this.name}!</p>\`; }
}
customElements.define('tiny-el', TinyEl);`,
};

/** Parlor core alone, from its npm build, with livekit-client external or bundled in. */
export function coreEntry() {
  const index = join(CORE_DIST, 'index.js');
  if (!existsSync(index)) {
    throw new Error(`@parlor/core's build is missing: ${relative(ROOT, index)}. Run \`npx rollup -c rollup.config.mjs --silent\`.`);
  }
  return `export * from ${JSON.stringify(index)};`;
}

/**
 * The budget numbers: first file, after-join total (English), and Parlor's
 * own code + lit above livekit-client bundled alone.
 */
export async function budgetNumbers() {
  const graph = scriptTagGraph();
  const lk = await bundle(ANCHORS['livekit-client']);
  const afterJoin = sum(graph.afterJoin);
  return {
    graph,
    firstFile: graph.first,
    afterJoin,
    livekitAlone: lk.total,
    aboveLivekit: { min: afterJoin.min - lk.total.min, gz: afterJoin.gz - lk.total.gz, br: afterJoin.br - lk.total.br },
  };
}

/**
 * `firstFileGz` and `aboveLivekitGoalGz` are issue 6's budgets. The first is
 * met and enforced. The second is not met yet (42 KB on 2026-11-29: zod/mini
 * and linkifyjs alone are ~15 KB gz, lit ~8 KB), so the test command enforces
 * a ratchet at today's size instead — it fails on any growth — and prints the
 * distance to the goal. Lower the ratchet as the bundle shrinks; raise it
 * only with a reason in the commit message. Raised 44 → 46 KB on 2026-12-03
 * (43.8 → 45.7 KB): error texts per code in the visitor's language (the
 * English ones, 0.84 KB, now also counted here), keyboard focus kept across
 * screens and actions, and review fixes in core (one join at a time, deletes
 * that stay deleted, refreshed moderation tokens, unsent messages kept).
 * Raised 46 → 47 KB on 2026-12-06 (45.7 → 46.6 KB): focus that never gets
 * lost when a control goes away (privacy dialog, participant list, unmute,
 * toasts, chat) and is never pulled back from the host page (≈ 0.8 KB with
 * the 2026-12-03 commits after the last measurement), and the
 * `audio_blocked` error text.
 * Lowered 47 → 46 KB on 2026-12-06 (46.9 → 45.9 KB): the room's parts declare
 * their properties with `static properties` and take the room's client and
 * strings through one `fromRoom()` call, instead of 53 decorator calls and
 * their helper.
 * Raised 46 → 46.2 KB on 2026-12-06 (45.96 → 46.09 KB): consent and token
 * in one request from the consent card (a round trip less at Join; +0.27 KB:
 * the `join`/`joinError` answer checked apart from the receipt, core's
 * shared consent path), partly paid for by marking protocol schemas pure so
 * the server-only ones drop out of the browser build (−0.14 KB).
 * Raised 46.2 → 47.2 KB on 2026-12-06 (46.2 → 47.1 KB): each remote video's
 * shown size goes to LiveKit (`client.setVideoSize`, the video grid's
 * ResizeObserver), so a small tile gets the 320 × 180 layer (≈ 0.16 Mbit/s)
 * instead of 720p (up to 1.7), and a tile on another page gets nothing
 * (+0.9 KB: 0.6 in the grid, 0.3 in core with its zod check).
 * Raised 47.2 → 47.6 KB on 2026-12-06 evening (47.1 → 47.5 KB): fixes from an
 * exploratory QA run of the demo: the consent step keeps what was typed
 * across Back (a draft in memory), the focus kept at the under-13 refusal,
 * "Stop the check" and the video pager's ends, a refused screen name shown
 * on its field, names isolated in their own direction, the invite link
 * without the visitor's own invite token, and core naming a remembered
 * receipt as the one a new consent replaces.
 * Raised 47.6 → 47.8 KB the same evening (47.5 → 47.7 KB): a review's fixes
 * to those: the consent draft tied to its terms version and never holding a
 * child's age, the name field not taking the focus from the host page, the
 * invite link stripped from hash routes and otherwise left as it is, and a
 * remembered receipt offered only under the remembered name.
 * Raised 47.8 → 48.1 KB the same evening (47.7 → 48.0 KB): a second QA
 * pass's fixes: the moderator menu offering only what can succeed (ranks,
 * live tracks), a re-parented room keeping its call, a join's failure said
 * once, a readable chat row (the name's gap and colon), the same message
 * announced twice, and a refused clipboard said on its button.
 * Raised 48.1 → 48.7 KB on 2026-12-06 night (48.0 → 48.6 KB): chat sent
 * during a LiveKit outage with cameras on was lost, because LiveKit drops
 * data for about 1.8 s after a full reconnect while `sendText` resolves.
 * Core now catches up with each peer until it answers
 * (`reconnect-sync.ts`, 0.73 KB gz on its own).
 * Raised 48.7 → 49.3 KB the same night (48.6 → 49.2 KB): "Ask to go live"
 * was a dead end for someone who declined the camera on joining (a
 * moderator's approval is refused without broadcast consent): the controls
 * bar asks "Go live?" and core's `changeConsent()` records the yes; plus the
 * review's fixes to the reconnect catch-up (hidden viewers, batching).
 * Raised 49.3 → 49.7 KB the same night (49.2 → 49.6 KB): a notice when a
 * moderator turns someone's camera or microphone off (core's
 * `mutedByModerator`), chat announcements held to one per 1.5 s (a flood is
 * said as a count) and never with an internal id, the chat panel heard
 * again after a move, and the go-live question's review fixes.
 * Raised 49.7 → 49.8 KB the same night (49.65 → 49.75 KB): roles shown only
 * for people who may go on camera (`ParticipantInfo.canPublish`), queued
 * consent changes, and "Camera off" moved clear of the pin on small tiles
 * (a container query).
 * Raised 49.8 → 49.95 KB on 2026-12-07 (49.75 → 49.90 KB, 51,098 bytes): two
 * privacy and safety fixes. A second tab's answer no longer leaves the first
 * one's `changeConsent` making a new identity (`consent_replaced`, its retry
 * with the device's current answer, and its text), and a screen name someone
 * in the room already goes by is refused (`screen_name_taken` and its text).
 * Raised 49.95 → 50.15 KB the same night (49.90 → 50.13 KB, 51,336 bytes):
 * a review of those found that the retry after another tab's answer brought
 * back consents the person had declined there, and that a change asked
 * during a withdrawal could undo it. Core now reads the remembered receipt's
 * record before building on it, and runs every consent call in one queue
 * whose wait the caller can cancel.
 * Raised 50.15 → 50.35 KB the same night (50.13 → 50.29 KB, 51,500 bytes):
 * an exploratory QA pass found a page whose consent ended in another window
 * stuck sending it again at every Join. Core forgets a consent the token
 * route refuses and the widget asks the consent step again; the end card
 * says when the same person joined in another window; "Ask to go live"
 * waits for a consent it can change.
 * Raised 50.35 → 50.55 KB on 2026-12-07 (50.32 → 50.52 KB, 51,525 → 51,730
 * bytes): a page in the room whose consent was withdrawn or deleted in
 * another window kept showing it (Privacy panel, "Ask to go live") with no
 * word of why chat and camera had stopped. When its chat right is taken,
 * core asks the kit (`GET /consent`) whether its consent still stands,
 * forgets it if not (`consentEnded`), and the widget says so in a notice.
 * Raised 50.55 → 50.65 KB the same morning (50.52 → 50.60 KB, 51,818
 * bytes): a review of that check found the kit takes chat away before it
 * records the end, so the first answer can still be `active`: core asks
 * again after 0.5, 1.5 and 3 s while chat stays off, gives the check 10 s,
 * and says nothing once the page has left.
 * Raised 50.65 → 50.7 KB the same morning (50.60 → 50.67 KB, 51,883
 * bytes): a QA pass found a window pushed out of the room still showing, in
 * its Privacy panel, an answer withdrawn in the other window. Core's
 * `refreshConsent()` (the same check, out of the room) runs when the panel
 * opens.
 * Raised 50.7 → 50.85 KB on 2026-12-07 (50.66 → 50.82 KB, 51,879 → 52,035
 * bytes): a peer's answer to our sync request, after an outage, was cut to
 * its display burst (50), so more than 50 missed messages from one sender
 * were lost. The limiter now gives each peer asked an allowance that
 * expires (`RateLimiter.allow`, `ChatChannel.expectCatchUp`).
 * Raised 50.85 → 51.0 KB the same morning (50.82 → 50.97 KB, 52,192
 * bytes), from a QA pass: a window pushed out by the same person checks
 * whether its answer was replaced (Join again then asks the consent step,
 * not a 403), and after withdrawing consent a person can still see and
 * delete their data (core keeps the withdrawn receipt in memory,
 * `dataAccess`; the Privacy panel and end card offer both, with a text
 * saying what the site keeps).
 * Raised 51.0 → 51.1 KB the same morning (50.97 → 51.01 KB, 52,234 bytes),
 * from the same QA pass: a viewer page said "Live" and offered "Tap to
 * unmute" with nobody on air; both now wait for someone on camera, a
 * shared screen or the microphone.
 * Raised 51.1 → 51.25 KB the same morning (51.01 → 51.21 KB, 52,438
 * bytes), the rest of that QA pass: a deleted message's words leave the
 * screen-reader live region, and a moderator who removes or bans someone is
 * told it went through (`parlor-moderate`, and a notice in en, es and ar).
 * Raised 51.25 → 51.4 KB the same morning (51.21 → 51.36 KB, 52,596
 * bytes): a room name the server kit would refuse ("bad room!!", 300
 * characters) showed "Something in the request was not right". Core now
 * checks it with the protocol's `roomNameSchema` before any request and
 * says `invalid_room`, with its text.
 * Raised 51.4 → 51.55 KB the same morning (51.36 → 51.52 KB, 52,758
 * bytes): a review of those changes. A join waits for a consent call under
 * way (the check after being pushed out), the catch-up allowance is topped
 * up rather than refilled at each try, every consent withdrawn here stays
 * reachable and is deleted with the rest, this page's own withdrawn
 * receipt comes before the device's, and the check after being pushed out
 * gives up after 10 s.
 * Raised 51.55 → 51.75 KB the same morning (51.53 → 51.70 KB, 52,944
 * bytes), from a second QA pass: "Keep camera on" left the camera off (the
 * server stops it when it takes publishing away); the room now notes what
 * was on air and turns it on again once publishing is back.
 * Raised 51.75 → 51.85 KB the same morning (51.70 → 51.76 KB, 53,007
 * bytes), from the same pass: someone reaching the consent step of a room
 * being recorded was not told; the policy now says `recording`, and the
 * step says so and offers the recording choice (en, es, ar).
 * Raised 51.85 → 52.3 KB on 2026-12-07 (51.78 → 52.26 KB, 53,514 bytes),
 * from that pass's phone findings: on a phone the stacked chat grew with
 * every message, so the room got taller than the screen and the controls
 * took three rows; the chat now scrolls in its own height and the controls
 * in one row, Leave in sight (+0.22 KB). And a staff-like or taken name was
 * refused only after the consent step, the staff refusal without saying
 * why: the name is now checked before it (`checkScreenName`, a
 * `screen_name_reserved` reason in en, es and ar, +0.26 KB).
 * Raised 52.3 → 52.95 KB the same morning (52.26 → 52.88 KB, 54,151
 * bytes), a review of those: the people list that now scrolls clipped a
 * moderator's menu, which opens on the top layer (a popover placed by its
 * button) instead; the name check sends the receipt a join would name, so
 * a remembered person's own session is not "someone else", says a locked or
 * full room or a ban before the consent step (the error card), and gives up
 * after 3 s; the row of controls keeps a focused button's ring in sight
 * without scrolling the page; the people list is a Tab stop only while it
 * scrolls; frozen videos are dimmed while reconnecting.
 * Raised 52.95 → 53.25 KB the same morning (52.88 → 53.18 KB, 54,456
 * bytes), a QA pass on phones: the chat log was drawn over the message box
 * on small and sideways screens (the log, the people and the videos now
 * each keep a height in proportion to the screen's, smaller still on a
 * short one); the Privacy panel's words did not wrap inside the row of
 * controls; a long one-word name pushed the people list sideways; a
 * moderator's menu closed at the end of a swipe (it follows its button
 * now); one's own live video was dimmed with the frozen ones; an age typed
 * in Arabic-Indic digits was dropped; a version or Latin name read in the
 * wrong order in Arabic (values isolated in right-to-left languages; the
 * first file +30 bytes); an invite link that is no good is said before the
 * consent step.
 * Raised 53.25 → 53.4 KB the same morning (53.18 → 53.35 KB, 54,626
 * bytes): a refusal by the room is headed "You can't join this room" with
 * Back where waiting changes nothing (en, es, ar), and a review of the
 * phone fixes: a moderator's menu closes on a press elsewhere or Escape (a
 * light-dismiss popover, kept in step with the list) and follows its
 * button when rows change; the short-screen layout only on touch screens,
 * the videos' cap only beside a chat, the room's minimum height never
 * taller than the screen.
 * Raised 53.4 → 53.7 KB the same day (53.35 → 53.67 KB, 54,957 bytes): a
 * recording asked "Stay on camera while recording?" of everyone who may go
 * on camera, camera off or already agreed to be recorded, and left those it
 * held back with no way back on camera but a raised hand. Core now reads
 * the server kit's mark (`local.recordingConsentNeeded`); only those it took
 * off air are asked, and the others get "Go on camera", which asks them to
 * agree to be recorded (en, es, ar).
 * Raised 53.7 → 53.75 KB the same afternoon (53.70 KB, 54,992 bytes): the
 * same question for someone held back in a room whose policy requires
 * recording consent when nothing is being recorded ("This room may be
 * recorded"); a moderator could not let them on, and their raised hand
 * went nowhere.
 * Raised 53.75 → 53.8 KB the same afternoon (53.76 KB, 55,047 bytes), a QA
 * list: an age in digits other than four listed scripts was refused (now
 * any script's, by Unicode's runs of ten) and "121" was told only "as a
 * number" (now the limit); a small tile's pin covered much of it (28 px
 * there now).
 * Raised 53.8 → 53.9 KB the same afternoon (53.86 KB, 55,152 bytes): after
 * a LiveKit restart each page showed "1 person" until the others came back
 * on their own retry schedules; someone not back yet now stays listed for
 * up to 8 s after a reconnect.
 * Raised 53.9 → 54.0 KB the same afternoon (53.94 KB, 55,236 bytes), a
 * review of those: a screen reader heard the previous question's words as
 * the recording question opened (it now opens once its words are in
 * place, and is marked busy while publishing comes back); those not back
 * after a reconnect lowered the viewer count and looked present (now
 * listed as lost, not counted as viewers, and someone back who leaves
 * again goes at once); what was on air is forgotten once the recording
 * question is answered or the session ends.
 * Raised 54.0 → 54.7 KB the same afternoon (54.64 KB, 55,949 bytes), a QA
 * pass on the recording flows: someone who asked to go live during a
 * recording could never be let on (the question now says agreeing covers
 * being recorded, and the answer does; a moderator who tries for someone
 * who has not agreed is told so, `not_agreed`, en, es, ar); "Keep camera
 * on" turned on a camera the person had just turned off, and spoke only of
 * the camera while it also brought back the microphone (the question now
 * names both, a screen share is said to need sharing again); role labels
 * told who had declined to be recorded; the focus fell to the page after
 * the question; on a phone "Go on camera" came scrolled out of sight; the
 * end of a recording was silent; someone not back after a reconnect looked
 * present ("Reconnecting…", dimmed); the consent step of a room that
 * requires recording consent did not say what the camera needs.
 * Raised 54.7 → 54.85 KB the same afternoon (54.81 KB, 56,128 bytes), a
 * review of that pass: "Go live?" could send a recording consent its
 * words had not asked for (a recording starting while it was open; it now
 * keeps what it said when it opened, says "is being" or "may be recorded",
 * and closes when that changes); role labels still told who agreed to be
 * recorded in a room that asks it of everyone on camera; a room prepared
 * out of sight could say "Recording stopped." of a recording it never
 * showed; what the person turned off is told by when it came on, with no
 * margin of time; the question's words fit a microphone or screen alone.
 * Lowered 54.85 → 49.5 KB on 2026-12-07 (56,151 → 50,625 bytes): chat
 * links are found with linkify-it (4.5 KB gz bundled alone) instead of
 * linkifyjs (9.9 KB), whose state machine carries every IANA ending; a
 * bare name is now a link only under linkify-it's endings (com, org, net,
 * every country code, …) and twenty common newer ones (docs/privacy.md).
 * Raised 49.5 → 49.8 KB the same afternoon (49.75 KB, 50,942 bytes), a QA
 * pass on chat links: the leaving dialog could push a long host's real
 * ending out of sight, and stayed open (its link still opening) after a
 * moderator deleted the message; a link in a right-to-left message showed
 * its parts out of order; emoji, symbols, reordering marks and Chinese or
 * Arabic letters written against a link became part of its host; .int,
 * .mil and other common endings were not links; a mailto address was
 * shown percent-encoded.
 * Raised 49.8 → 50.0 KB the same afternoon (49.93 KB, 51,127 bytes), a
 * review of that pass: skin tones, keycaps and flags, and the Japanese ー,
 * still became part of a host; the dialog outlived its message when the
 * panel was given another room or was out of the page at the deletion (it
 * now closes whenever its message is not shown); an email address's domain
 * in other letters passed for another (`pаypal.com`; now `xn--…`, as the web
 * links' hosts).
 * Raised 50.0 → 50.5 KB that evening (50.46 KB, 51,669 bytes), a developer's
 * QA pass of core: what the page's code hands the client is now checked
 * with zod before anything is sent (an age read from an input as '30' was
 * refused as under 13; a misspelt join mode joined as a participant; a
 * missing endpoint or a chat message that is not text threw a TypeError),
 * +0.29 KB; a screen name with characters it may not have is refused in
 * words instead of with the pattern, +0.18 KB.
 * Raised 50.5 → 50.7 KB the same evening (50.61 KB, 51,827 bytes), a
 * keyboard and screen-reader QA pass of the widget, +0.15 KB: a chat name's
 * colon drawn outside the name's isolation (a mixed-direction name showed
 * ":Sara سارة hello"); a raised hand said to moderators and its answer to
 * the person (core's `liveApproved`), three strings in three languages;
 * "Copy invite link" said in a status region; Delete buttons quoting whole
 * characters with "…"; the joining card's heading holding the focus.
 * Then, within it (51,915 bytes): toggles without aria-pressed beside their
 * action names, Home and End in the toolbar, and a viewer told when the
 * broadcast ends (a status region in the video grid).
 * Raised 50.7 → 50.85 KB the same evening (50.82 KB, 52,040 bytes), a
 * review of those two passes, +0.12 KB: a raised hand said once, not again
 * each time it is sent anew to a peer that (re)joins; a quote cut in whole
 * characters as a reader sees them (Intl.Segmenter: a family emoji, a letter
 * with its marks) at any white space; keys pressed in the privacy dialog
 * left to it (the toolbar took Home, End and the arrows from its data box);
 * a bad consent answer refused at once rather than after queued calls; the
 * widget's mode attribute joining as a participant for anything but
 * "viewer" (as before core checked modes); the hand's name isolated.
 * Raised 50.85 → 50.9 KB the same evening (50.87 KB, 52,089 bytes), two
 * items the QA pass left, +0.05 KB: the leaving-site question closing
 * because its message went is said in the chat's live region (three
 * strings), and a second "Copy invite link" keeps its word for its own 2 s.
 * Lowered 50.9 → 47.05 KB on 2026-12-07 (52,085 → 48,129 bytes): chat links
 * are found by the panel's own finder (links.ts, one pattern and a list of
 * endings) instead of linkify-it, whose patterns cost 0.6 MB of the chat's
 * heap (bench/NOTES.md); a test holds the finder to linkify-it's results.
 * Raised 47.05 → 47.1 KB the same evening (47.09 KB, 48,218 bytes), a
 * review of the finder, +0.09 KB: trailing brackets trimmed in one pass
 * (a message of 4,000 `)` took 60 ms), no case-insensitive flag (it let ſ
 * and the Kelvin sign into email names), email names of dot-separated
 * words, every invisible character ending a link, the scripts that end a
 * link against Latin taken by Script (accents and `·` inside Latin words
 * had cut links), a capitalised path no longer read as two sentences.
 * Raised 47.1 → 47.15 KB the same evening (47.11 KB, 48,243 bytes), an
 * item the QA pass left: a second "Copy invite link" within 2 s is said
 * again (its status region's words change by a no-break space).
 * Raised 47.15 → 47.2 KB on 2026-12-07 late (47.16 KB, 48,288 bytes), an
 * item the QA pass left, +0.02 KB: core sends `gpc: true` with the consent
 * answers when `navigator.globalPrivacyControl` is on, so the receipt
 * records the page's GPC signal too, not only the `Sec-GPC` header.
 * Raised 47.2 → 47.25 KB the same night (47.21 KB, 48,340 bytes), another
 * item the QA pass left, +0.05 KB: publishing that the server kit gives
 * back after a recording (recording consent given, or the recording over)
 * no longer tells a person whose hand was up that a moderator let them on.
 * Raised 47.25 → 47.35 KB the same night (47.32 KB, 48,458 bytes), a
 * new-developer walkthrough, +0.1 KB: the consent step links the policy's
 * privacy notice (`privacyUrl`, never shown before) and, with no terms
 * address (the kit's default), says so instead of linking the page itself;
 * the room's notices cleared when it ends (+0.02 KB, within the ratchet).
 * Raised 47.35 → 47.45 KB the same night (47.41 KB, 48,549 bytes), a
 * review of the night's changes, +0.09 KB: the room's end clears only its
 * news (an error may be about the person's data), the notices' focus and
 * pointer holds follow what was removed, and a revoke's cleared mark or a
 * mark set again no longer leaves a window in which a moderator's approval
 * goes unsaid.
 * Raised 47.45 → 47.55 KB the same night (47.51 KB, 48,652 bytes), the
 * walkthrough's last item, +0.1 KB: core given a relative endpoint where
 * there is no page (Node) refuses each call with bad_request saying so,
 * instead of "Could not reach the server".
 * Raised 47.55 → 47.7 KB on 2026-12-07 at night (47.68 KB, 48,827 bytes), a
 * core developer's walkthrough and a privacy review, +0.18 KB: core's input
 * checks refuse a misspelt key (`analytic: false` left analytics on) and
 * anything that is not an AbortSignal as a signal (a bad one left `join`
 * stuck, refusing every later join as a conflict), and check `lockRoom`'s
 * flag (`'false'` locked the room), the moderation actions' arguments and
 * `checkScreenName`'s; the room keeps the consent step's answers (the age)
 * from the page's other scripts. zod's custom type was tried for the signal
 * and dropped (+0.22 KB by itself).
 * Raised 47.7 → 47.8 KB the same night (47.78 KB, 48,931 bytes), the same
 * privacy review, +0.1 KB: a site that signs people in may give its own
 * name for them, and the consent step now says the name the room will show
 * ("You will appear in the room as …") before the person agrees to
 * anything; a moderator who left the room no longer moderates with its
 * token (+0.01 KB).
 * Raised 47.8 → 47.85 KB the same night (47.85 KB, 48,994 bytes), the core
 * walkthrough's last items, +0.06 KB: `retryMessage` of no such message is
 * `not_found` (it did nothing, silently), `listDevices` turns the browser's
 * refusal into a ParlorError (it rejected with the raw DOMException), and
 * `switchDevice` checks its kind and id.
 * Raised 47.85 → 47.9 KB the same night (47.89 KB, 49,038 bytes), the
 * privacy review's item on children, +0.04 KB: an answer of an age under
 * 13 (refused in the page, never sent) now also forgets what "remember me"
 * kept on the device (core's new `forgetRemembered()`).
 */
export const BUDGETS = { firstFileGz: 10 * 1024, aboveLivekitGoalGz: 20 * 1024, aboveLivekitRatchetGz: 47.9 * 1024 };
