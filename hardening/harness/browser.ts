// Playwright helpers shared by the hardening tests.
import type { Browser, BrowserContext, Page } from 'playwright-core';
// @ts-expect-error plain JS helper
import { launchChromium } from '../../scripts/testing/chromium.mjs';

export async function launch(args: string[] = []): Promise<Browser> {
  return (await launchChromium({ args: ['--enable-precise-memory-info', ...args] })) as Browser;
}

/** Opens the lab page in a fresh context and waits for the bundle. */
export async function openLab(browser: Browser, url: string, init?: (ctx: BrowserContext) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  if (init) await init(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[lab page error]', e.message));
  await page.goto(url + '/lab.html');
  await page.waitForFunction(() => document.documentElement.dataset['ready'] === 'true', undefined, { timeout: 30_000 });
  return page;
}

/** JS heap used after a forced GC, in bytes (CDP). */
export async function heapAfterGc(page: Page): Promise<number> {
  return (await memoryAfterGc(page)).heap;
}

/**
 * After a forced GC: the JS heap, and what the page holds in all, heap plus
 * ArrayBuffer backing stores (received data chunks live there, outside the heap).
 */
export async function memoryAfterGc(page: Page): Promise<{ heap: number; held: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.detach();
  if (typeof usage.backingStorageSize !== 'number') throw new Error('This Chromium does not report ArrayBuffer backing stores (Runtime.getHeapUsage)');
  return { heap: usage.usedSize, held: usage.usedSize + usage.backingStorageSize };
}

/** Whether the full (non-sampled) counts were asked for. */
export const FULL = process.env['PARLOR_HARDENING_FULL'] === '1';

/** Prints a measured figure in a greppable form for docs/security.md. */
export function figure(name: string, value: unknown): void {
  console.log(`[figure] ${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

