// Chat delivery under faults, on a LiveKit server of the test's own (so it
// can kill and restart it): numbered messages at 20/s from one real
// RoomClient to another while the run applies `resume-reconnect` and
// `full-reconnect` (livekit-client's simulateScenario, on the sender or the
// receiver) and kills and restarts the LiveKit process. 0 lost, 0
// duplicated, order kept; reconnect times reported. CI runs a seeded sample
// (300 messages, 3 resume, 1 full, 1 restart); PARLOR_HARDENING_FULL=1
// runs 1,000 messages, 10 resume, 3 full, 1 restart. A second test takes
// LiveKit down for 6 s while both people are on camera.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import fc from 'fast-check';
// @ts-expect-error plain JS helper
import { startLivekit } from '../scripts/livekit.mjs';
import { FULL, figure, launch, openLab } from './harness/browser.js';
import { joinClient } from './harness/in-page.js';
import { startLab, type Lab } from './harness/lab.js';

const MESSAGES = FULL ? 1_000 : 300;
const FAULTS = { resume: FULL ? 10 : 3, full: FULL ? 3 : 1, restart: 1 };
const SEED = Number(process.env['PARLOR_FAULT_SEED'] ?? 20261129);
const RATE = 20;

interface Livekit {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  stop(): Promise<void>;
  restart(downMs?: number): Promise<void>;
}
type Fault = { kind: 'resume-reconnect' | 'full-reconnect'; side: 'sender' | 'receiver' } | { kind: 'restart' };
interface PageClient {
  livekitRoom?: { simulateScenario(s: string): Promise<void> };
  getState(): {
    status: string;
    chat: { toArray(): { id: string; text: string; local: boolean; status: string }[] };
    participants: { isLocal: boolean; camera?: { mediaStreamTrack?: MediaStreamTrack } }[];
  };
  sendChat(text: string): { id: string };
  setCamera(on: boolean): Promise<void>;
  on(e: 'statusChanged', fn: (s: string) => void): () => void;
  leave(): Promise<void>;
}
type W = Window & { clients: Record<string, PageClient>; transitions: { status: string; at: number }[]; sending?: Promise<number> };

let livekit: Livekit;
let lab: Lab;
let browser: Browser;

before(async () => {
  // Its own server on 7980–7982: only this test may kill it.
  livekit = (await startLivekit({ port: 7980 })) as Livekit;
  lab = await startLab({ livekit: { url: livekit.url, host: livekit.httpUrl, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await lab?.close();
  await livekit?.stop();
});

/** Joins and records every status change with its time. */
async function member(name: string, room: string): Promise<Page> {
  const page = await openLab(browser, lab.url);
  await joinClient(page, { room, name, key: 'me' });
  await page.evaluate(() => {
    const w = window as unknown as W;
    w.transitions = [];
    w.clients['me']!.on('statusChanged', (status) => w.transitions.push({ status, at: Date.now() }));
  });
  return page;
}

const status = (page: Page) => page.evaluate(() => (window as unknown as W).clients['me']!.getState().status);

/** Time from `since` until the page's client was connected again after its last break (ms). */
async function recoveredAfter(page: Page, since: number, timeoutMs = 60_000): Promise<number> {
  await page.waitForFunction(
    (since) => {
      const w = window as unknown as W;
      const broke = w.transitions.some((t) => t.at >= since && t.status === 'reconnecting');
      return broke && w.clients['me']!.getState().status === 'connected';
    },
    since,
    { timeout: timeoutMs, polling: 20 },
  );
  return page.evaluate((since) => {
    const back = (window as unknown as W).transitions.filter((t) => t.at >= since && t.status === 'connected').at(-1)!;
    return back.at - since;
  }, since);
}

test(`chat under faults: ${MESSAGES} messages at ${RATE}/s through ${FAULTS.resume} × resume-reconnect, ${FAULTS.full} × full-reconnect and ${FAULTS.restart} × LiveKit restart: 0 lost, 0 duplicated, order kept`, { timeout: (FULL ? 15 : 6) * 60_000 }, async () => {
  const room = `faults-${Date.now()}`;
  const receiver = await member('Receiver', room);
  const sender = await member('Sender', room);
  // Both see each other before the first message.
  await sender.evaluate(() => (window as unknown as W).clients['me']!.sendChat('hello'));
  await receiver.waitForFunction(() => (window as unknown as W).clients['me']!.getState().chat.toArray().some((m) => m.text === 'hello'), undefined, { timeout: 20_000 });

  // The seeded plan: which faults, in which order, on which side.
  const kinds: Fault[] = [
    ...Array.from({ length: FAULTS.resume }, () => ({ kind: 'resume-reconnect' as const, side: 'sender' as const })),
    ...Array.from({ length: FAULTS.full }, () => ({ kind: 'full-reconnect' as const, side: 'sender' as const })),
    ...Array.from({ length: FAULTS.restart }, () => ({ kind: 'restart' as const })),
  ];
  const [order, sides] = fc.sample(fc.tuple(fc.shuffledSubarray(kinds.map((_, i) => i), { minLength: kinds.length, maxLength: kinds.length }), fc.array(fc.boolean(), { minLength: kinds.length, maxLength: kinds.length })), { numRuns: 1, seed: SEED })[0]!;
  const plan: Fault[] = order.map((i, j) => {
    const f = kinds[i]!;
    return f.kind === 'restart' ? f : { kind: f.kind, side: sides[j] ? 'receiver' : 'sender' };
  });

  // The sender's page sends on its own clock, whatever the faults do.
  const started = Date.now();
  await sender.evaluate(
    ([n, rate]) => {
      const w = window as unknown as W;
      const c = w.clients['me']!;
      w.sending = new Promise<number>((resolve) => {
        let i = 0;
        const t = setInterval(() => {
          c.sendChat(`n ${String(i).padStart(5, '0')}`);
          if (++i === n) {
            clearInterval(t);
            resolve(Date.now());
          }
        }, 1000 / rate!);
      });
    },
    [MESSAGES, RATE],
  );
  const sendMs = (MESSAGES / RATE) * 1000;
  const times: { kind: string; side?: string; ms: number; other?: number }[] = [];
  for (const [i, f] of plan.entries()) {
    // Spread over the sending time, but never two faults at once.
    const due = started + ((i + 1) * sendMs) / (plan.length + 1);
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (f.kind === 'restart') {
      const t0 = Date.now();
      await livekit.restart();
      const [s, r] = await Promise.all([recoveredAfter(sender, t0), recoveredAfter(receiver, t0)]);
      times.push({ kind: 'restart', ms: Math.max(s, r), other: Math.min(s, r) });
    } else {
      const target = f.side === 'sender' ? sender : receiver;
      const t0 = await target.evaluate((kind) => {
        const t = Date.now();
        void (window as unknown as W).clients['me']!.livekitRoom!.simulateScenario(kind).catch(() => {});
        return t;
      }, f.kind);
      times.push({ kind: f.kind, side: f.side, ms: await recoveredAfter(target, t0) });
    }
    assert.equal(await status(sender), 'connected');
    assert.equal(await status(receiver), 'connected');
  }
  const sentAt = await sender.evaluate(() => (window as unknown as W).sending!);
  // Everything delivered (or the timeout shows what is missing).
  const deadline = Date.now() + 60_000;
  const received = () =>
    receiver.evaluate(() =>
      (window as unknown as W).clients['me']!.getState()
        .chat.toArray()
        .filter((m) => !m.local && m.text.startsWith('n '))
        .map((m) => ({ id: m.id, n: Number(m.text.slice(2)) })),
    );
  let got = await received();
  while (new Set(got.map((m) => m.n)).size < MESSAGES && Date.now() < deadline) {
    await receiver.waitForTimeout(500);
    got = await received();
  }
  const completeAt = Date.now();
  await receiver.waitForTimeout(3_000); // late re-sends would show as duplicates now
  got = await received();
  const senderStatuses = await sender.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const m of (window as unknown as W).clients['me']!.getState().chat.toArray()) if (m.local) counts[m.status] = (counts[m.status] ?? 0) + 1;
    return counts;
  });

  const seen = new Map<number, number>();
  for (const m of got) seen.set(m.n, (seen.get(m.n) ?? 0) + 1);
  const lost = Array.from({ length: MESSAGES }, (_, i) => i).filter((i) => !seen.has(i));
  const duplicated = [...seen].filter(([, c]) => c > 1).map(([n]) => n);
  const ids = new Set(got.map((m) => m.id));
  const outOfOrder = got.filter((m, i) => i > 0 && m.n < got[i - 1]!.n).map((m) => m.n);
  figure('chat-faults', {
    messages: MESSAGES,
    seed: SEED,
    plan: plan.map((f) => (f.kind === 'restart' ? 'restart' : `${f.kind}@${f.side}`)),
    received: got.length,
    lost: lost.length,
    lostSample: lost.slice(0, 10),
    duplicated: duplicated.length + (got.length - ids.size),
    outOfOrder: outOfOrder.length,
    outOfOrderSample: outOfOrder.slice(0, 10),
    reconnectMs: times,
    sendingSeconds: Math.round((sentAt - started) / 1000),
    allDeliveredAfterLastSendMs: completeAt - sentAt,
    senderStatuses,
  });
  assert.deepEqual(lost, [], `${lost.length} lost`);
  assert.deepEqual(duplicated, [], 'no number shown twice');
  assert.equal(ids.size, got.length, 'no id shown twice');
  assert.deepEqual(outOfOrder, [], 'shown in the order sent');
  for (const page of [sender, receiver]) {
    await page.evaluate(() => (window as unknown as W).clients['me']!.leave());
    await page.context().close();
  }
});

// Found by exploratory QA: with cameras on, a full reconnect after a LiveKit
// restart drops data to and from the reconnected side for about 1.8 s while
// `sendText` resolves, so a one-shot re-send or sync request at `Reconnected`
// is lost (packages/core/src/reconnect-sync.ts).
test('LiveKit down for 6 s while both members are on camera: what each sent in the outage, and right after it, reaches the other', { timeout: 3 * 60_000 }, async () => {
  const room = `outage-${Date.now()}`;
  const a = await member('Ada', room);
  const b = await member('Bo', room);
  await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as W).clients['me']!.setCamera(true))));
  // Each sees the other's camera before the outage.
  await Promise.all(
    [a, b].map((p) =>
      p.waitForFunction(() => (window as unknown as W).clients['me']!.getState().participants.some((x) => !x.isLocal && x.camera?.mediaStreamTrack), undefined, { timeout: 20_000 }),
    ),
  );
  // Once back, each sends 10 more at once, 100 ms apart: into the window where data is dropped.
  for (const [p, name] of [
    [a, 'Ada'],
    [b, 'Bo'],
  ] as const) {
    await p.evaluate((name) => {
      const c = (window as unknown as W).clients['me']!;
      let away = false;
      c.on('statusChanged', (s) => {
        if (s === 'reconnecting') away = true;
        if (s !== 'connected' || !away) return;
        away = false;
        for (let k = 0; k < 10; k++) setTimeout(() => c.sendChat(`${name} back ${k}`), k * 100);
      });
    }, name);
  }

  const t0 = Date.now();
  const restarted = livekit.restart(6_000);
  await Promise.all([a, b].map((p) => p.waitForFunction(() => (window as unknown as W).clients['me']!.getState().status === 'reconnecting', undefined, { timeout: 20_000 })));
  await a.evaluate(() => (window as unknown as W).clients['me']!.sendChat('Ada in the outage'));
  await b.evaluate(() => (window as unknown as W).clients['me']!.sendChat('Bo in the outage'));
  await restarted;
  const back = await Promise.all([recoveredAfter(a, t0), recoveredAfter(b, t0)]);

  const expected = (name: string) => [`${name} in the outage`, ...Array.from({ length: 10 }, (_, k) => `${name} back ${k}`)];
  const received = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as W).clients['me']!.getState()
        .chat.toArray()
        .filter((m) => !m.local)
        .map((m) => ({ id: m.id, text: m.text })),
    );
  const missing = async (page: Page, from: string) => {
    const got = new Set((await received(page)).map((m) => m.text));
    return expected(from).filter((t) => !got.has(t));
  };
  const deadline = Date.now() + 45_000;
  let atB = await missing(b, 'Ada');
  let atA = await missing(a, 'Bo');
  while ((atA.length || atB.length) && Date.now() < deadline) {
    await a.waitForTimeout(250);
    [atB, atA] = await Promise.all([missing(b, 'Ada'), missing(a, 'Bo')]);
  }
  const lastBack = Math.max(...back) + t0;
  const deliveredMs = Date.now() - lastBack;
  await a.waitForTimeout(3_000); // late re-sends would show as duplicates now
  const shown = [...(await received(a)), ...(await received(b))];
  const duplicates = shown.length - new Set(shown.map((m) => m.id)).size + shown.length - new Set(shown.map((m) => m.text)).size;
  figure('chat-outage-camera', { reconnectMs: back, allDeliveredAfterReconnectMs: deliveredMs, missingAtBo: atB, missingAtAda: atA, duplicates });
  assert.deepEqual(atB, [], 'everything Ada sent reached Bo');
  assert.deepEqual(atA, [], 'everything Bo sent reached Ada');
  assert.equal(duplicates, 0, 'each message shown once');
  // Through the answered handshake, not the re-send after the last unanswered try (15 s after the reconnect).
  assert.ok(deliveredMs < 12_000, `delivered ${deliveredMs} ms after the reconnect`);
  for (const page of [a, b]) {
    await page.evaluate(() => (window as unknown as W).clients['me']!.leave());
    await page.context().close();
  }
});
