// Minors and Global Privacy Control. An under-13 answer in the real widget
// flow (its script-tag entry, bundled from source, on a plain host page)
// asks for no camera or microphone, writes nothing to any browser storage,
// sends no consent to the server and leaves nothing in the store; the
// server refuses one sent anyway and keeps nothing. With GPC on, core emits
// no analytics event and the receipt says analytics false, gpc true.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createParlorHandler, MemoryStore, type ConsentEvent, type StoredReceipt } from '@parlor/server-kit';
import { FakeRoomService } from '../packages/server-kit/src/test/fake-room-service.js';
import { livekitEnv } from '../scripts/testing/env.js';
import { figure, launch, openLab } from './harness/browser.js';
import { startLab, type Lab } from './harness/lab.js';

/** A MemoryStore that counts every write, so "nothing kept" is checked, not assumed. */
class SpyStore extends MemoryStore {
  writes: string[] = [];
  override async putReceipt(r: StoredReceipt): Promise<void> {
    this.writes.push(`receipt ${r.record.subject}`);
    return super.putReceipt(r);
  }
  override async putAudit(...a: Parameters<MemoryStore['putAudit']>): Promise<void> {
    this.writes.push('audit');
    return super.putAudit(...a);
  }
  override async setRoomState(...a: Parameters<MemoryStore['setRoomState']>): Promise<void> {
    this.writes.push('room state');
    return super.setRoomState(...a);
  }
}

/** Installed before any page script: counts getUserMedia calls and storage writes. */
const SPIES = `(() => {
  window.__gum = 0;
  window.__storageWrites = [];
  const md = navigator.mediaDevices;
  if (md) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => { window.__gum++; return gum(c); };
  }
  for (const k of ['setItem']) {
    const orig = Storage.prototype[k];
    Storage.prototype[k] = function (...a) { window.__storageWrites.push(String(a[0])); return orig.apply(this, a); };
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...a) { window.__storageWrites.push('indexedDB ' + a[0]); return open.apply(this, a); };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get() { return cookie.get.call(this); }, set(v) { window.__storageWrites.push('cookie ' + v); cookie.set.call(this, v); } });
})();`;

const GPC = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });`;

let host: Lab;
let lab: Lab;
let browser: Browser;
const store = new SpyStore();
const consents: ConsentEvent[] = [];

before(async () => {
  const lk = livekitEnv();
  host = await startLab({ livekit: lk, kit: { store, onConsent: (e) => void consents.push(e) } });
  lab = await startLab({ livekit: lk });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await host?.close();
  await lab?.close();
});

/** Everything any storage holds in this page and context. */
async function storageOf(context: BrowserContext, page: Page) {
  const inPage = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    cookie: document.cookie,
    caches: 'caches' in window ? (await caches.keys()).length : 0,
    writes: (window as unknown as { __storageWrites: string[] }).__storageWrites,
    getUserMedia: (window as unknown as { __gum: number }).__gum,
  }));
  return { ...inPage, contextCookies: (await context.cookies()).length };
}

test('an under-13 answer in the real widget: no getUserMedia, no storage write, no consent request, nothing in the store', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(SPIES);
  const page = await context.newPage();
  const toServer: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/parlor/')) toServer.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('pageerror', (e) => console.error('[minor page error]', e.message));
  await page.goto(host.url + '/widget.html?room=minors');
  await page.getByLabel('Screen name').fill('Kiddo');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your age').fill('12');
  await page.getByLabel('I accept the privacy terms').check();
  await page.getByLabel('I agree to appear on camera').check();
  const writesBefore = store.writes.length;
  await page.getByRole('button', { name: 'Join room' }).click();
  await page.getByText('Sorry, this service is not available to you.').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1_500); // anything late (a lazy chunk, a retry) would show now
  const s = await storageOf(context, page);
  figure('minor-widget', { ...s, requests: toServer, storeWrites: store.writes.length - writesBefore, onConsent: consents.length });
  assert.equal(s.getUserMedia, 0, 'no camera or microphone asked for');
  assert.deepEqual(s.writes, [], 'no storage write attempted');
  assert.equal(s.localStorage + s.sessionStorage + s.caches + s.contextCookies, 0);
  assert.deepEqual(s.indexedDB, []);
  assert.equal(s.cookie, '');
  assert.ok(!toServer.some((r) => r.endsWith('/consent') || r.endsWith('/token')), `no consent or token request (${toServer.join(', ')})`);
  assert.ok(toServer.includes('GET /api/parlor/policy'), 'the flow did run against the server (policy loaded)');
  // All the server heard: the room's policy, and the screen name to check (compared, then forgotten).
  assert.deepEqual([...new Set(toServer)].sort(), ['GET /api/parlor/policy', 'POST /api/parlor/screen-name']);
  assert.deepEqual(store.writes.slice(writesBefore), [], 'nothing kept on the server');
  assert.equal(consents.length, 0, 'onConsent never called');
  await context.close();
});

test('a consent sent anyway with an under-13 (or under the room’s minimum) age is refused and nothing is kept', async () => {
  const spy = new SpyStore();
  const got: ConsentEvent[] = [];
  const handler = createParlorHandler({
    livekit: { url: 'ws://lk.test', host: 'http://lk.test', apiKey: 'k', apiSecret: 'minor-secret-minor-secret-minor-0123' },
    secret: 'minor-parlor-secret-0123456789-0123456789',
    store: spy,
    roomService: new FakeRoomService(),
    policy: { termsVersion: '1', minimumAge: 16 },
    onConsent: (e) => void got.push(e),
    onError: () => {},
  });
  const results: Record<number, string> = {};
  for (const age of [0, 5, 12, 13, 15]) {
    const res = await handler(
      new Request('http://h.test/api/parlor/consent', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room: 'lobby', termsVersion: '1', age, purposes: { terms: true, broadcast: true, recording: true, analytics: true } }),
      }),
    );
    const body = (await res.json()) as { code?: string; receipt?: string; message?: string };
    results[age] = `${res.status} ${body.code}`;
    assert.equal(res.status, 403, `age ${age}`);
    assert.equal(body.code, 'under_age');
    assert.equal(body.receipt, undefined);
    assert.doesNotMatch(body.message ?? '', /1[36]/, 'the refusal never names the threshold');
  }
  figure('minor-server', { results, storeWrites: spy.writes.length, onConsent: got.length });
  assert.deepEqual(spy.writes, [], 'nothing kept');
  assert.equal(got.length, 0, 'onConsent never called');
  // The control: an adult's consent is kept, so the spy does see writes.
  const ok = await handler(
    new Request('http://h.test/api/parlor/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: 'lobby', termsVersion: '1', age: 30, purposes: { terms: true, broadcast: true, recording: true, analytics: true } }),
    }),
  );
  assert.equal(ok.status, 201);
  assert.equal(spy.writes.length, 1);
});

interface Run {
  events: string[];
  purposes: { analytics: boolean };
  gpc: boolean;
  status: string;
}

/** Consents with analytics ticked, joins, chats, goes on camera and leaves, counting core's `analytics` events. */
async function analyticsRun(gpc: boolean): Promise<Run> {
  const page = await openLab(browser, lab.url, async (ctx) => {
    if (gpc) {
      await ctx.addInitScript(GPC);
      await ctx.setExtraHTTPHeaders({ 'Sec-GPC': '1' });
    }
  });
  const run = await page.evaluate(async (room) => {
    const client = new window.Parlor.RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    const events: string[] = [];
    client.on('analytics', (e) => events.push(e.name));
    const consent = await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: true } });
    await client.join({ screenName: 'Counter' });
    await client.setCamera(true);
    client.sendChat('counted?');
    await new Promise((r) => setTimeout(r, 500));
    const status = client.getState().status;
    await client.leave();
    return { events, purposes: consent.record.purposes, gpc: consent.record.gpc, status };
  }, `gpc-${gpc}-${Date.now()}`);
  await page.context().close();
  return run;
}

test('with Global Privacy Control on: 0 analytics events from core, and the receipt says analytics false, gpc true', { timeout: 120_000 }, async () => {
  const off = await analyticsRun(false);
  const on = await analyticsRun(true);
  figure('gpc', { withoutGpc: off, withGpc: on });
  // The control: without GPC the same run with analytics consent does emit events.
  assert.ok(off.events.length >= 3, `events without GPC: ${off.events.join(', ')}`);
  assert.equal(on.status, 'connected');
  assert.deepEqual(on.events, [], '0 analytics events under GPC');
  assert.equal(on.purposes.analytics, false);
  assert.equal(on.gpc, true, 'the server saw Sec-GPC: 1');
});

test('with Global Privacy Control on, the real widget sends and receives a receipt with analytics off', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(GPC);
  await context.setExtraHTTPHeaders({ 'Sec-GPC': '1' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[gpc page error]', e.message));
  await page.goto(host.url + '/widget.html?room=minors');
  await page.getByLabel('Screen name').fill('Private');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your age').fill('30');
  await page.getByLabel('I accept the privacy terms').check();
  const box = page.getByLabel('Share anonymous usage statistics with the site');
  const disabled = await box.isDisabled();
  const checked = await box.isChecked();
  const response = page.waitForResponse((r) => r.url().endsWith('/api/parlor/consent') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Join room' }).click();
  const res = await response;
  const sent = JSON.parse(res.request().postData() ?? '{}') as { purposes: { analytics: boolean } };
  const got = (await res.json()) as { record: { purposes: { analytics: boolean }; gpc: boolean } };
  figure('gpc-widget', { checkboxDisabled: disabled, checkboxChecked: checked, sentAnalytics: sent.purposes.analytics, receipt: { analytics: got.record.purposes.analytics, gpc: got.record.gpc } });
  assert.equal(disabled, true, 'the analytics choice is off and locked');
  assert.equal(checked, false);
  assert.equal(sent.purposes.analytics, false);
  assert.equal(got.record.purposes.analytics, false);
  assert.equal(got.record.gpc, true);
  await page.getByRole('button', { name: 'Leave' }).click({ timeout: 20_000 });
  await context.close();
});
