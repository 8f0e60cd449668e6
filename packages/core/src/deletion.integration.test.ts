// "Delete my data" and "remember me" against the real server kit and LiveKit:
// deleting ends every consent the data rested on (as withdrawing does), and a
// new answer on a device that remembered an earlier one replaces it, so no
// receipt of the person is left active where nothing can reach it.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { codeOf, joined, livekit, sleep, uniqueRoom, until } from './test/helpers.js';
import type { RoomState } from './types.js';


/** The next consentChanged's argument. */
const nextConsentChange = (c: RoomClient) => new Promise<unknown>((resolve) => {
  const off = c.on('consentChanged', (consent) => (off(), resolve(consent)));
});
const answers = { age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } };
const REMEMBER_KEY = 'parlor.remember.v1';

describe('deleting my data and "remember me" (real server kit and LiveKit)', function () {
  this.timeout(90_000);
  const clients: RoomClient[] = [];
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
    localStorage.clear();
  });

  /** The previousReceipt of each consent request a client sends ('-' for none). */
  const previousSent: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    if (String(input).endsWith('/consent') && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as { previousReceipt?: string };
      previousSent.push(body.previousReceipt ?? '-');
    }
    return fetch(input, init);
  };

  function client(room: string): RoomClient {
    const c = new RoomClient({ endpoint: '/api/parlor', room, livekit, fetch: recordingFetch });
    clients.push(c);
    return c;
  }

  for (const how of ['withdrawConsent', 'requestDeletion'] as const) {
    it(`${how}() while live takes the camera off the air for the others, and publishing and chat away, for good`, async () => {
      const room = uniqueRoom();
      const p = await joined(room, 'Pippin', { camera: true });
      const o = await joined(room, 'Oriel');
      clients.push(p, o);
      const pIdentity = p.getState().local!.identity;
      const seenAtO = (s: RoomState) => s.participants.find((x) => x.identity === pIdentity);
      await until(o, (s) => !!seenAtO(s)?.camera?.mediaStreamTrack, 20_000, 'P’s camera at O');
      const received: string[] = [];
      o.on('message', (m) => received.push(m.text));
      let endedElsewhere = 0;
      p.on('consentEnded', () => endedElsewhere++);

      await p[how]();
      expect(p.getState().consent).to.equal(undefined);
      await until(p, (s) => s.local?.can.publish === false && s.local.can.chat === false, 15_000, 'P’s rights taken away by LiveKit');
      await until(o, (s) => !seenAtO(s)?.camera, 15_000, 'P’s camera gone at O');

      // Turning the camera on again, or chatting, is refused; nothing reaches O.
      expect(await codeOf(p.setCamera(true))).to.equal('not_allowed');
      expect(await codeOf(() => p.sendChat('still here?'))).to.equal('not_allowed');
      // Even past core's own check, LiveKit publishes nothing: the server took the grant away.
      await Promise.race([p.livekitRoom!.localParticipant.setCameraEnabled(true).catch(() => {}), sleep(5_000)]);
      await sleep(1_500);
      expect(seenAtO(o.getState())?.camera, 'no video of P at O').to.equal(undefined);
      expect(received).to.deep.equal([]);
      expect(p.getState().status).to.equal('connected');
      expect(endedElsewhere, 'its own withdrawal is not news from elsewhere').to.equal(0);
    });
  }

  for (const how of ['withdrawal', 'deletion'] as const) {
    it(`a ${how} in another window while this page is in the room: the page learns its consent ended (consentEnded), forgets it, and stays to watch`, async () => {
      const room = uniqueRoom();
      const p = await joined(room, 'Pippin');
      clients.push(p);
      const receipt = p.getState().consent!.receipt;
      const events: string[] = [];
      p.on('consentChanged', (c) => events.push(c ? 'changed' : 'forgotten'));
      p.on('consentEnded', () => events.push('ended'));
      // Another window of the same person, holding the same receipt (remembered on the device, say).
      const res =
        how === 'withdrawal'
          ? await fetch('/api/parlor/consent', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) })
          : await fetch('/api/parlor/me/deletion', { method: 'POST', headers: { authorization: `Bearer ${receipt}` } });
      expect(res.status).to.equal(200);
      await until(p, (s) => s.consent === undefined, 15_000, 'the ended consent forgotten here');
      expect(events).to.deep.equal(['forgotten', 'ended']);
      expect(p.getState().local?.can.chat).to.equal(false);
      expect(p.getState().status, 'still in the room, to watch and listen').to.equal('connected');
      // The next join asks for consent again instead of presenting the ended one.
      expect(await codeOf(p.changeConsent({ analytics: false }))).to.equal('consent_required');
    });
  }

  it('refreshConsent() out of the room: an answer withdrawn in another window is forgotten, one that stands is kept', async () => {
    const room = uniqueRoom();
    const a = client(room);
    await a.giveConsent({ ...answers, remember: true, screenName: 'Sable' });
    const receipt = a.getState().consent!.receipt;
    expect((await a.refreshConsent())?.receipt, 'still active').to.equal(receipt);
    let ended = 0;
    a.on('consentEnded', () => ended++);
    const res = await fetch('/api/parlor/consent', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
    expect(res.status).to.equal(200);
    const changed = nextConsentChange(a);
    expect(await a.refreshConsent()).to.equal(undefined);
    expect(await changed).to.equal(undefined);
    expect(a.getState().consent).to.equal(undefined);
    expect(localStorage.getItem(REMEMBER_KEY), 'the device forgets the same answer').to.equal(null);
    expect(ended, 'consentEnded is for a page in the room').to.equal(0);
  });

  /** Counts the page's GET /consent checks, once each is answered. */
  const checks: string[] = [];
  const checkingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith('/consent') && init?.method === 'GET') checks.push('GET');
    return res;
  };
  const chatRight = (room: string, identity: string, on: boolean) =>
    fetch(`/test/chat-right?room=${room}&identity=${encodeURIComponent(identity)}&on=${on ? 1 : 0}`, { method: 'POST' }).then((r) => expect(r.status).to.equal(200));

  it('chat taken while the consent still stands (a host\'s own tool): the page asks again a few times, keeps its consent and says nothing', async () => {
    const room = uniqueRoom();
    checks.length = 0;
    const p = await joined(room, 'Quill', {}, { client: { fetch: checkingFetch } });
    clients.push(p);
    const held = p.getState().consent!.receipt;
    let ended = 0;
    p.on('consentEnded', () => ended++);
    await chatRight(room, p.getState().local!.identity, false);
    await until(p, (s) => s.local?.can.chat === false, 15_000, 'chat taken');
    // The first check and its three rechecks (0.5, 1.5 and 3 s apart) all hear `active`.
    const deadline = Date.now() + 15_000;
    while (checks.length < 4 && Date.now() < deadline) await sleep(100);
    await sleep(3_500);
    expect(checks, 'asked once, then three times more, and no more').to.deep.equal(['GET', 'GET', 'GET', 'GET']);
    expect(p.getState().consent?.receipt).to.equal(held);
    expect(ended).to.equal(0);
  });

  it('the kit records the end after the page first asked (a slow store): a recheck finds it, and the remembered answer on the device goes too', async () => {
    const room = uniqueRoom();
    checks.length = 0;
    const p = new RoomClient({ endpoint: '/api/parlor', room, livekit, fetch: checkingFetch });
    clients.push(p);
    await p.giveConsent({ ...answers, remember: true, screenName: 'Wren' });
    await p.join({ screenName: 'Wren' });
    const receipt = p.getState().consent!.receipt;
    expect(localStorage.getItem(REMEMBER_KEY)).to.include(receipt);
    const events: string[] = [];
    p.on('consentEnded', () => events.push('ended'));
    // Chat goes first and the page's first check is answered `active`, as when the kit has not yet marked the receipt.
    await chatRight(room, p.getState().local!.identity, false);
    const deadline = Date.now() + 15_000;
    while (checks.length < 1 && Date.now() < deadline) await sleep(50);
    expect(checks.length, 'asked').to.be.greaterThan(0);
    expect(p.getState().consent?.receipt).to.equal(receipt);
    // Then the other window's withdrawal is recorded.
    const res = await fetch('/api/parlor/consent', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
    expect(res.status).to.equal(200);
    await until(p, (s) => s.consent === undefined, 15_000, 'the ended consent forgotten at a recheck');
    expect(events).to.deep.equal(['ended']);
    expect(localStorage.getItem(REMEMBER_KEY), 'the device forgets the same answer').to.equal(null);
  });

  it('a new answer on a device that remembered an earlier one replaces it: same person, and deleting leaves nothing of it', async () => {
    const room = uniqueRoom();
    // Visit 1: "remember my screen name".
    const first = client(room);
    const r1 = await first.giveConsent({ ...answers, remember: true, screenName: 'Returning Fox' });
    expect(localStorage.getItem(REMEMBER_KEY)).to.include(r1.receipt);

    // Visit 2 (a reload): the consent step is asked again, "remember" unticked, and the join goes with it.
    const second = client(room);
    expect(second.getState().consent).to.equal(undefined);
    previousSent.length = 0;
    await second.join({ screenName: 'Returning Fox', consent: { ...answers, remember: false } });
    expect(previousSent, 'the remembered receipt named as the one replaced').to.deep.equal([r1.receipt]);
    const r2 = second.getState().consent!;
    expect(r2.record.subject, 'the same person on the server').to.equal(r1.record.subject);
    expect(localStorage.getItem(REMEMBER_KEY)).to.equal(null);

    const mine = await second.myData();
    const statuses = Object.fromEntries(
      (mine.receipts as { record: { id: string }; status: string }[]).map((r) => [r.record.id, r.status]),
    );
    expect(statuses).to.deep.equal({ [r1.record.id]: 'superseded', [r2.record.id]: 'active' });
    expect(await codeOf(second.api.token({ room, screenName: 'Returning Fox', receipt: r1.receipt })), 'the old receipt no longer admits').to.equal('consent_required');

    await second.requestDeletion();
    // What the old receipt names is gone too.
    const old = await second.api.myData(r1.receipt);
    expect(old.subject).to.equal(r1.record.subject);
    expect(old.receipts).to.deep.equal([]);
  });

  it('someone else answering on the same device (another name) is never linked to the remembered person', async () => {
    const room = uniqueRoom();
    const alice = client(room);
    const ra = await alice.giveConsent({ ...answers, remember: true, screenName: 'Alice' });
    const bob = client(room);
    previousSent.length = 0;
    await bob.join({ screenName: 'Bob', consent: { ...answers, remember: false } });
    expect(previousSent, "Alice's receipt not offered for Bob").to.deep.equal(['-']);
    const rb = bob.getState().consent!;
    expect(rb.record.subject).to.not.equal(ra.record.subject);
    const hers = await bob.api.myData(ra.receipt);
    expect((hers.receipts as { status: string }[]).map((r) => r.status), "Alice's answer untouched").to.deep.equal(['active']);
  });

  it('"remember me" with a screen name the server refuses remembers the name that then joins, not the refused one', async () => {
    const room = uniqueRoom();
    const c = client(room);
    const refused = await codeOf(c.join({ screenName: 'Support Team', consent: { ...answers, remember: true } }));
    expect(refused).to.equal('screen_name_reserved');
    expect(localStorage.getItem(REMEMBER_KEY) ?? '', 'the refused name is not kept').to.not.include('Support Team');
    expect(c.getState().rememberedName).to.equal(undefined);
    await c.join({ screenName: 'Fern' });
    expect(JSON.parse(localStorage.getItem(REMEMBER_KEY)!).screenName).to.equal('Fern');
    expect(c.getState().rememberedName).to.equal('Fern');
  });

  it('a remembered receipt the server cannot take (another room’s, a forged one) does not stand in the way of a new answer', async () => {
    const roomA = uniqueRoom();
    const roomB = uniqueRoom();
    const a = client(roomA);
    const ra = await a.giveConsent({ ...answers, remember: true, screenName: 'Wanderer' });
    const b = client(roomB);
    previousSent.length = 0;
    const rb = await b.giveConsent({ ...answers, remember: true, screenName: 'Wanderer' });
    expect(rb.record.room).to.equal(roomB);
    expect(rb.record.subject, 'guests are not linked across rooms').to.not.equal(ra.record.subject);
    expect(previousSent, 'offered, refused (another room), answered afresh').to.deep.equal([ra.receipt, '-']);
    expect(localStorage.getItem(REMEMBER_KEY)).to.include(rb.receipt);

    localStorage.setItem(REMEMBER_KEY, JSON.stringify({ screenName: 'Wanderer', receipt: 'e30.e30.forged' }));
    const c = client(roomB);
    previousSent.length = 0;
    const rc = await c.giveConsent({ ...answers, remember: false, screenName: 'Wanderer' });
    expect(rc.record.room).to.equal(roomB);
    expect(previousSent, 'offered, refused (forged), answered afresh').to.deep.equal(['e30.e30.forged', '-']);
    expect(localStorage.getItem(REMEMBER_KEY), 'the unusable entry forgotten').to.equal(null);
  });
});
