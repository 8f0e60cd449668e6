#!/usr/bin/env node
// Chat rendering: N messages (default 10,000) appended one per frame into
// <parlor-chat-panel> in real Chromium, vs a plain Lit `repeat` list of every
// message, and @lit-labs/virtualizer holding every message, in the same run.
// Per message: time from the append to the element's updateComplete plus the
// forced style/layout (ms/msg), then one frame; and the page's main-thread
// task time (Chromium's TaskDuration, wall time) and CPU time (ThreadTime)
// per message over the whole run, which also count what a list does after
// that (the virtualizer measures and places its rows in ResizeObserver
// callbacks, before the frame is drawn).
//
//   node bench/chat-render.mjs [--messages 10000] [--rounds 1]
import { ensureRuntime, mean, numFlag, printTable, quantile, ratio, round, writeResult } from './lib/common.mjs';
import { bundleForBrowser, html, servePages } from './lib/browser.mjs';
import { launchChromium } from '../scripts/testing/chromium.mjs';

await ensureRuntime({ netns: false });
const count = numFlag('messages', 10_000);
const rounds = numFlag('rounds', 1);

const js = await bundleForBrowser('bench/pages/chat-render.ts');
// The virtualizer's page: the same page plus its element, so its code weighs in its heap alone.
const virtualJs = await bundleForBrowser('bench/pages/chat-render-virtual.ts');
const site = await servePages({
  '/': { body: html('chat render bench', '/page.js') },
  '/page.js': { body: js, type: 'text/javascript' },
  '/virtual': { body: html('chat render bench (virtualizer)', '/virtual.js') },
  '/virtual.js': { body: virtualJs, type: 'text/javascript' },
});
const browser = await launchChromium({ args: ['--js-flags=--expose-gc'] });

/** A fresh page with the bench loaded; `heap()` is the used JS heap after a forced GC. */
async function openPage(label) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${label} page error]`, e));
  await page.goto(site.origin + (label === 'virtual' ? '/virtual' : '/'));
  await page.waitForFunction(() => window.benchReady === true);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.evaluate(() => window.gc?.());
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  return { context, page, cdp, heap };
}

/** Seconds the page's main thread has spent so far in tasks (wall time) and on the CPU. */
async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name).value;
  return { task: get('TaskDuration'), cpu: get('ThreadTime') };
}

async function measure(kind) {
  const { context, page, cdp, heap } = await openPage(kind);
  const heapBefore = await heap();
  await cdp.send('Performance.enable');
  const busyBefore = await mainThread(cdp);
  const r = await page.evaluate(({ kind, count }) => window.bench.run(kind, count), { kind, count });
  const busyAfter = await mainThread(cdp);
  const heapAfter = await heap();
  const { nodes } = await cdp.send('Memory.getDOMCounters');
  await context.close();
  const per1000 = [];
  for (let i = 0; i < count; i += 1000) per1000.push(mean(r.work.slice(i, i + 1000)));
  return {
    kind,
    msPerMsg: mean(r.work),
    busyMsPerMsg: ((busyAfter.task - busyBefore.task) * 1000) / count,
    cpuMsPerMsg: ((busyAfter.cpu - busyBefore.cpu) * 1000) / count,
    p99: quantile(r.work, 0.99),
    per1000,
    longFrames: r.frameGaps.filter((g) => g > 50).length,
    wallS: r.wall / 1000,
    heapAfterMB: heapAfter / 2 ** 20,
    heapGrowthMB: (heapAfter - heapBefore) / 2 ** 20,
    domNodes: nodes,
    shadowNodes: r.shadowNodes,
    rows: r.rows,
  };
}

/** Heap of the same messages kept in a plain array, no UI: the floor for any list that keeps them all. */
async function dataFloor() {
  const { context, page, heap } = await openPage('floor');
  const before = await heap();
  await page.evaluate((count) => window.bench.data(count), count);
  const after = await heap();
  await context.close();
  return { heapAfterMB: after / 2 ** 20, heapGrowthMB: (after - before) / 2 ** 20, bytesPerMessage: (after - before) / count };
}

const KINDS = ['panel', 'plain', 'virtual'];
const results = Object.fromEntries(KINDS.map((k) => [k, []]));
let floor;
try {
  floor = await dataFloor();
  for (let i = 0; i < rounds; i++) {
    for (const kind of KINDS) {
      console.error(`[chat-render] round ${i + 1}/${rounds}: ${kind}, ${count} messages…`);
      results[kind].push(await measure(kind));
    }
  }
} finally {
  await browser.close();
  await site.close();
}

const names = {
  panel: '`parlor-chat-panel` (ChatLog + window of 120–160 rows, blocks of 40)',
  plain: 'plain Lit repeat, all rows (baseline)',
  virtual: '@lit-labs/virtualizer 2.1, every message its item (anchor)',
};
const med = (xs, f) => quantile(xs.map(f), 0.5);
const rows = [['contender', 'ms/msg', 'main thread ms/msg', 'main thread CPU ms/msg', 'first 1k', 'last 1k', 'last/first', 'p99 ms', 'frames >50ms', 'heap after GC MB', 'heap growth MB', 'DOM nodes (doc)', 'rows in DOM', 'wall s']];
for (const kind of KINDS) {
  const xs = results[kind];
  rows.push([
    names[kind],
    round(med(xs, (x) => x.msPerMsg), 2),
    round(med(xs, (x) => x.busyMsPerMsg), 2),
    round(med(xs, (x) => x.cpuMsPerMsg), 2),
    round(med(xs, (x) => x.per1000[0]), 2),
    round(med(xs, (x) => x.per1000.at(-1)), 2),
    round(med(xs, (x) => x.per1000.at(-1) / x.per1000[0]), 2),
    round(med(xs, (x) => x.p99), 1),
    med(xs, (x) => x.longFrames),
    round(med(xs, (x) => x.heapAfterMB), 1),
    round(med(xs, (x) => x.heapGrowthMB), 1),
    med(xs, (x) => x.domNodes),
    med(xs, (x) => x.rows),
    round(med(xs, (x) => x.wallS), 0),
  ]);
}
rows.push(['the same messages alone in a plain array, no UI (floor)', '-', '-', '-', '-', '-', '-', '-', '-', round(floor.heapAfterMB, 1), round(floor.heapGrowthMB, 1), '-', '-', '-']);
const p = results.panel, b = results.plain, v = results.virtual;
printTable(`Chat rendering: ${count} messages, one per frame (${rounds} round(s), alternated)`, rows);
console.log(`\nratio panel/plain: ms/msg ${ratio(med(p, (x) => x.msPerMsg), med(b, (x) => x.msPerMsg))}, heap ${ratio(med(p, (x) => x.heapAfterMB), med(b, (x) => x.heapAfterMB))}, DOM nodes ${ratio(med(p, (x) => x.domNodes), med(b, (x) => x.domNodes))}`);
console.log(`ratio panel/virtualizer: main thread ms/msg ${ratio(med(p, (x) => x.busyMsPerMsg), med(v, (x) => x.busyMsPerMsg))}, its CPU ${ratio(med(p, (x) => x.cpuMsPerMsg), med(v, (x) => x.cpuMsPerMsg))}, heap ${ratio(med(p, (x) => x.heapAfterMB), med(v, (x) => x.heapAfterMB))}`);
console.log(`floor: ${Math.round(floor.bytesPerMessage)} B per message; panel heap growth above the floor ${round(med(p, (x) => x.heapGrowthMB) - floor.heapGrowthMB, 2)} MB`);
const blockRows = [['per 1,000 (ms/msg)', ...results.panel[0].per1000.map((_, i) => `${i + 1}k`)]];
for (const kind of KINDS) blockRows.push([kind, ...results[kind][0].per1000.map((x) => round(x, 2))]);
printTable('Per 1,000 messages (first round)', blockRows);
writeResult('chat-render', { count, rounds, rows, blockRows, results, floor });
