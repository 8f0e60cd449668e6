// Captures the documentation screenshots from real Chromium against the
// example host, the real server kit and a real LiveKit server:
//   npx rollup -c rollup.config.mjs --silent
//   node scripts/with-livekit.mjs node --conditions=source --import tsx examples/screenshots.ts
// Writes PNGs into docs/screenshots/.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { MemoryStore } from '@parlor/server-kit';
import { startHost } from './host.js';
import { livekitEnv } from '../scripts/testing/env.js';
// @ts-expect-error plain JS helper
import { launchChromium } from '../scripts/testing/chromium.mjs';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const host = await startHost({ port: 0, livekit: livekitEnv(), store: new MemoryStore() });
const browser = (await launchChromium()) as Browser;

async function page(options: BrowserContextOptions = {}, path = '/'): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1100, height: 760 }, ...options });
  const p = await context.newPage();
  await p.goto(host.url + path);
  await p.locator('parlor-room').waitFor();
  return p;
}

async function shot(p: Page, name: string, fullPage = false) {
  await p.waitForTimeout(400);
  if (fullPage) await p.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
  else await p.locator('parlor-room').screenshot({ path: `${OUT}${name}.png` });
  console.log(`wrote docs/screenshots/${name}.png`);
}

async function join(p: Page, name: string, camera = true, broadcast = true) {
  await p.getByLabel('Screen name').fill(name);
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.getByLabel('Your age').fill('30');
  await p.getByLabel('I accept the privacy terms').check();
  if (broadcast) await p.getByLabel('I agree to appear on camera').check();
  await p.getByRole('button', { name: 'Join room' }).click();
  await p.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 20_000 });
  if (camera) {
    await p.getByRole('button', { name: 'Turn camera on' }).click();
    await p.getByRole('button', { name: 'Turn camera off' }).waitFor();
  }
}

async function say(p: Page, text: string) {
  await p.getByLabel('Write a message').fill(text);
  await p.getByRole('button', { name: 'Send' }).click();
}

try {
  await mkdir(OUT, { recursive: true });

  // A viewer page before anyone is on air: the count, no "Live", nothing to unmute.
  const early = await page({ permissions: [] }, '/viewer.html');
  await early.locator('[part=empty]', { hasText: 'Nobody is live right now.' }).waitFor({ timeout: 20_000 });
  await shot(early, 'viewer-waiting');
  await early.context().close();

  const alice = await page();
  await shot(alice, 'prejoin');
  await alice.getByLabel('Screen name').fill('Moonbeam');
  await alice.getByRole('button', { name: 'Continue' }).click();
  await alice.getByLabel('Your age').waitFor();
  await shot(alice, 'consent');
  await alice.getByRole('button', { name: 'Back' }).click();
  await alice.getByLabel('Screen name').fill('');
  await join(alice, 'Moonbeam');

  const bob = await page({ colorScheme: 'dark' });
  await join(bob, 'Kestrel');
  await say(alice, 'Hi Kestrel! Can you hear me?');
  await say(bob, 'Loud and clear. Slides are at https://example.com/deck');
  await alice.getByLabel('Video of Kestrel').waitFor();
  // A string, not a function: tsx would add helpers the page does not have.
  await alice.waitForFunction(`(() => {
    const find = (root) => [...root.querySelectorAll('video'), ...[...root.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? find(e.shadowRoot) : []))];
    const videos = find(document);
    return videos.length >= 2 && videos.every((v) => v.videoWidth > 0);
  })()`);
  await shot(alice, 'room-two-cameras-chat');
  await bob.locator('parlor-chat-panel li', { hasText: 'Hi Kestrel' }).waitFor();
  await shot(bob, 'dark-theme');

  const viewer = await page({ permissions: [] }, '/viewer.html');
  await viewer.getByRole('button', { name: 'Tap to unmute' }).waitFor({ timeout: 20_000 });
  await viewer.getByLabel('Video of Moonbeam').waitFor();
  await shot(viewer, 'viewer');

  const arabic = await page();
  await arabic.evaluate(() => document.querySelector('parlor-room')!.setAttribute('lang', 'ar'));
  await arabic.getByText('الاسم المعروض').waitFor();
  await arabic.getByLabel('الاسم المعروض').fill('قمر');
  await arabic.getByRole('button', { name: 'متابعة' }).click();
  await arabic.getByLabel('عمرك').waitFor();
  await shot(arabic, 'rtl-arabic');

  // The page's own CSS on forwarded parts (docs/theming.md §3).
  const styled = await page();
  await styled.addStyleTag({
    content: `
      parlor-room { --parlor-color-accent: #0f766e; }
      parlor-room::part(controls-bar) { background: #f0fdfa; }
      parlor-room::part(controls-leave), parlor-room::part(prejoin-button) { border-radius: 999px; text-transform: uppercase; letter-spacing: 0.04em; }
      parlor-room::part(grid-name) { background: #0f766e; color: #fff; border-radius: 999px; }
      parlor-room::part(chat-message) { border-inline-start: 3px solid #0f766e; padding-inline-start: 8px; }
      parlor-room::part(people-heading) { text-transform: uppercase; font-size: 0.8rem; letter-spacing: 0.08em; }
    `,
  });
  await join(styled, 'Sparrow');
  await say(styled, 'Styled from the host page');
  await styled.getByLabel('Video of Moonbeam').waitFor();
  await shot(styled, 'parts-styled');
  await styled.context().close();

  const phone = await page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await join(phone, 'Pocket', false);
  await say(phone, 'On my phone');
  await shot(phone, 'phone-360', true);

  // The person clicks "Block" in the browser's camera prompt: the error toast.
  const blocked = await page();
  await blocked.addInitScript(`navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`);
  await blocked.reload();
  await join(blocked, 'Wren', false);
  await blocked.getByRole('button', { name: 'Turn camera on' }).click();
  await blocked.getByText('Camera or microphone access was blocked').waitFor();
  await shot(blocked, 'toast-camera-blocked');

  // Someone who declined the camera on joining asks to go live: asked first.
  const shy = await page();
  await join(shy, 'Quill', false, false);
  await shy.getByRole('button', { name: 'Ask to go live' }).click();
  await shy.getByRole('dialog', { name: 'Go live?' }).waitFor();
  await shot(shy, 'go-live-question');
  // A link in chat asks first, naming the host it really goes to, in full however long.
  await shy.keyboard.press('Escape');
  await say(bob, 'Claim your prize at https://www.paypal.com.accountsecuritycheckverifyloginnow.example/claim');
  await shy.locator('parlor-chat-panel a', { hasText: 'paypal' }).click();
  await shy.getByRole('dialog', { name: 'Leaving this site' }).waitFor();
  await shot(shy, 'leaving-site', true);
  await shy.keyboard.press('Escape');

  // A name someone in the room already goes by (Moonbeam, in other letters): said on the name field, before any privacy question.
  const copycat = await page();
  await copycat.getByLabel('Screen name').fill('MOONBEAM');
  await copycat.getByRole('button', { name: 'Continue' }).click();
  await copycat.getByText('Someone in the room already goes by that name').waitFor({ timeout: 20_000 });
  await shot(copycat, 'name-taken');
  // A staff-like name: kept for staff, and it says so.
  await copycat.getByLabel('Screen name').fill('Support Team');
  await copycat.getByRole('button', { name: 'Continue' }).click();
  await copycat.getByText('are kept for the room’s staff').waitFor({ timeout: 20_000 });
  await shot(copycat, 'name-reserved');
  await copycat.context().close();

  // The owner removes someone from the people list: told in a notice, since the row just goes.
  const owner = await page({}, `/?invite=${host.ownerInvite}`);
  await join(owner, 'Host', false);
  await owner.getByRole('button', { name: 'Actions for Quill' }).click();
  await owner.getByRole('menuitem', { name: 'Remove from room' }).click();
  await owner.getByText('was removed from the room.').waitFor();
  await shot(owner, 'moderator-removed');

  // After withdrawing consent, the person can still see and delete their data.
  await shy.getByRole('button', { name: 'Join again' }).waitFor();
  const quiet = await page();
  await join(quiet, 'Heron', false, false);
  await quiet.getByRole('button', { name: 'Privacy' }).click();
  await quiet.getByRole('button', { name: 'Withdraw consent' }).click();
  await quiet.getByText('Your consent was withdrawn.').waitFor();
  await quiet.getByRole('button', { name: 'Close' }).click();
  await quiet.getByRole('button', { name: 'Privacy' }).click();
  await quiet.getByText('You withdrew your consent here.').waitFor();
  await shot(quiet, 'privacy-after-withdrawal');

  // A recording the host starts in another room: someone there without recording consent, camera
  // off, is held back but not interrupted; Go on camera asks them to agree.
  const held = await page();
  await held.evaluate("document.querySelector('parlor-room').setAttribute('room', 'studio')");
  await join(held, 'Wren', false);
  await host.parlor.setRecording('studio', true);
  await held.getByRole('button', { name: 'Go on camera' }).click();
  await held.getByRole('dialog', { name: 'This room is being recorded' }).waitFor();
  await shot(held, 'recording-go-on-camera');
} finally {
  await browser.close();
  await host.close();
}
