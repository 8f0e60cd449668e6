// The widget as site owners embed it, in real Chromium against the example
// host (script-tag build), the real server kit and a real LiveKit server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { MemoryStore } from '@parlor/server-kit';
import { startHost } from '../host.js';
import type { Host } from '../host.js';
import { livekitEnv } from '../../scripts/testing/env.js';
// @ts-expect-error plain JS helper
import { launchChromium } from '../../scripts/testing/chromium.mjs';
import { joinAsGuest, waitForPlayingVideo, walkIntoRoom } from './helpers.js';

let host: Host;
let browser: Browser;
const pages: Page[] = [];
/** Uncaught errors of each instrumented page (a test that checks them expects none). */
const pageErrors = new Map<Page, string[]>();

/** Counts CSP violations and getUserMedia calls from the first script on. */
async function instrumentedPage(permissions: string[]): Promise<Page> {
  const context = await browser.newContext({ permissions });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; __gum: number };
    w.__csp = [];
    w.__gum = 0;
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    const md = navigator.mediaDevices;
    if (md) {
      const original = md.getUserMedia.bind(md);
      md.getUserMedia = (c) => (w.__gum++, original(c));
    }
  });
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (e) => {
    console.error('[page error]', e);
    errors.push(e.stack ?? e.message);
  });
  pages.push(page);
  return page;
}

const violations = (p: Page) => p.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
const gumCalls = (p: Page) => p.evaluate(() => (window as unknown as { __gum: number }).__gum);

async function joinOn(page: Page, url: string, name: string) {
  await page.goto(url);
  await walkIntoRoom(page, name);
}

before(async () => {
  host = await startHost({ port: 0, livekit: livekitEnv(), store: new MemoryStore() });
  browser = (await launchChromium()) as Browser;
});

after(async () => {
  await browser?.close();
  await host?.close();
});

test('a page with only the script tag and the element, under a strict CSP, joins, broadcasts and chats with no violation', async () => {
  const ana = await instrumentedPage(['camera', 'microphone']);
  const ben = await instrumentedPage(['camera', 'microphone']);
  const res = await ana.goto(host.url + '/strict.html');
  assert.match(res?.headers()['content-security-policy'] ?? '', /require-trusted-types-for 'script'/);
  await joinOn(ana, host.url + '/strict.html', 'Ana');
  await joinOn(ben, host.url + '/strict.html', 'Ben');
  await ana.getByRole('button', { name: 'Turn camera on' }).click();
  await ana.getByRole('button', { name: 'Turn camera off' }).waitFor();
  const { width } = await waitForPlayingVideo(ben, 'Ana');
  assert.ok(width > 0);
  const text = `strict hello ${Date.now()}`;
  await ben.getByLabel('Write a message').fill(text);
  await ben.getByRole('button', { name: 'Send' }).click();
  await ana.locator('parlor-chat-panel li', { hasText: text }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await violations(ana), []);
  assert.deepEqual(await violations(ben), []);
  assert.deepEqual(pageErrors.get(ana), [], 'no uncaught error on the page');
  assert.deepEqual(pageErrors.get(ben), [], 'no uncaught error on the page');
  await ana.getByRole('button', { name: 'Leave' }).click();
  await ben.getByRole('button', { name: 'Leave' }).click();
});

test('a viewer page plays a broadcast muted, offers "tap to unmute", counts viewers, and never calls getUserMedia', async () => {
  const star = await joinAsGuest(browser, host.url + '/', 'Star');
  pages.push(star);
  await star.getByRole('button', { name: 'Turn camera on' }).click();
  await star.getByRole('button', { name: 'Turn microphone on' }).click();
  await star.getByRole('button', { name: 'Turn camera off' }).waitFor();
  const viewer = await instrumentedPage([]);
  await viewer.goto(host.url + '/viewer.html');
  await waitForPlayingVideo(viewer, 'Star');
  const unmute = viewer.getByRole('button', { name: 'Tap to unmute' });
  await unmute.waitFor();
  await viewer.locator('audio').first().waitFor({ state: 'attached', timeout: 15_000 });
  assert.equal(await viewer.locator('audio').first().evaluate((a: HTMLAudioElement) => a.muted), true, 'audio starts muted');
  await unmute.click();
  await unmute.waitFor({ state: 'detached' });
  assert.equal(await viewer.locator('audio').first().evaluate((a: HTMLAudioElement) => a.muted), false, 'audio unmuted after the tap');
  // The broadcaster sees the hidden viewer counted, not listed.
  // (Its own words, spaced as written: the build's HTML minifier once ate the space before the "·".)
  await star.getByText(/^\d+ (person|people) · 1 viewer$/).waitFor({ timeout: 15_000 });
  assert.equal(await gumCalls(viewer), 0, 'the viewer page never asked for camera or microphone');
  assert.deepEqual(pageErrors.get(viewer), [], 'no uncaught error on the viewer page');
  await star.getByRole('button', { name: 'Leave' }).click();
});

test('a viewer who presses Watch before the room\'s parts have arrived gets the room, with the keyboard focus on its stage', async () => {
  const viewer = await instrumentedPage([]);
  // The viewer page without `autoplay` (a Watch button), pressed at once. The attribute goes before the
  // element upgrades (serving an edited page through the route instead would make Chromium treat the page
  // as public and refuse its requests to LiveKit on loopback).
  await viewer.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const room = document.querySelector('parlor-room');
      if (!room) return;
      room.removeAttribute('autoplay');
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  // A slow network: the room's parts arrive well after the policy, so Watch draws the room before they are defined.
  await viewer.route('**/room-parts-*.js', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  await viewer.goto(host.url + '/viewer.html');
  await viewer.getByRole('button', { name: 'Watch' }).click();
  await viewer.waitForFunction(
    () => document.querySelector('parlor-room')?.shadowRoot?.querySelector('parlor-room-view')?.shadowRoot?.activeElement?.getAttribute('part') === 'stage',
    undefined,
    { timeout: 20_000 },
  );
  assert.deepEqual(pageErrors.get(viewer), [], 'no uncaught error on the viewer page');
  await viewer.close();
});

test("while the consent step is shown, the room's code downloads but nothing connects, no device is asked and no token is minted", async () => {
  const page = await instrumentedPage(['camera', 'microphone']);
  const requested: string[] = [];
  const sockets: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(host.url + '/');
  await page.getByLabel('Screen name').fill('Reader');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your age').waitFor();
  // The preload runs in the background: both chunks arrive without any click.
  const chunk = (name: string) => requested.some((p) => p.includes(`/chunks/${name}-`));
  const deadline = Date.now() + 15_000;
  while (!(chunk('session') && chunk('room-parts')) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.ok(chunk('room-parts'), `room parts preloaded (requested: ${requested.join(', ')})`);
  assert.ok(chunk('session'), 'livekit-client chunk preloaded');
  await page.waitForTimeout(300);
  assert.deepEqual(sockets, [], 'no connection to LiveKit before Join');
  assert.equal(requested.filter((p) => p.endsWith('/token')).length, 0, 'no token before Join');
  assert.equal(await gumCalls(page), 0, 'no device asked before Join');
  // Join still works from here, and does not fetch the chunks again.
  const before = requested.length;
  await page.getByLabel('Your age').fill('30');
  await page.getByLabel('I accept the privacy terms').check();
  await page.getByRole('button', { name: 'Join room' }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 20_000 });
  assert.equal(requested.slice(before).filter((p) => p.includes('/chunks/')).length, 0, 'no chunk fetched again at Join');
  await page.getByRole('button', { name: 'Leave' }).click();
});
