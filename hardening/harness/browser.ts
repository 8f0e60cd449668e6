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

export interface MainThreadTasks {
  /** Tasks the page's main thread ran while traced. */
  tasks: number;
  /** The longest task by the main thread's own CPU time, in ms. */
  longestCpuMs: number;
  /** The longest task by wall-clock time, in ms (what a `longtask` observer reports). */
  longestWallMs: number;
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
}

/**
 * Traces every task `page`'s main thread runs until the returned function is
 * called (a Chromium trace, categories `toplevel` and `blink.user_timing`).
 * Both measures are given because a task's wall time also counts the time the
 * OS ran other processes in between: on a shared 2-core machine a task that
 * used 0.5 ms of CPU was seen taking 70 ms of wall time (docs/security.md).
 */
export async function traceMainThread(browser: Browser, page: Page): Promise<() => Promise<MainThreadTasks>> {
  const cdp = await browser.newBrowserCDPSession();
  const marker = `parlor-trace-${Math.random().toString(36).slice(2)}`;
  const tasks: TraceEvent[] = [];
  let thread: string | undefined;
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value as unknown as TraceEvent[]) {
      if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask') tasks.push(e);
      else if (e.name === marker && thread === undefined) thread = `${e.pid}:${e.tid}`;
    }
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'blink.user_timing'], excludedCategories: ['*'] }, transferMode: 'ReportEvents' });
  await page.evaluate((m) => performance.mark(m), marker);
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    if (thread === undefined) throw new Error('The page\'s main thread was not found in the trace');
    const all = tasks.filter((e) => `${e.pid}:${e.tid}` === thread);
    // A few tasks (those cut by the start or end of the trace) come without a CPU time.
    const mine = all.filter((e) => typeof e.tdur === 'number');
    if (mine.length < all.length * 0.99) throw new Error(`The trace has CPU times for only ${mine.length} of the page's ${all.length} tasks`);
    let cpu = 0;
    let wall = 0;
    for (const e of mine) {
      cpu = Math.max(cpu, e.tdur ?? 0);
      wall = Math.max(wall, e.dur ?? 0);
    }
    return { tasks: mine.length, longestCpuMs: Math.round(cpu / 1000), longestWallMs: Math.round(wall / 1000) };
  };
}
