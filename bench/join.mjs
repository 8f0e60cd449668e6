#!/usr/bin/env node
// Join: on a real LiveKit server (loopback-only namespace), time from the
// click on Join to connected and to the first presented frame of a remote
// camera, for the Parlor widget (built script tag, real server kit) and a bare
// livekit-client page doing the same (token fetch + connect + attach),
// alternated, in the same run. A raw livekit-client peer publishes the camera.
// The table also splits each join at the answer that carries the token.
//
//   node bench/join.mjs [--rounds 10]
import { loadavg } from 'node:os';
import { ensureRuntime, median, numFlag, pairedRatioInterval, printTable, quantile, ratio, round, sleep, verdict, writeResult } from './lib/common.mjs';
import { parlorJoin, startStack, waitMark } from './lib/stack.mjs';
import { launchChromium } from '../scripts/testing/chromium.mjs';

await ensureRuntime({ netns: true });
const rounds = numFlag('rounds', 10);
const room = 'join-bench';
/**
 * Between one contender's join and the next. LiveKit throttles the keyframe
 * requests it sends the publisher, so a subscriber that arrives within about
 * half a second of the previous one waits for the next keyframe: with 300 ms
 * here (and no settling, below), the bare page got its first frame ~150 ms
 * after Parlor's in every round (2026-12-07). With 1.5 s, both got it about
 * 40 ms after `connected` (10 rounds: Parlor 38 ms, bare 37).
 */
const GAP_MS = 1_500;
/**
 * How long each page stands, ready, before Join is clicked, as a person's
 * would: the bare page after it loaded, Parlor's with its consent step filled
 * in. Clicked at once (until 2026-12-07), the bare page connected while still
 * busy from loading (180 ms median from the click against 108 after a second's
 * pause, 20 rounds), and Parlor's while still preloading its room code: the
 * ratios measured how busy each page was, not what joining costs.
 */
const SETTLE_MS = 1_000;
/** The goal for the two join ratios. */
const GOAL = 1.05;

const stack = await startStack();
const browser = await launchChromium();
const fail = (label) => (e) => console.error(`[${label}]`, process.env.BENCH_DEBUG ? e.stack ?? e : e.message ?? e);

/**
 * The page's marks, plus `token`: when the answer carrying the LiveKit token
 * arrived (Parlor: the consent answer with `join`, or `POST /token`; bare: its
 * token route), so the join splits into getting a token and connecting.
 */
const readMarks = (page) =>
  page.evaluate(() => {
    const marks = { ...window.__bench.marks };
    const answers = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= marks.t0 && /\/(api\/parlor\/(consent|token)|bare-token)\b/.test(new URL(e.name).pathname));
    if (answers.length > 0) marks.token = answers.at(-1).responseEnd;
    return marks;
  });

try {
  // The remote camera everyone waits for.
  const pubCtx = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const pub = await pubCtx.newPage();
  pub.on('pageerror', fail('publisher'));
  await pub.goto(`${stack.origin}/bare.html?room=${room}&name=Publisher`);
  await pub.waitForFunction(() => window.bareReady === true);
  await pub.evaluate((room) => window.bare.join({ room, name: 'Publisher' }).then(() => window.bare.publishCamera()), room);

  const contenders = {
    parlor: async (i) => {
      const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
      try {
        const page = await ctx.newPage();
        page.on('pageerror', fail(`parlor ${i}`));
        await page.goto(`${stack.origin}/parlor.html?room=${room}`);
        await parlorJoin(page, { name: `fox${i}`, settleMs: SETTLE_MS });
        const marks = await waitMark(page, 'firstFrame');
        if (!('connected' in marks)) await waitMark(page, 'connected', 5_000);
        return readMarks(page);
      } finally {
        await ctx.close();
      }
    },
    bare: async (i) => {
      const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
      try {
        const page = await ctx.newPage();
        page.on('pageerror', fail(`bare ${i}`));
        await page.goto(`${stack.origin}/bare.html?room=${room}&name=bare${i}&publish=0`);
        await page.waitForFunction(() => window.bareReady === true);
        await sleep(SETTLE_MS);
        await page.click('#join');
        const marks = await waitMark(page, 'firstFrame');
        if (!('connected' in marks)) await waitMark(page, 'connected', 5_000);
        return readMarks(page);
      } finally {
        await ctx.close();
      }
    },
  };

  // Warm-up (not counted): first compile of pages, first route calls.
  for (const run of Object.values(contenders)) await run(0).catch(fail('warm-up'));
  const samples = { parlor: [], bare: [] };
  // The machine is shared: its one-minute load average, once a round, says what state the run met.
  const loads = [];
  for (let i = 1; i <= rounds; i++) {
    const order = i % 2 ? ['parlor', 'bare'] : ['bare', 'parlor'];
    for (const name of order) {
      const m = await contenders[name](i);
      samples[name].push({ token: m.token - m.t0, connected: m.connected - m.t0, firstFrame: m.firstFrame - m.t0 });
      if (process.env.BENCH_DEBUG) console.error(name, JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v - m.t0)]))));
      await sleep(GAP_MS);
    }
    loads.push(round(loadavg()[0], 2));
    console.error(`[join] round ${i}/${rounds}: parlor ${round(samples.parlor.at(-1).firstFrame, 0)} ms, bare ${round(samples.bare.at(-1).firstFrame, 0)} ms to first frame`);
  }
  await pubCtx.close();

  // Each phase's median is taken over the per-join differences (medians do not add up).
  // `goal`: the goal applies to that row's ratio (judged from 10 rounds on: with
  // fewer, the bootstrap has too few distinct resamples to mean anything).
  const phases = [
    { label: 'token answered', of: (s) => s.token },
    { label: 'connected', of: (s) => s.connected, goal: true },
    { label: 'first remote video frame', of: (s) => s.firstFrame, goal: true },
    { label: '(phase) token answered → connected', of: (s) => s.connected - s.token },
    { label: '(phase) connected → first frame', of: (s) => s.firstFrame - s.connected },
  ];
  // The interval says how far this run's ratio can be trusted: rounds resampled in pairs.
  const rows = [['Join → …', 'Parlor median ms', 'bare median ms', 'ratio (goal ≤ 1.05)', 'ratio 95% interval', 'goal', 'Parlor p90', 'bare p90']];
  for (const { label, of, goal } of phases) {
    const p = samples.parlor.map(of);
    const b = samples.bare.map(of);
    const interval = pairedRatioInterval(p, b);
    rows.push([label, round(median(p), 0), round(median(b), 0), ratio(median(p), median(b)), interval.map((x) => round(x, 2)).join('–'), goal ? (rounds >= 10 ? verdict(interval, GOAL) : 'too few rounds') : '', round(quantile(p, 0.9), 0), round(quantile(b, 0.9), 0)]);
  }
  const load = { min: Math.min(...loads), max: Math.max(...loads) };
  printTable(`Join on real LiveKit (${rounds} alternated rounds each, after one warm-up; load average ${load.min}–${load.max})`, rows);
  writeResult('join', { rounds, rows, samples, load });
} finally {
  await browser.close();
  await stack.close();
}
