// The widget under a strict Content-Security-Policy with Trusted Types
// (`script-src 'self'`, no unsafe-inline or unsafe-eval,
// `require-trusted-types-for 'script'`): two people join through the real
// pre-join and consent steps, one goes on camera, they chat, and the pages
// report 0 `securitypolicyviolation` events and 0 CSP console errors.
//
// The page is the example site's own `/strict.html` (examples/host.ts, the
// widget's published script-tag build with its lazy chunks, STRICT_CSP).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MemoryStore } from '@parlor/server-kit';
import { startHost, STRICT_CSP, type Host } from '../examples/host.js';
import { livekitEnv } from '../scripts/testing/env.js';
import { figure, launch } from './harness/browser.js';
import { walkIntoRoom } from '../examples/e2e/helpers.js';


/** Records every CSP violation the page reports, before any page script runs. */
const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber });
}, true);`;

interface Watched {
  page: Page;
  context: BrowserContext;
  console: string[];
}

let host: Host;
let browser: Browser;
before(async () => {
  host = await startHost({ port: 0, livekit: livekitEnv(), store: new MemoryStore() });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await host?.close();
});

async function open(path: string): Promise<Watched> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(LISTEN);
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (m) => {
    const t = m.text();
    if (/Content Security Policy|Trusted ?Type|TrustedHTML|TrustedScript|unsafe-eval|unsafe-inline/i.test(t)) messages.push(t);
  });
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  const res = await page.goto(host.url + path);
  assert.equal(res?.headers()['content-security-policy'], STRICT_CSP, 'the strict policy is in force');
  return { page, context, console: messages };
}

async function joinThroughUi(w: Watched, name: string): Promise<void> {
  await walkIntoRoom(w.page, name, { timeout: 30_000 });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations);

test('the widget joins, shows video and chats on a strict CSP + Trusted Types page with 0 violations', { timeout: 180_000 }, async () => {
  const ada = await open('/strict.html');
  const bo = await open('/strict.html');
  await joinThroughUi(ada, 'Ada');
  await joinThroughUi(bo, 'Bo');
  await ada.page.getByRole('button', { name: 'Turn camera on' }).click();
  await ada.page.getByRole('button', { name: 'Turn camera off' }).waitFor({ timeout: 20_000 });
  await bo.page.getByLabel('Video of Ada').waitFor({ timeout: 20_000 });
  const text = `strict hello ${Date.now()} https://example.com/?q=<b>x</b>`;
  await ada.page.getByLabel('Write a message').fill(text);
  await ada.page.getByRole('button', { name: 'Send' }).click();
  await bo.page.locator('parlor-chat-panel li', { hasText: 'strict hello' }).waitFor({ timeout: 15_000 });
  const link = await bo.page.locator('parlor-chat-panel li a').first().getAttribute('href');
  await bo.page.getByLabel('Write a message').fill('reply under CSP');
  await bo.page.getByRole('button', { name: 'Send' }).click();
  await ada.page.locator('parlor-chat-panel li', { hasText: 'reply under CSP' }).waitFor({ timeout: 15_000 });
  await ada.page.getByRole('button', { name: 'Leave' }).click();
  await ada.page.waitForTimeout(1_000);
  const found = { ada: await violations(ada.page), bo: await violations(bo.page) };
  const consoleErrors = [...ada.console, ...bo.console];
  figure('strict-csp', { violations: found.ada.length + found.bo.length, consoleCspErrors: consoleErrors.length, details: [...found.ada, ...found.bo].slice(0, 5), console: consoleErrors.slice(0, 5), linkHref: link });
  assert.deepEqual(found, { ada: [], bo: [] }, '0 securitypolicyviolation events');
  assert.deepEqual(consoleErrors, [], '0 CSP or Trusted Types errors in the console');
  await ada.context.close();
  await bo.context.close();
});

test('the listener does see violations on that page (an inline script and an HTML sink are blocked)', async () => {
  const w = await open('/strict.html');
  await w.page.getByLabel('Screen name').waitFor({ timeout: 20_000 });
  const blocked = await w.page.evaluate(() => {
    // Trusted Types refuses the plain string (or script-src blocks the inline script): either way it must not run.
    try {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
    } catch {
      // refused
    }
    let sinkThrew = false;
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
    } catch {
      sinkThrew = true;
    }
    return { ran: (window as unknown as { __ran?: boolean }).__ran === true, sinkThrew };
  });
  await w.page.waitForTimeout(300);
  const v = (await violations(w.page)) as { directive: string }[];
  figure('strict-csp-control', { ...blocked, violations: v.map((x) => x.directive) });
  assert.equal(blocked.ran, false, 'inline script blocked');
  assert.equal(blocked.sinkThrew, true, 'innerHTML with a string is refused (Trusted Types)');
  assert.ok(v.length >= 2, 'both reported as violations');
  await w.context.close();
});
