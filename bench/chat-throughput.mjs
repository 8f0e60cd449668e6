#!/usr/bin/env node
// Chat throughput: two real clients in real Chromium through a real LiveKit
// server, one sending N messages/s (default 50) for D seconds (default 60):
// delivery latency p50/p99 (sender's Date.now() in the text vs the
// receiver's Date.now(); same machine clock), delivered count and the
// receiver's longest task. Parlor widget → Parlor widget twice (with the
// default per-sender display limit of 20/s, burst 50, which drops a 50/s
// sender by design, and with `chatOptions` raised above the send rate), then
// the same with bare livekit-client pages (sendText on `lk.chat`, a plain
// <ul> log).
//
//   node bench/chat-throughput.mjs [--seconds 60] [--rate 50]
import { ensureRuntime, median, numFlag, printTable, quantile, ratio, round, sleep, writeResult } from './lib/common.mjs';
import { parlorJoin, startStack, waitMark } from './lib/stack.mjs';
import { launchChromium } from '../scripts/testing/chromium.mjs';

await ensureRuntime({ netns: true });
const seconds = numFlag('seconds', 60);
const rate = numFlag('rate', 50);

const stack = await startStack();
const browser = await launchChromium();
const fail = (label) => (e) => console.error(`[${label}]`, e.message ?? e);

async function open(kind, name, room, chatOptions) {
  const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  page.on('pageerror', fail(`${kind} ${name}`));
  if (kind === 'parlor') {
    await page.goto(`${stack.origin}/parlor.html?room=${room}`);
    if (chatOptions) await page.evaluate((o) => (document.querySelector('parlor-room').chatOptions = o), chatOptions);
    await parlorJoin(page, { name });
    await waitMark(page, 'connected');
    await page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 20_000 });
  } else {
    await page.goto(`${stack.origin}/bare.html?room=${room}&name=${name}`);
    await page.waitForFunction(() => window.bareReady === true);
    await page.click('#join');
    await waitMark(page, 'connected');
  }
  return { page, ctx };
}

/** Sends on a fixed schedule (no drift) from inside the sender page. */
const sendLoop = ({ kind, seconds, rate }) =>
  new Promise((resolve) => {
    const period = 1000 / rate;
    const total = Math.round(seconds * rate);
    const start = performance.now();
    let i = 0;
    let errors = 0;
    const tick = () => {
      while (i < total && performance.now() - start >= i * period) {
        const text = `bench ${Date.now()} ${i} lorem ipsum dolor sit amet`;
        try {
          if (kind === 'parlor') window.parlorClient.sendChat(text);
          else window.bare.send(text, { 'parlor.id': `b${i}` }).catch(() => errors++);
        } catch {
          errors++;
        }
        i++;
      }
      if (i >= total) resolve({ sent: i, errors, ms: performance.now() - start });
      else setTimeout(tick, Math.max(0, start + i * period - performance.now()));
    };
    tick();
  });

async function phase(kind, variant = kind, chatOptions = undefined) {
  const room = `chat-${variant}-${Date.now()}`;
  const receiver = await open(kind, 'recv1', room, chatOptions);
  const sender = await open(kind, 'send1', room);
  await sleep(1500);
  await receiver.page.evaluate(() => { window.__bench.longtasks = []; window.__bench.latencies = []; window.__bench.received = 0; });
  console.error(`[chat-throughput] ${variant}: sending ${rate}/s for ${seconds} s…`);
  const sent = await sender.page.evaluate(sendLoop, { kind, seconds, rate });
  await sleep(3000);
  const r = await receiver.page.evaluate(() => ({
    ...window.__bench,
    dropped: window.parlorClient?.getState?.().chatDropped,
    domRows: document.querySelectorAll('#log li').length,
  }));
  const senderTasks = await sender.page.evaluate(() => window.__bench.longtasks);
  await sender.ctx.close();
  await receiver.ctx.close();
  return {
    kind,
    variant,
    sent: sent.sent,
    sendErrors: sent.errors,
    sendSeconds: sent.ms / 1000,
    received: r.received,
    p50: median(r.latencies),
    p99: quantile(r.latencies, 0.99),
    max: Math.max(...r.latencies),
    longestTask: Math.max(0, ...r.longtasks),
    longTasks: r.longtasks.length,
    senderLongestTask: Math.max(0, ...senderTasks),
  };
}

const results = {};
try {
  results.parlor = await phase('parlor');
  results.parlorRaised = await phase('parlor', 'parlorRaised', { ratePerSecond: rate * 2, rateBurst: rate * 2 });
  results.bare = await phase('bare');
} finally {
  await browser.close();
  await stack.close();
}
const rows = [['contender', 'sent', 'received', 'delivered %', 'p50 ms', 'p99 ms', 'max ms', 'receiver longest task ms', 'receiver long tasks', 'sender longest task ms']];
const names = {
  parlor: 'Parlor widget → Parlor widget (default limit 20/s, burst 50)',
  parlorRaised: `Parlor widget → Parlor widget (chatOptions ${rate * 2}/s)`,
  bare: 'bare livekit-client → bare (baseline)',
};
for (const r of Object.values(results)) {
  rows.push([names[r.variant], r.sent, r.received, round((100 * r.received) / r.sent, 1), round(r.p50, 0), round(r.p99, 0), round(r.max, 0), round(r.longestTask, 0), r.longTasks, round(r.senderLongestTask, 0)]);
}
printTable(`Chat throughput: ${rate} msgs/s for ${seconds} s through LiveKit (one sender, one receiver)`, rows);
for (const k of ['parlor', 'parlorRaised']) {
  console.log(`ratio ${names[k]} / bare: p50 ${ratio(results[k].p50, results.bare.p50)}, p99 ${ratio(results[k].p99, results.bare.p99)}`);
}
writeResult('chat-throughput', { seconds, rate, rows, results });
