#!/usr/bin/env node
// Viewer fan-out: one broadcaster (a livekit-client page publishing a fake
// camera) and N headless viewer pages (default 10) in one Chromium: Parlor's
// <parlor-room mode="viewer"> vs bare livekit-client viewer pages, in the same
// run. When all are playing: CPU (per process, from Chromium's
// SystemInfo.getProcessInfo) and memory (PSS from /proc) per viewer page, over
// a measurement window, minus the same browser idle with one blank page.
//
//   node bench/fanout.mjs [--viewers 10] [--seconds 10]
import { readFileSync } from 'node:fs';
import { ensureRuntime, numFlag, printTable, ratio, round, sleep, writeResult } from './lib/common.mjs';
import { parlorJoin, startStack } from './lib/stack.mjs';
import { launchChromium } from '../scripts/testing/chromium.mjs';

await ensureRuntime({ netns: true });
const viewers = numFlag('viewers', 10);
const seconds = numFlag('seconds', 10);
const CLK = 100; // USER_HZ

const stack = await startStack();
const pubBrowser = await launchChromium();
const fail = (label) => (e) => console.error(`[${label}]`, e.message ?? e);

function pss(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK;
  } catch {
    return 0;
  }
}

/** CPU seconds per Chromium process (cumulative) via CDP. */
async function processes(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.map((p) => ({ pid: p.id, type: p.type, cpu: p.cpuTime }));
}

async function measure(browser, label) {
  const cdp = await browser.newBrowserCDPSession();
  const a = await processes(cdp);
  const lkA = cpuSeconds(stack.lk.pid);
  const t = performance.now();
  await sleep(seconds * 1000);
  const b = await processes(cdp);
  const wall = (performance.now() - t) / 1000;
  const lkB = cpuSeconds(stack.lk.pid);
  const before = new Map(a.map((p) => [p.pid, p.cpu]));
  let total = 0;
  let renderer = 0;
  let memory = 0;
  let rendererMem = 0;
  for (const p of b) {
    const d = p.cpu - (before.get(p.pid) ?? 0);
    total += d;
    const m = pss(p.pid);
    memory += m;
    if (p.type === 'renderer') {
      renderer += d;
      rendererMem += m;
    }
  }
  await cdp.detach();
  return { label, cpuPct: (100 * total) / wall, rendererCpuPct: (100 * renderer) / wall, memMB: memory / 2 ** 20, rendererMemMB: rendererMem / 2 ** 20, livekitCpuPct: (100 * (lkB - lkA)) / wall, processes: b.length };
}

/** "a (3), b (7)": each distinct value with its count, most frequent first. */
function tally(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} (${n})`).join(', ');
}

async function contender(kind, room) {
  const browser = await launchChromium();
  try {
    const idlePage = await (await browser.newContext()).newPage();
    await idlePage.goto(`${stack.origin}/terms.html`);
    await sleep(3000); // let the browser finish starting up
    const idle = await measure(browser, 'idle');
    await idlePage.context().close();
    const pages = [];
    for (let i = 0; i < viewers; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      page.on('pageerror', fail(`${kind} viewer ${i}`));
      if (kind === 'parlor') {
        await page.goto(`${stack.origin}/parlor.html?room=${room}&mode=viewer`);
        await parlorJoin(page, { name: `viewer${i}`, viewer: true });
      } else {
        await page.goto(`${stack.origin}/bare.html?room=${room}&name=viewer${i}&viewer=1`);
        await page.waitForFunction(() => window.bareReady === true);
        await page.click('#join');
      }
      pages.push(page);
    }
    const playing = async () => {
      const counts = await Promise.all(pages.map((p) => p.evaluate(() => window.__bench.frames ?? 0)));
      return counts;
    };
    // All playing: every page has presented frames.
    const deadline = Date.now() + 60_000;
    let counts = await playing();
    while (counts.some((c) => c === 0) && Date.now() < deadline) {
      await sleep(500);
      counts = await playing();
    }
    const startedPlaying = counts.filter((c) => c > 0).length;
    const diag = await Promise.all(
      pages.map((p) =>
        p.evaluate(() => ({
          frames: window.__bench.frames ?? 0,
          videos: window.__bench.videos,
          status: window.parlorClient?.getState().status ?? window.room?.state,
          visibility: document.visibilityState,
        })),
      ),
    );
    if (startedPlaying < viewers) console.error(`[fanout] ${kind}: ${startedPlaying}/${viewers} playing after 60 s`, JSON.stringify(diag));
    await sleep(3000);
    const f0 = await playing();
    const m = await measure(browser, kind);
    const f1 = await playing();
    const fps = f1.map((c, i) => (c - f0[i]) / seconds);
    // What each page drew: its video's box and the stream's size (LiveKit may send
    // a saturated subscriber a lower layer; a box the stream's own size is a copy).
    const shown = tally((await Promise.all(pages.map((p) => p.evaluate(() => window.__bench.shown())))).flat().map((v) => `${v.box} ← ${v.stream}`));
    const heaps = await Promise.all(
      pages.map(async (p) => {
        const cdp = await p.context().newCDPSession(p);
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        return usedSize / 2 ** 20;
      }),
    );
    return { kind, idle, m, startedPlaying, diag, shown, fps, playingAtEnd: fps.filter((x) => x > 1).length, fpsMin: Math.min(...fps), fpsMedian: fps.sort((x, y) => x - y)[Math.floor(fps.length / 2)], heapMB: heaps.reduce((a, b) => a + b, 0) / heaps.length };
  } finally {
    await browser.close();
  }
}

const results = {};
try {
  const room = 'fanout';
  const pubCtx = await pubBrowser.newContext({ permissions: ['camera', 'microphone'] });
  const pub = await pubCtx.newPage();
  // One layer (no simulcast): under load LiveKit would otherwise send some viewers a
  // lower layer than others, and the contenders would not draw the same stream.
  await pub.goto(`${stack.origin}/bare.html?room=${room}&name=Broadcaster&simulcast=0`);
  await pub.waitForFunction(() => window.bareReady === true);
  await pub.evaluate((room) => window.bare.join({ room, name: 'Broadcaster' }).then(() => window.bare.publishCamera()), room);
  for (const kind of ['parlor', 'bare']) {
    console.error(`[fanout] ${kind}: ${viewers} viewers…`);
    results[kind] = await contender(kind, room);
  }
} finally {
  await pubBrowser.close();
  await stack.close();
}

const per = (r, k) => (r.m[k] - r.idle[k]) / viewers;
const rows = [['contender', 'playing', 'fps median/min', 'CPU %/viewer (all procs)', 'renderer CPU %/viewer', 'PSS MB/viewer (all)', 'renderer PSS MB/viewer', 'JS heap MB/page', 'LiveKit CPU %', 'video box ← stream (pages)']];
const names = { parlor: `Parlor viewer (${viewers} pages)`, bare: `bare livekit-client viewer (${viewers} pages, baseline)` };
for (const r of Object.values(results)) {
  rows.push([
    names[r.kind],
    `${r.playingAtEnd}/${viewers}`,
    `${round(r.fpsMedian, 1)}/${round(r.fpsMin, 1)}`,
    round(per(r, 'cpuPct'), 1),
    round(per(r, 'rendererCpuPct'), 1),
    round(per(r, 'memMB'), 1),
    round(per(r, 'rendererMemMB'), 1),
    round(r.heapMB, 1),
    round(r.m.livekitCpuPct, 1),
    r.shown,
  ]);
}
printTable(`Viewer fan-out: 1 broadcaster, ${viewers} viewers, ${seconds} s window (minus idle browser)`, rows);
const p = results.parlor, b = results.bare;
console.log(`\nratio Parlor/bare: CPU/viewer ${ratio(per(p, 'cpuPct'), per(b, 'cpuPct'))}, PSS/viewer ${ratio(per(p, 'memMB'), per(b, 'memMB'))}`);
writeResult('fanout', { viewers, seconds, rows, results });
