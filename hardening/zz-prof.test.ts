import { after, before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { livekitEnv } from '../scripts/testing/env.js';
import { launch, openLab } from './harness/browser.js';
import { joinClient } from './harness/in-page.js';
import { startLab, type Lab } from './harness/lab.js';

let lab: Lab;
let browser: Browser;
before(async () => { lab = await startLab({ livekit: livekitEnv() }); browser = await launch(); });
after(async () => { await browser?.close(); await lab?.close(); });

const which = process.env['ATTACK'] ?? 'stream';
test('prof', { timeout: 10 * 60_000 }, async () => {
  const lk = livekitEnv();
  const room = `abuse-${Date.now()}`;
  const victim: Page = await openLab(browser, lab.url);
  await joinClient(victim, { room, name: 'Victim' });
  await victim.evaluate(() => {
    const w = window as any;
    const el = document.createElement('parlor-chat-panel') as any;
    el.client = w.clients['Victim'];
    document.getElementById('stage')!.replaceChildren(el);
    w.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask' });
  });
  const attacker: Page = await openLab(browser, lab.url);
  const { token } = (await (await fetch(`${lab.url}/test/token?room=${room}&identity=mallory&name=Mallory`)).json()) as { token: string };
  await attacker.evaluate(async ({ url, token }) => {
    const r = new (window as any).Parlor.LK.Room();
    (window as any).raw = r;
    await r.connect(url, token, { rtcConfig: { iceServers: [] } });
  }, { url: lk.url, token });
  await victim.waitForFunction(() => (window as any).clients['Victim'].livekitRoom.remoteParticipants.has('mallory'), undefined, { timeout: 20_000 });
  const cdp = await browser.newBrowserCDPSession();
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  const done = new Promise((r) => cdp.on('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8'], excludedCategories: ['*'] } as any, transferMode: 'ReportEvents' } as any);
  await victim.evaluate(() => console.timeStamp('VICTIM'));
  await attacker.evaluate(async (which) => {
    const p = (window as any).raw.localParticipant;
    if (which === 'burst') {
      const sends = [];
      for (let i = 0; i < 10_000; i++) sends.push(p.sendText(`spam ${i}`, { topic: 'lk.chat' }));
      await Promise.allSettled(sends);
      return;
    }
    const w = await p.streamText({ topic: 'lk.chat' });
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 50; i++) await w.write(chunk);
    await w.close();
  }, which);
  await victim.waitForTimeout(1000);
  await cdp.send('Tracing.end');
  await done;
  writeFileSync('/tmp/prof/trace.json', JSON.stringify(events));
  console.log('longtasks', JSON.stringify(await victim.evaluate(() => (window as any).__lt)));
});
