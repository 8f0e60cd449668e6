// Consent bypass on the real LiveKit server: a client that skips the widget
// and core's own checks, and calls livekit-client's publish and chat
// directly, is refused by LiveKit because its token lacks the grant. After
// a withdrawal (DELETE /api/parlor/consent) the person's tracks disappear
// from the other participants within 2 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { livekitEnv } from '../scripts/testing/env.js';
import { figure, launch, openLab } from './harness/browser.js';
import { joinClient } from './harness/in-page.js';
import { startLab, type Lab } from './harness/lab.js';

/** What the tests read from a RoomClient and its livekit-client Room inside the page. */
interface RawRoom {
  remoteParticipants: Map<string, { trackPublications: Map<string, unknown> }>;
  localParticipant: {
    identity: string;
    setCameraEnabled(on: boolean): Promise<unknown>;
    sendText(text: string, o: object): Promise<unknown>;
    trackPublications: Map<string, unknown>;
  };
  on(event: string, fn: (...a: unknown[]) => void): void;
}
interface PageClient {
  livekitRoom: RawRoom;
  getState(): { local?: { identity: string; can: { publish: boolean; chat: boolean } }; chat: { toArray(): { text: string }[] } };
  setCamera(on: boolean): Promise<void>;
  sendChat(text: string): unknown;
  withdrawConsent(): Promise<void>;
}
type W = Window & { clients: Record<string, PageClient> };

let lab: Lab;
let browser: Browser;
let termsVersion = 't1';

before(async () => {
  lab = await startLab({
    livekit: livekitEnv(),
    // A function, so a test can publish new terms while receipts for the old ones exist.
    kit: { policy: () => ({ termsUrl: '/terms', termsVersion, requireBroadcastConsent: true, requireRecordingConsent: false }) },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await lab?.close();
});

/** The observer: a consenting participant; what reaches it shows in its core chat log and its Room. */
async function observer(room: string): Promise<Page> {
  const page = await openLab(browser, lab.url);
  await joinClient(page, { room, name: 'Observer', key: 'obs' });
  return page;
}

/** Identity of `key`'s client in `page`. */
const identityOf = (page: Page, key: string) => page.evaluate((k) => (window as unknown as W).clients[k]!.getState().local!.identity, key);

/** Waits until `page`'s observer sees `identity` in the room. */
const seen = (page: Page, identity: string) =>
  page.waitForFunction((id) => (window as unknown as W).clients['obs']!.livekitRoom.remoteParticipants.has(id), identity, { timeout: 20_000 });

/** Tries every way around core's checks: LiveKit's own publish and chat calls. */
function bypass(page: Page, key: string, text: string) {
  return page.evaluate(
    async ([k, text]) => {
      const c = (window as unknown as W).clients[k!]!;
      const lp = c.livekitRoom.localParticipant;
      const outcome = async (p: () => Promise<unknown>) => {
        try {
          await p();
          return 'resolved';
        } catch (e) {
          return `rejected: ${String((e as Error)?.message ?? e).slice(0, 120)}`;
        }
      };
      return {
        coreCan: c.getState().local!.can,
        coreCamera: await outcome(() => c.setCamera(true)),
        rawCamera: await outcome(() => lp.setCameraEnabled(true)),
        rawChat: await outcome(() => lp.sendText(text!, { topic: 'lk.chat', attributes: { 'parlor.id': crypto.randomUUID(), 'parlor.v': '1' } })),
        localTracks: lp.trackPublications.size,
      };
    },
    [key, text],
  );
}

const chatTexts = (page: Page) => page.evaluate(() => (window as unknown as W).clients['obs']!.getState().chat.toArray().map((m) => m.text));
const remoteTracks = (page: Page, identity: string) =>
  page.evaluate((id) => (window as unknown as W).clients['obs']!.livekitRoom.remoteParticipants.get(id)?.trackPublications.size ?? -1, identity);

test('a participant who refused broadcasting cannot publish by calling livekit-client directly; its chat (terms accepted) still works', { timeout: 120_000 }, async () => {
  const room = `bypass-cam-${Date.now()}`;
  const obs = await observer(room);
  const page = await openLab(browser, lab.url);
  await joinClient(page, { room, name: 'NoCamera', key: 'nocam', broadcast: false });
  const id = await identityOf(page, 'nocam');
  await seen(obs, id);
  const r = await bypass(page, 'nocam', 'chat with terms accepted');
  // The control: this token may chat, so the same raw call does reach the observer.
  await obs.waitForFunction((t) => (window as unknown as W).clients['obs']!.getState().chat.toArray().some((m) => m.text === t), 'chat with terms accepted', { timeout: 15_000 });
  await obs.waitForTimeout(3_000);
  const tracks = await remoteTracks(obs, id);
  figure('consent-bypass-no-broadcast', { ...r, tracksAtObserver: tracks });
  assert.equal(r.coreCan.publish, false, 'core knows the token cannot publish');
  assert.match(r.coreCamera, /^rejected/, 'core refuses');
  assert.match(r.rawCamera, /^rejected/, 'LiveKit refuses the raw publish');
  assert.equal(tracks, 0, 'no track ever reaches the observer');
  await page.context().close();
  await obs.context().close();
});

test('an anonymous viewer (no consent) cannot publish or chat by calling livekit-client directly', { timeout: 120_000 }, async () => {
  const room = `bypass-viewer-${Date.now()}`;
  const obs = await observer(room);
  const page = await openLab(browser, lab.url);
  await page.evaluate(async (room) => {
    const w = window as unknown as W & { Parlor: Window['Parlor'] };
    const client = new w.Parlor.RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    await client.join({ screenName: 'Lurker', mode: 'viewer' });
    (w.clients ??= {})['viewer'] = client as unknown as PageClient;
  }, room);
  const id = await identityOf(page, 'viewer');
  assert.match(id, /^viewer_/);
  const r = await bypass(page, 'viewer', 'viewer says hi');
  // A consenting sender's later message arrives: the observer was listening all along.
  const ctl = await openLab(browser, lab.url);
  await joinClient(ctl, { room, name: 'Control', key: 'ctl' });
  await ctl.evaluate(() => (window as unknown as W).clients['ctl']!.sendChat('control after the viewer'));
  await obs.waitForFunction(() => (window as unknown as W).clients['obs']!.getState().chat.toArray().some((m) => m.text === 'control after the viewer'), undefined, { timeout: 15_000 });
  await obs.waitForTimeout(2_000);
  const texts = await chatTexts(obs);
  const tracks = await remoteTracks(obs, id);
  figure('consent-bypass-viewer', { ...r, tracksAtObserver: tracks, observerChat: texts });
  assert.deepEqual(r.coreCan, { publish: false, chat: false, moderate: false, subscribe: true }, 'core knows the token can only watch');
  assert.match(r.rawCamera, /^rejected/, 'LiveKit refuses the raw publish');
  assert.ok(!texts.includes('viewer says hi'), 'the raw chat message never reaches anyone');
  assert.ok(tracks <= 0, 'no track ever reaches the observer (the hidden viewer has none)');
  await ctl.context().close();
  await page.context().close();
  await obs.context().close();
});

test('a receipt for outdated terms gets no token at all', async () => {
  const room = `bypass-terms-${Date.now()}`;
  const page = await openLab(browser, lab.url);
  const r = await page.evaluate(async (room) => {
    const w = window as unknown as W & { Parlor: Window['Parlor'] };
    const client = new w.Parlor.RoomClient({ endpoint: '/api/parlor', room, livekit: { connectOptions: { rtcConfig: { iceServers: [] } } } });
    const consent = await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } });
    (window as unknown as { receipt: string }).receipt = consent.receipt;
    return consent.record.policyVersion;
  }, room);
  assert.equal(r, 't1');
  termsVersion = 't2';
  try {
    const res = await page.evaluate(async (room) => {
      const receipt = (window as unknown as { receipt: string }).receipt;
      const res = await fetch('/api/parlor/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room, screenName: 'Oldterms', receipt }) });
      return { status: res.status, body: (await res.json()) as { code?: string; token?: string } };
    }, room);
    figure('consent-bypass-outdated-terms', { status: res.status, code: res.body.code });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'consent_outdated');
    assert.equal(res.body.token, undefined);
  } finally {
    termsVersion = 't1';
  }
  await page.context().close();
});

test('after consent withdrawal the person’s tracks disappear from the others within 2 s, and raw chat stops reaching them', { timeout: 120_000 }, async () => {
  const room = `bypass-withdraw-${Date.now()}`;
  const obs = await observer(room);
  const page = await openLab(browser, lab.url);
  await joinClient(page, { room, name: 'Leaver', key: 'pub' });
  const id = await identityOf(page, 'pub');
  await page.evaluate(async () => {
    const c = (window as unknown as W).clients['pub']!;
    await c.setCamera(true);
  });
  await obs.waitForFunction((id) => ((window as unknown as W).clients['obs']!.livekitRoom.remoteParticipants.get(id)?.trackPublications.size ?? 0) > 0, id, { timeout: 20_000 });
  // The observer stamps the moment the last of the person's tracks is gone.
  await obs.evaluate((id) => {
    const room = (window as unknown as W).clients['obs']!.livekitRoom;
    const w = window as unknown as { goneAt?: number };
    room.on('trackUnpublished', () => {
      if ((room.remoteParticipants.get(id)?.trackPublications.size ?? 0) === 0) w.goneAt ??= Date.now();
    });
  }, id);
  const startedAt = await page.evaluate(async () => {
    const t = Date.now();
    await (window as unknown as W).clients['pub']!.withdrawConsent();
    return t;
  });
  await obs.waitForFunction(() => (window as unknown as { goneAt?: number }).goneAt !== undefined, undefined, { timeout: 10_000, polling: 20 });
  const goneAt = await obs.evaluate(() => (window as unknown as { goneAt: number }).goneAt);
  const ms = goneAt - startedAt;
  // The withdrawn person's raw chat does not reach anyone any more, nor does a raw publish.
  const after = await bypass(page, 'pub', 'after withdrawal');
  await obs.waitForTimeout(2_000);
  const texts = await chatTexts(obs);
  const tracks = await remoteTracks(obs, id);
  figure('consent-withdrawal', { tracksGoneMs: ms, rawCameraAfter: after.rawCamera, rawChatAfter: after.rawChat, tracksAtObserverAfter: tracks });
  assert.ok(ms < 2_000, `tracks gone after ${ms} ms`);
  assert.equal(tracks, 0);
  assert.ok(!texts.includes('after withdrawal'), 'chat after withdrawal never arrives');
  await page.context().close();
  await obs.context().close();
});
