// Soak bench (issue 7, item 10): a room kept busy for `--minutes` (default
// 30) on the real LiveKit server. Two publishers (camera and microphone on)
// each run a chat bot at 1 message/s; a third page joins and leaves 100
// times, spread over the run, each time with a fresh RoomClient. Reported:
// heap slope (MB per 10 min, from the JS heap after a forced GC, CDP) of
// every page, RTCPeerConnections left open (counted by an init-script
// wrapper), and event listeners left over on window, document and
// navigator.mediaDevices. Goal: heap slope < 1 MB per 10 min, 0 leaked.
//
//   unshare --net sh -c 'ip link set lo up && node scripts/with-livekit.mjs \
//     node --conditions=source --import tsx hardening/bench/soak.ts --minutes 30'
//
// Exits non-zero when a goal is missed. Not part of `npm test`.
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { livekitEnv } from '../../scripts/testing/env.js';
import { heapAfterGc, launch, openLab } from '../harness/browser.js';
import { joinClient } from '../harness/in-page.js';
import { startLab } from '../harness/lab.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' }, cycles: { type: 'string', default: '100' } } });
const MINUTES = Number(values.minutes);
const CYCLES = Number(values.cycles);
const RUN_MS = MINUTES * 60_000;

/**
 * Counts RTCPeerConnections (weakly: the wrapper must not keep them alive)
 * and listeners added and removed on the long-lived global targets.
 */
const PROBES = `(() => {
  const Orig = window.RTCPeerConnection;
  const pcs = [];
  window.RTCPeerConnection = new Proxy(Orig, {
    construct(target, args, newTarget) {
      const pc = Reflect.construct(target, args, newTarget);
      pcs.push(new WeakRef(pc));
      return pc;
    },
  });
  window.__pcStats = () => {
    let open = 0, alive = 0;
    const states = {};
    for (const r of pcs) {
      const pc = r.deref();
      if (!pc) continue;
      alive++;
      if (pc.signalingState !== 'closed' && pc.connectionState !== 'closed') {
        open++;
        const k = [pc.signalingState, pc.connectionState, pc.iceConnectionState, pc.getTransceivers().length + ' transceivers', pc.localDescription ? 'has local sdp' : 'no local sdp'].join('/');
        states[k] = (states[k] ?? 0) + 1;
      }
    }
    return { created: pcs.length, alive, open, openStates: states };
  };
  const globals = () => [window, document, navigator.mediaDevices].filter(Boolean);
  const held = new Map(); // global target -> Set of "type|capture" keyed listeners
  const keyOf = (type, opts) => type + '|' + (typeof opts === 'boolean' ? opts : !!(opts && opts.capture));
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  let net = 0;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (fn && globals().includes(this)) {
      const m = held.get(this) ?? new Map();
      held.set(this, m);
      const k = keyOf(type, opts);
      const s = m.get(k) ?? new Set();
      m.set(k, s);
      if (!s.has(fn)) { s.add(fn); net++; }
      if (opts && typeof opts === 'object' && opts.signal) {
        // Removed when the signal aborts (livekit-client's Room does this for devicechange).
        opts.signal.addEventListener('abort', () => { if (s.delete(fn)) net--; }, { once: true });
      }
      if (opts && typeof opts === 'object' && opts.once) {
        // A once-listener removes itself when it fires; count that too.
        add.call(this, type, () => { if (s.delete(fn)) net--; }, { once: true, capture: !!opts.capture });
      }
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const s = held.get(this)?.get(keyOf(type, opts));
    if (s && s.delete(fn)) net--;
    return remove.call(this, type, fn, opts);
  };
  window.__listenerStats = () => {
    const byTarget = {};
    for (const [t, m] of held) {
      const name = t === window ? 'window' : t === document ? 'document' : 'mediaDevices';
      byTarget[name] = {};
      for (const [k, s] of m) if (s.size) byTarget[name][k] = s.size;
    }
    return { total: net, byTarget };
  };
})();`;

type Stats = { pcs: { created: number; alive: number; open: number; openStates: Record<string, number> }; listeners: { total: number; byTarget: Record<string, Record<string, number>> } };
const stats = (page: Page): Promise<Stats> =>
  page.evaluate(() => {
    const w = window as unknown as { __pcStats(): Stats['pcs']; __listenerStats(): Stats['listeners'] };
    return { pcs: w.__pcStats(), listeners: w.__listenerStats() };
  });

/** Least-squares slope of (t ms, bytes) in MB per 10 minutes. */
function slope(samples: { t: number; bytes: number }[]): number {
  const n = samples.length;
  if (n < 2) return NaN;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const mb = samples.reduce((a, s) => a + s.bytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (s.bytes - mb);
    den += (s.t - mt) ** 2;
  }
  return ((num / den) * 600_000) / 1e6;
}

const lab = await startLab({ livekit: livekitEnv() });
const browser = await launch();
const withProbes = async (ctx: BrowserContext): Promise<void> => {
  await ctx.addInitScript(PROBES);
};
const room = `soak-${Date.now()}`;
const started = Date.now();
const log = (m: string) => console.error(`[soak ${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);

// Two publishers, each with a chat bot; the second shows the chat panel, so rendering is soaked too.
const pubs: Page[] = [];
for (const name of ['Pub One', 'Pub Two']) {
  const page = await openLab(browser, lab.url, withProbes);
  await joinClient(page, { room, name, key: 'me' });
  await page.evaluate(async () => {
    const c = (window as unknown as { clients: Record<string, { setCamera(b: boolean): Promise<void>; setMicrophone(b: boolean): Promise<void> }> }).clients['me']!;
    await c.setCamera(true);
    await c.setMicrophone(true);
  });
  pubs.push(page);
}
await pubs[1]!.evaluate(() => {
  const el = document.createElement('parlor-chat-panel') as HTMLElement & { client: unknown };
  el.client = (window as unknown as { clients: Record<string, unknown> }).clients['me'];
  document.getElementById('stage')!.replaceChildren(el);
});
for (const [i, page] of pubs.entries()) {
  await page.evaluate((label) => {
    const c = (window as unknown as { clients: Record<string, { sendChat(t: string): unknown }> }).clients['me']!;
    let n = 0;
    (window as unknown as { bot: ReturnType<typeof setInterval> }).bot = setInterval(() => c.sendChat(`${label} ${n++}`), 1_000);
  }, `bot${i}`);
}
const cycler = await openLab(browser, lab.url, withProbes);
const cyclerBaseline = await stats(cycler);
log(`2 publishers live in ${room}; ${CYCLES} join/leave cycles over ${MINUTES} min`);

const pages = { pubOne: pubs[0]!, pubTwo: pubs[1]!, cycler };
const heap: Record<keyof typeof pages, { t: number; bytes: number }[]> = { pubOne: [], pubTwo: [], cycler: [] };
const sampleEvery = Math.max(10_000, RUN_MS / 20);
let nextSample = Date.now();
const sample = async () => {
  for (const [k, page] of Object.entries(pages) as [keyof typeof pages, Page][]) heap[k].push({ t: Date.now() - started, bytes: await heapAfterGc(page) });
};

const cycleTimes: number[] = [];
let afterFirst: Stats | undefined;
const gap = RUN_MS / CYCLES;
for (let i = 0; i < CYCLES; i++) {
  const due = started + i * gap;
  if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
  if (Date.now() >= nextSample) {
    await sample();
    nextSample += sampleEvery;
  }
  const t = Date.now();
  await cycler.evaluate(async ({ room, i }) => {
    const w = window as unknown as { Parlor: Window['Parlor'] };
    const client = new w.Parlor.RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: false } });
    await client.join({ screenName: `Visitor ${i}` });
    // Stay until both publishers' video is subscribed, as a viewer of the room would.
    const lk = client.livekitRoom!;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      const subscribed = [...lk.remoteParticipants.values()].flatMap((p) => [...p.trackPublications.values()]).filter((t) => t.isSubscribed).length;
      if (subscribed >= 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    client.sendChat(`visitor ${i} was here`);
    await client.leave();
  }, { room, i });
  cycleTimes.push(Date.now() - t);
  if (i === 0) afterFirst = await stats(cycler);
  if ((i + 1) % 10 === 0) log(`${i + 1} cycles, last took ${cycleTimes.at(-1)} ms`);
}
// Keep the room running to the end of the window, then the last samples.
while (Date.now() < started + RUN_MS) {
  await new Promise((r) => setTimeout(r, Math.min(5_000, started + RUN_MS - Date.now())));
  if (Date.now() >= nextSample) {
    await sample();
    nextSample += sampleEvery;
  }
}
for (const page of pubs) await page.evaluate(() => clearInterval((window as unknown as { bot: ReturnType<typeof setInterval> }).bot));
await cycler.waitForTimeout(3_000);
await sample();
// Let anything a GC frees settle (FinalizationRegistry callbacks run in a later task) before the last count.
for (const page of Object.values(pages)) {
  await page.waitForTimeout(1_000);
  await heapAfterGc(page);
}
await cycler.waitForTimeout(500);

const end = { pubOne: await stats(pubs[0]!), pubTwo: await stats(pubs[1]!), cycler: await stats(cycler) };
const chat = await pubs[1]!.evaluate(() => {
  const c = (window as unknown as { clients: Record<string, { getState(): { chat: { toArray(): { text: string; local: boolean }[] }; status: string } }> }).clients['me']!;
  const all = c.getState().chat.toArray();
  return { fromBot0: all.filter((m) => m.text.startsWith('bot0 ')).length, own: all.filter((m) => m.local).length, visitors: all.filter((m) => m.text.startsWith('visitor ')).length, status: c.getState().status };
});
const sentByBot0 = await pubs[0]!.evaluate(() =>
  (window as unknown as { clients: Record<string, { getState(): { chat: { toArray(): { local: boolean; status: string }[] } } }> }).clients['me']!.getState().chat.toArray().filter((m) => m.local && m.status === 'sent').length,
);
// Warm-up excluded from the slope: the first tenth of the run (lazy chunks, JIT, first joins).
const steady = (k: keyof typeof pages) => heap[k].filter((s) => s.t >= RUN_MS / 10);
const mb = (b: number) => +(b / 1e6).toFixed(2);
const leakedPcs = end.cycler.pcs.open + Math.max(0, end.pubOne.pcs.open - 2) + Math.max(0, end.pubTwo.pcs.open - 2);
const leftoverListeners = end.cycler.listeners.total - cyclerBaseline.listeners.total;
const figures = {
  minutes: MINUTES,
  cycles: cycleTimes.length,
  cycleMs: { median: [...cycleTimes].sort((a, b) => a - b)[Math.floor(cycleTimes.length / 2)], max: Math.max(...cycleTimes) },
  heapSlopeMbPer10Min: Object.fromEntries(Object.keys(pages).map((k) => [k, +slope(steady(k as keyof typeof pages)).toFixed(2)])),
  heapMb: Object.fromEntries(Object.entries(heap).map(([k, s]) => [k, { first: mb(s[0]!.bytes), last: mb(s.at(-1)!.bytes), samples: s.length }])),
  peerConnections: { pubOne: end.pubOne.pcs, pubTwo: end.pubTwo.pcs, cycler: end.cycler.pcs },
  leakedPeerConnections: leakedPcs,
  listeners: { cyclerBefore: cyclerBaseline.listeners, cyclerAfterFirst: afterFirst?.listeners, cyclerEnd: end.cycler.listeners, pubOne: end.pubOne.listeners.total, pubTwo: end.pubTwo.listeners.total },
  leftoverListeners,
  chat: { sentByBot0, ...chat },
};
console.log(`[figure] soak = ${JSON.stringify(figures)}`);
await browser.close();
await lab.close();

const failures: string[] = [];
for (const [k, v] of Object.entries(figures.heapSlopeMbPer10Min)) if (!(v < 1)) failures.push(`${k} heap slope ${v} MB/10 min`);
if (leakedPcs) failures.push(`${leakedPcs} peer connections left open`);
if (leftoverListeners) failures.push(`${leftoverListeners} listeners left on window/document/mediaDevices`);
if (chat.status !== 'connected') failures.push(`publisher two is ${chat.status}`);
if (failures.length) {
  console.error(`[soak] goals missed: ${failures.join('; ')}`);
  process.exit(1);
}
console.error('[soak] all goals met');
