import type { Browser, Page } from 'playwright-core';
import { expect } from './expect.js';

/** Goes through pre-join and consent on the example page as a person would. */
export async function joinAsGuest(
  browser: Browser,
  url: string,
  screenName: string,
  opts: { age?: number; broadcast?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${screenName} page error]`, e));
  page.on('console', (m) => m.type() === 'error' && console.error(`[${screenName} console]`, m.text()));
  await page.goto(url);
  await walkIntoRoom(page, screenName, opts);
  return page;
}

/** On a page showing the pre-join card: screen name, consent, Join; waits for the room's Leave button. */
export async function walkIntoRoom(page: Page, screenName: string, opts: { age?: number; broadcast?: boolean; timeout?: number } = {}): Promise<void> {
  await page.getByLabel('Screen name').fill(screenName);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your age').fill(String(opts.age ?? 30));
  await page.getByLabel('I accept the privacy terms').check();
  if (opts.broadcast ?? true) await page.getByLabel('I agree to appear on camera').check();
  await page.getByRole('button', { name: 'Join room' }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor({ timeout: opts.timeout ?? 20_000 });
}

/** True once the page shows a playing remote video of `identityName`. */
export async function waitForPlayingVideo(page: Page, name: string, timeoutMs = 20_000): Promise<{ width: number; advanced: number }> {
  const video = page.getByLabel(`Video of ${name}`);
  await video.waitFor({ timeout: timeoutMs });
  await page.waitForFunction(
    (el) => el instanceof HTMLVideoElement && el.videoWidth > 0 && el.currentTime > 0,
    await video.elementHandle(),
    { timeout: timeoutMs },
  );
  const first = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.waitForTimeout(700);
  const second = await video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, w: v.videoWidth }));
  expect(second.t > first, `video of ${name} is advancing (${first} → ${second.t})`);
  return { width: second.w, advanced: second.t - first };
}
