// The walking skeleton, end to end: two real Chromium pages open the example
// host page, join `lobby` through the real server kit and a real LiveKit
// server, see each other's video and chat.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { MemoryStore } from '@parlor/server-kit';
import { startHost } from '../host.js';
import type { Host } from '../host.js';
import { livekitEnv } from '../../scripts/testing/env.js';
// @ts-expect-error plain JS helper
import { launchChromium } from '../../scripts/testing/chromium.mjs';
import { joinAsGuest, waitForPlayingVideo } from './helpers.js';

let host: Host;
let browser: Browser;
let alice: Page;
let bob: Page;

before(async () => {
  const lk = livekitEnv();
  host = await startHost({ port: 0, livekit: lk, store: new MemoryStore() });
  browser = (await launchChromium()) as Browser;
});

after(async () => {
  await browser?.close();
  await host?.close();
});

test('two guests join the lobby from the example page', async () => {
  alice = await joinAsGuest(browser, host.url + '/', 'Alice');
  bob = await joinAsGuest(browser, host.url + '/', 'Bob');
  await alice.locator('parlor-participant-list li', { hasText: 'Bob' }).waitFor({ timeout: 15_000 });
  await bob.locator('parlor-participant-list li', { hasText: 'Alice' }).waitFor({ timeout: 15_000 });
});

test("Bob sees Alice's camera actually playing after she turns it on", async () => {
  await alice.getByRole('button', { name: 'Turn camera on' }).click();
  await alice.getByRole('button', { name: 'Turn camera off' }).waitFor();
  const { width, advanced } = await waitForPlayingVideo(bob, 'Alice');
  assert.ok(width > 0, 'video has a width');
  assert.ok(advanced > 0, 'video time advances');
});

test('a chat message from Alice shows on Bob’s page under her screen name', async () => {
  const text = `hello ${Date.now()}`;
  await alice.getByLabel('Write a message').fill(text);
  await alice.getByRole('button', { name: 'Send' }).click();
  const row = bob.locator('parlor-chat-panel li', { hasText: text });
  await row.waitFor({ timeout: 10_000 });
  // The sender shown is exactly her screen name (not her guest_… identity); the text does not contain it.
  assert.equal((await row.locator('.who').textContent())?.trim(), 'Alice');
  // Alice's own copy ends up "sent", not stuck at "sending".
  await alice.locator('parlor-chat-panel li', { hasText: text }).filter({ hasNotText: 'Sending' }).waitFor({ timeout: 10_000 });
});

test("when Bob leaves, Alice's participant list drops him", async () => {
  await bob.getByRole('button', { name: 'Leave' }).click();
  await bob.getByText('You left the room.').waitFor();
  await alice.locator('parlor-participant-list li', { hasText: 'Bob' }).waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await alice.locator('parlor-participant-list li', { hasText: 'Bob' }).count(), 0);
});

test("the owner's invite link gives a moderator menu that removes a guest from the room", async () => {
  const carol = await joinAsGuest(browser, host.url + '/', 'Carol');
  const owner = await joinAsGuest(browser, `${host.url}/?invite=${encodeURIComponent(host.ownerInvite)}`, 'Dana');
  await owner.getByRole('button', { name: 'Actions for Carol' }).click();
  await owner.getByRole('menuitem', { name: 'Remove from room' }).click();
  await carol.getByText('A moderator removed you from the room.').waitFor({ timeout: 15_000 });
  await owner.locator('parlor-participant-list li', { hasText: 'Carol' }).waitFor({ state: 'detached', timeout: 15_000 });
});

test('a guest who declined the camera asks to go live, agrees in the dialog, the owner lets her on, then closes her camera and she is told', async () => {
  const erin = await joinAsGuest(browser, host.url + '/', 'Erin', { broadcast: false });
  const owner = await joinAsGuest(browser, `${host.url}/?invite=${encodeURIComponent(host.ownerInvite)}`, 'Faye');
  // Without the camera consent, the owner could not let her on (403): she is asked first.
  await erin.getByRole('button', { name: 'Ask to go live' }).click();
  const dialog = erin.getByRole('dialog', { name: 'Go live?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'I agree, ask to go live' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await erin.getByRole('button', { name: 'Lower hand' }).waitFor();
  // Her consent now says yes to the camera (the same person on the server).
  const consent = await erin.evaluate(() => (document.querySelector('parlor-room') as unknown as { client: { getState(): { consent?: { record: { purposes: { broadcast: boolean } } } } } }).client.getState().consent?.record.purposes.broadcast);
  assert.equal(consent, true);

  await owner.locator('parlor-participant-list li', { hasText: 'Erin' }).getByText('Hand raised').waitFor({ timeout: 15_000 });
  // Said to the owner too, in the notices (a polite live region), not only marked in the list.
  await owner.locator('parlor-toasts [role=status]').getByText(/^\u2068Erin\u2069 asks to go live\.$/).waitFor({ timeout: 15_000 });
  await owner.getByRole('button', { name: 'Actions for Erin' }).click();
  await owner.getByRole('menuitem', { name: 'Let go live' }).click();
  // And the answer to her: the buttons that replace "Lower hand" do not say it.
  await erin.locator('parlor-toasts [role=status]').getByText('A moderator let you go live: you can turn your camera on.').waitFor({ timeout: 15_000 });
  await erin.getByRole('button', { name: 'Turn camera on' }).click({ timeout: 15_000 });
  await waitForPlayingVideo(owner, 'Erin');

  // The owner closes her camera: she is told who turned it off, not left to wonder.
  await owner.getByRole('button', { name: 'Actions for Erin' }).click();
  await owner.getByRole('menuitem', { name: 'Close camera' }).click();
  await erin.getByText('A moderator turned your camera off.').waitFor({ timeout: 15_000 });
  await erin.getByRole('button', { name: 'Turn camera on' }).waitFor();
});
