// What core stores and reports, against the real server kit and LiveKit:
// nothing before consent, "remember me" only after it, analytics only with
// analytics consent and never under Global Privacy Control.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import type { AnalyticsEvent } from './events.js';
import { codeOf, livekit, uniqueRoom } from './test/helpers.js';

/** Everything a page can persist, as a comparable summary. */
async function storageSummary(): Promise<{ local: string[]; session: string[]; cookies: string; idb: string[] }> {
  const keys = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i) ?? '');
  const dbs = await indexedDB.databases();
  return { local: keys(localStorage), session: keys(sessionStorage), cookies: document.cookie, idb: dbs.map((d) => d.name ?? '') };
}
const empty = { local: [], session: [], cookies: '', idb: [] };

function setGpc(on: boolean | undefined): void {
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => on });
}

describe('consent and storage rules (real server kit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    setGpc(undefined);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
    setGpc(undefined);
    localStorage.clear();
  });

  function client(room = uniqueRoom()): RoomClient {
    const c = new RoomClient({ endpoint: '/api/parlor', room, livekit });
    clients.push(c);
    return c;
  }

  it('writes nothing to any storage through policy, consent, join, chat and leave without "remember me"', async () => {
    expect(await storageSummary()).to.deep.equal(empty);
    const c = client();
    await c.loadPolicy();
    expect(await storageSummary()).to.deep.equal(empty);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false }, screenName: 'Moonbeam' });
    await c.join({ screenName: 'Moonbeam' });
    c.sendChat('hi');
    await c.leave();
    expect(await storageSummary()).to.deep.equal(empty);
  });

  it('refuses an age under 13 in the browser with under_age, before any request is made', async () => {
    const c = client();
    const requested: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      requested.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return realFetch.call(window, input, init);
    };
    let caught: unknown;
    try {
      await c.giveConsent({ age: 10, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Tiny' });
    } catch (err) {
      caught = err;
    } finally {
      window.fetch = realFetch;
    }
    expect(caught).to.be.instanceOf(ParlorError);
    expect((caught as ParlorError).code).to.equal('under_age');
    expect(requested.filter((u) => u.includes('/consent')), 'the age never reaches the server').to.deep.equal([]);
    // Not even the policy is fetched: the refusal comes before anything else.
    expect(requested).to.deep.equal([]);
  });

  it('remembers the screen name and receipt only after consent with "remember me", and forgets on withdrawal', async () => {
    const refused = client();
    await refused.giveConsent({ age: 10, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Tiny' }).catch(() => {});
    expect(await storageSummary(), 'nothing stored for a refused (under-age) consent').to.deep.equal(empty);

    const room = uniqueRoom();
    const c = client(room);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    expect((await storageSummary()).local).to.deep.equal(['parlor.remember.v1']);
    const later = client(room);
    expect(later.getState().rememberedName).to.equal('Moonbeam');
    await c.withdrawConsent();
    expect(await storageSummary()).to.deep.equal(empty);
    expect(c.getState().rememberedName).to.equal(undefined);
  });

  it('join() with "remember me" answers whose screenName is undefined remembers the name it joins under', async () => {
    const room = uniqueRoom();
    const c = client(room);
    await c.join({ screenName: 'Moonbeam', consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: undefined } });
    expect(c.getState().rememberedName).to.equal('Moonbeam');
    expect(client(room).getState().rememberedName).to.equal('Moonbeam');
  });

  it('an answer under 13 forgets what "remember me" kept on the device; a consent held in the page stays', async () => {
    const room = uniqueRoom();
    const c = client(room);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    expect((await storageSummary()).local).to.deep.equal(['parlor.remember.v1']);
    expect(await codeOf(c.giveConsent({ age: 10, purposes: { terms: true, broadcast: false, recording: false } }))).to.equal('under_age');
    expect(await storageSummary()).to.deep.equal(empty);
    expect(c.getState().rememberedName).to.equal(undefined);
    expect(c.getState().consent !== undefined).to.equal(true);
  });

  it('an answer under 13 also drops a "remember me" waiting for a join (its name was refused): the next join writes nothing', async () => {
    const c = client();
    const purposes = { terms: true, broadcast: false, recording: false };
    // A staff word is refused for a guest; the consent stands, and "remember me" waits for the join.
    expect(await codeOf(c.join({ screenName: 'Moderator', consent: { age: 30, purposes, remember: true } }))).to.equal('screen_name_reserved');
    expect(await codeOf(c.giveConsent({ age: 10, purposes }))).to.equal('under_age');
    await c.join({ screenName: 'Moonbeam' });
    expect(await storageSummary()).to.deep.equal(empty);
  });

  it('a later consent without "remember me" forgets what an earlier one remembered', async () => {
    const room = uniqueRoom();
    const c = client(room);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    expect((await storageSummary()).local).to.deep.equal(['parlor.remember.v1']);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false }, remember: false });
    expect(await storageSummary()).to.deep.equal(empty);
    expect(c.getState().rememberedName).to.equal(undefined);
    expect(c.getState().consent?.record.purposes.broadcast).to.equal(true);
  });

  it('changeConsent: one answer changes, the rest stay; the same person on the server; what is remembered stays remembered', async () => {
    const room = uniqueRoom();
    const c = client(room);
    const first = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: false }, remember: true, screenName: 'Moonbeam' });
    const changed = await c.changeConsent({ broadcast: true });
    expect(changed.record.purposes).to.deep.equal({ terms: true, broadcast: true, recording: false, analytics: false });
    expect(changed.record.subject, 'the new consent replaces the old one').to.equal(first.record.subject);
    expect(changed.receipt).not.to.equal(first.receipt);
    expect(c.getState().consent).to.deep.equal(changed);
    expect(c.getState().rememberedName).to.equal('Moonbeam');
    expect(JSON.parse(localStorage.getItem('parlor.remember.v1')!).receipt, 'the remembered receipt is the new one').to.equal(changed.receipt);
    // In the room, the server knows the new answer: a moderator could now let this person on camera.
    await c.join({ screenName: 'Moonbeam' });
    expect(c.getState().local?.can.publish).to.equal(true);
  });

  it('changeConsent twice at once: the second builds on the first, so both changes stand', async () => {
    const c = client();
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: false } });
    const [first, second] = await Promise.all([c.changeConsent({ broadcast: true }), c.changeConsent({ recording: true })]);
    expect(first.record.purposes).to.include({ broadcast: true, recording: false });
    expect(second.record.purposes).to.include({ broadcast: true, recording: true });
    expect(c.getState().consent?.record.purposes).to.include({ broadcast: true, recording: true });
    expect(second.record.subject).to.equal(first.record.subject);
  });

  it("changeConsent after another tab answered again with \"remember me\": it replaces that tab's answer, as the same person", async () => {
    const room = uniqueRoom();
    const a = client(room);
    const first = await a.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    // The second tab starts from the remembered answer and replaces it: the first tab's receipt is no longer active.
    const b = client(room);
    const other = await b.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: true, analytics: false }, remember: true, screenName: 'Moonbeam' });
    expect(other.record.subject).to.equal(first.record.subject);
    const changed = await a.changeConsent({ broadcast: true });
    expect(changed.record.subject, 'not a new identity: the room still knows this page as the same person').to.equal(first.record.subject);
    // Only the change asked here: the answers given in the other tab since stand (not this tab's older ones).
    expect(changed.record.purposes).to.deep.equal({ terms: true, broadcast: true, recording: true, analytics: false });
    expect(JSON.parse(localStorage.getItem('parlor.remember.v1')!).receipt).to.equal(changed.receipt);
    await a.join({ screenName: 'Moonbeam' });
    expect(a.getState().local?.identity).to.equal(first.record.subject);
    expect(a.getState().local?.can.publish, 'the server links this page to its new answer').to.equal(true);
  });

  it("changeConsent never takes over someone else's answer remembered on the device: withdrawn, then answered afresh under the same name", async () => {
    const room = uniqueRoom();
    const a = client(room);
    const first = await a.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: true }, remember: true, screenName: 'Moonbeam' });
    // Another tab withdraws (the device forgets), then a fresh answer under the same name: a new person to the server.
    const b = client(room);
    await b.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: true }, remember: true, screenName: 'Moonbeam' });
    await b.withdrawConsent();
    const c = client(room);
    const fresh = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: false }, remember: true, screenName: 'Moonbeam' });
    expect(fresh.record.subject).not.to.equal(first.record.subject);
    const error = await a.changeConsent({ analytics: false }).then(() => undefined, (e: unknown) => e);
    expect((error as ParlorError).code).to.equal('consent_replaced');
    expect(a.getState().consent).to.equal(undefined);
    // The fresh answer is untouched: still the active one (a token for it is issued) and still remembered.
    const token = await fetch('/api/parlor/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room, screenName: 'Moonbeam', receipt: fresh.receipt }),
    });
    expect(token.status).to.equal(200);
    expect(JSON.parse(localStorage.getItem('parlor.remember.v1')!).receipt).to.equal(fresh.receipt);
  });

  it('changeConsent after the answer was withdrawn elsewhere: consent_replaced, no new identity, and the stale answer is forgotten here', async () => {
    const a = client();
    await a.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const held = a.getState().consent!.receipt;
    // Another tab's remembered answer, someone else's on this device: it must survive.
    localStorage.setItem('parlor.remember.v1', JSON.stringify({ screenName: 'Someone', receipt: 'x.y.z' }));
    const withdrawal = await fetch('/api/parlor/consent', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt: held }) });
    expect(withdrawal.status).to.equal(200);
    const changes: unknown[] = [];
    a.on('consentChanged', (c) => changes.push(c));
    const error = await a.changeConsent({ broadcast: true }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ParlorError);
    expect((error as ParlorError).code).to.equal('consent_replaced');
    expect(a.getState().consent).to.equal(undefined);
    expect(changes).to.deep.equal([undefined]);
    expect(JSON.parse(localStorage.getItem('parlor.remember.v1')!).screenName).to.equal('Someone');
  });

  it('withdrawConsent while a changeConsent is on its way withdraws the new answer too: nothing stays active', async () => {
    const room = uniqueRoom();
    const c = client(room);
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const changing = c.changeConsent({ broadcast: true });
    await c.withdrawConsent();
    const changed = await changing;
    expect(c.getState().consent).to.equal(undefined);
    const token = await fetch('/api/parlor/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room, screenName: 'Moonbeam', receipt: changed.receipt }),
    });
    expect(token.status, 'the answer the change made was withdrawn as well').to.equal(403);
  });

  it('a change asked while a withdrawal is on its way finds no consent (a deletion still finds the data): the withdrawal holds, here and on the server', async () => {
    const room = uniqueRoom();
    const c = client(room);
    const given = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    const withdrawing = c.withdrawConsent();
    const change = c.changeConsent({ broadcast: true }).then(() => undefined, (e: unknown) => e);
    const deletion = c.requestDeletion().then(() => undefined, (e: unknown) => e);
    await withdrawing;
    expect(((await change) as ParlorError).code).to.equal('consent_required');
    // A deletion after it still reaches the withdrawn record (the person's data), and deletes it.
    expect(await deletion, 'deleted').to.equal(undefined);
    expect(c.dataAccess).to.equal(false);
    expect(c.getState().consent).to.equal(undefined);
    expect(await storageSummary()).to.deep.equal(empty);
    const token = await fetch('/api/parlor/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room, screenName: 'Moonbeam', receipt: given.receipt }),
    });
    expect(token.status).to.equal(403);
  });

  it('a withdrawal waiting behind a change that never answers can be cancelled; the change then still goes first', async () => {
    const c = client();
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const realFetch = window.fetch;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    window.fetch = async (input, init) => {
      if (String(input).includes('/consent') && init?.method === 'POST') await held;
      return realFetch.call(window, input, init);
    };
    try {
      const change = c.changeConsent({ broadcast: true });
      const abort = new AbortController();
      const withdrawal = c.withdrawConsent(abort.signal).then(() => undefined, (e: unknown) => e);
      setTimeout(() => abort.abort(), 50);
      const outcome = await Promise.race([withdrawal, new Promise((r) => setTimeout(() => r('still waiting after 1 s'), 1000))]);
      expect((outcome as ParlorError).code, String(outcome)).to.equal('aborted');
      // A withdrawal asked after the cancelled one still waits for the change, then withdraws what it made.
      const later = c.withdrawConsent();
      release();
      const changed = await change;
      await later;
      expect(c.getState().consent).to.equal(undefined);
      const token = await realFetch('/api/parlor/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room: changed.record.room, screenName: 'Moonbeam', receipt: changed.receipt }),
      });
      expect(token.status).to.equal(403);
    } finally {
      release();
      window.fetch = realFetch;
    }
  });

  it('join() with a consent withdrawn elsewhere: refused once, the dead answer forgotten (here and on the device), so the next join asks for answers', async () => {
    const room = uniqueRoom();
    const c = client(room);
    const given = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true, screenName: 'Moonbeam' });
    const withdrawal = await fetch('/api/parlor/consent', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt: given.receipt }) });
    expect(withdrawal.status).to.equal(200);
    const error = await c.join({ screenName: 'Moonbeam' }).then(() => undefined, (e: unknown) => e);
    expect((error as ParlorError).code).to.equal('consent_required');
    expect(c.getState().consent).to.equal(undefined);
    expect(await storageSummary(), 'the remembered receipt was the dead one').to.deep.equal(empty);
    await c.join({ screenName: 'Moonbeam', consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false } } });
    expect(c.getState().status).to.equal('connected');
  });

  it('pushed out by the same person joining in another window whose answer replaced this one: the replaced answer is forgotten here, the other window’s stays remembered', async () => {
    const room = uniqueRoom();
    // What this window sends for a token.
    const sent: string[] = [];
    const a = new RoomClient({
      endpoint: '/api/parlor',
      room,
      livekit,
      fetch: (input, init) => {
        if (String(input).endsWith('/token')) sent.push(String(init?.body));
        return fetch(input, init);
      },
    });
    clients.push(a);
    await a.join({ screenName: 'Moonbeam', consent: { age: 30, purposes: { terms: true, broadcast: false, recording: false }, remember: true } });
    const mine = a.getState().consent!.receipt;
    const me = a.getState().local!.identity;
    const ended: string[] = [];
    a.on('consentEnded', () => ended.push('consentEnded'));
    // A listener that joins again at once, as a "Join again" pressed quickly would: it waits for the check.
    let rejoin: Promise<unknown> | undefined;
    const pushedOut = new Promise<void>((resolve) =>
      a.on('disconnected', (why) => {
        if (why !== 'replaced') return;
        rejoin = a.join({ screenName: 'Moonbeam' }).then(() => undefined, (e: unknown) => e);
        resolve();
      }),
    );
    const b = client(room);
    // Starts from the remembered answer (this window's) and replaces it, as the same person.
    await b.join({ screenName: 'Moonbeam', consent: { age: 30, purposes: { terms: true, broadcast: true, recording: false }, remember: true } });
    expect(b.getState().local?.identity).to.equal(me);
    await pushedOut;
    const deadline = Date.now() + 10_000;
    while (a.getState().consent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(a.getState().consent, 'the answer replaced in the other window').to.equal(undefined);
    expect(JSON.parse(localStorage.getItem('parlor.remember.v1')!).receipt, "the other window's answer stays remembered").to.not.equal(mine);
    expect(ended, 'out of the room: the end is the news, not the consent').to.deep.equal([]);
    // The quick rejoin asked for answers; the replaced receipt never went out again.
    expect(((await rejoin) as ParlorError).code).to.equal('consent_required');
    expect(sent.filter((body) => body.includes(mine))).to.deep.equal([]);
  });

  it('see my data after a withdrawal shows this page\'s withdrawn answer, not another one remembered on the device; deleting covers every answer withdrawn here', async () => {
    const room = uniqueRoom();
    const other = client(uniqueRoom());
    const theirs = await other.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const c = client(room);
    const first = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    await c.withdrawConsent();
    const second = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    await c.withdrawConsent();
    // Meanwhile another tab (another room of the site, say) remembered its own answer on the device.
    localStorage.setItem('parlor.remember.v1', JSON.stringify({ screenName: 'Other', receipt: theirs.receipt }));
    const data = await c.myData();
    expect(data.subject, 'the last answer withdrawn here').to.equal(second.record.subject);
    await c.requestDeletion();
    for (const receipt of [first.receipt, second.receipt]) {
      const res = await fetch('/api/parlor/me/data', { headers: { authorization: `Bearer ${receipt}` } });
      expect(((await res.json()) as { receipts?: unknown[] }).receipts ?? [], 'deleted').to.deep.equal([]);
    }
    const res = await fetch('/api/parlor/me/data', { headers: { authorization: `Bearer ${theirs.receipt}` } });
    expect(((await res.json()) as { receipts: unknown[] }).receipts, 'the other answer is untouched').to.have.length(1);
  });

  it('after withdrawing, the person can still see their data and delete it; then nothing is left to reach', async () => {
    const c = client();
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const subject = c.getState().consent!.record.subject;
    await c.withdrawConsent();
    expect(c.getState().consent).to.equal(undefined);
    expect(c.dataAccess, 'the withdrawn record is still theirs to see').to.equal(true);
    const data = await c.myData();
    expect(JSON.stringify(data)).to.include(subject).and.to.include('withdrawn');
    const deleted = await c.requestDeletion();
    expect(deleted.subject).to.equal(subject);
    expect(c.dataAccess).to.equal(false);
    expect(await codeOf(c.myData())).to.equal('consent_required');
  });

  it('a new consent after a withdrawal is a new person to the server: deleting my data deletes both', async () => {
    const c = client();
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const first = c.getState().consent!;
    await c.withdrawConsent();
    await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const second = c.getState().consent!;
    await c.requestDeletion();
    for (const receipt of [first.receipt, second.receipt]) {
      const res = await fetch('/api/parlor/me/data', { headers: { authorization: `Bearer ${receipt}` } });
      const body = (await res.json()) as { receipts?: unknown[] };
      expect(body.receipts ?? [], 'nothing kept for either').to.deep.equal([]);
    }
  });

  it('changeConsent without a consent: consent_required, and nothing is sent', async () => {
    const c = client();
    const requested: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => (requested.push(String(input)), realFetch.call(window, input, init));
    try {
      const error = await c.changeConsent({ broadcast: true }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(ParlorError);
      expect((error as ParlorError).code).to.equal('consent_required');
      await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
      await c.withdrawConsent();
      requested.length = 0;
      const again = await c.changeConsent({ broadcast: true }).then(() => undefined, (e: unknown) => e);
      expect((again as ParlorError).code, 'after a withdrawal too').to.equal('consent_required');
      expect(requested).to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });

  const analyticsCases = [
    { name: 'with analytics consent', analytics: true, gpc: undefined, expected: ['joined', 'message_sent', 'left'] },
    { name: 'without analytics consent', analytics: false, gpc: undefined, expected: [] },
    { name: 'under Global Privacy Control, even with consent ticked', analytics: true, gpc: true, expected: [] },
  ];
  for (const t of analyticsCases) {
    it(`emits analytics events only when allowed: ${t.name}`, async () => {
      setGpc(t.gpc);
      const c = client();
      const seen: AnalyticsEvent['name'][] = [];
      c.on('analytics', (e) => seen.push(e.name));
      const consent = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: t.analytics } });
      // The record the server signed says what was actually agreed.
      expect(consent.record.purposes.analytics).to.equal(t.analytics && !t.gpc);
      // Chromium sends no Sec-GPC header here: the receipt knows of GPC from what core sent.
      expect(consent.record.gpc).to.equal(t.gpc === true);
      await c.join({ screenName: 'Moonbeam' });
      c.sendChat('hello');
      await c.leave();
      expect(seen).to.deep.equal(t.expected);
    });
  }

  it('stops analytics events as soon as Global Privacy Control turns on, whatever the receipt says', async () => {
    const c = client();
    const seen: AnalyticsEvent['name'][] = [];
    c.on('analytics', (e) => seen.push(e.name));
    const consent = await c.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false, analytics: true } });
    expect(consent.record.purposes.analytics).to.equal(true);
    await c.join({ screenName: 'Moonbeam' });
    expect(seen).to.deep.equal(['joined']);
    // The signal changes mid-session (a browser setting or extension): checked when each event would go out.
    setGpc(true);
    c.sendChat('hello');
    await c.leave();
    expect(seen).to.deep.equal(['joined']);
  });
});
