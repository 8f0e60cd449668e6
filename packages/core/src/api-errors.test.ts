// How the server kit's failures reach a host page: every token and consent
// failure mode becomes a ParlorError with the right code. The server side is
// mocked with msw (its service worker is served by the dev server) because a
// real server kit cannot be made to answer 500 or garbage on demand.
import { expect } from '@esm-bundle/chai';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import type { ErrorCode } from './protocol/index.js';

interface Case {
  name: string;
  reply: () => Response;
  code: ErrorCode;
  status?: number;
  retryAfter?: number;
}

const body = (status: number, code: string, extra: object = {}, headers: Record<string, string> = {}) => () =>
  HttpResponse.json({ code, message: `refused: ${code}`, ...extra }, { status, headers });

const cases: Case[] = [
  { name: '401 unauthorized', reply: body(401, 'unauthorized'), code: 'unauthorized', status: 401 },
  { name: '401 token rejected', reply: body(401, 'token_rejected'), code: 'token_rejected', status: 401 },
  ...(['forbidden', 'consent_required', 'consent_outdated', 'banned', 'room_locked', 'invalid_invite', 'screen_name_rejected'] as const).map(
    (code): Case => ({ name: `403 ${code}`, reply: body(403, code), code, status: 403 }),
  ),
  { name: '403 with an unknown code falls back to forbidden', reply: body(403, 'no_such_code'), code: 'forbidden', status: 403 },
  { name: '409 room full', reply: body(409, 'room_full'), code: 'room_full', status: 409 },
  { name: '429 with Retry-After', reply: body(429, 'rate_limited', {}, { 'retry-after': '7' }), code: 'rate_limited', status: 429, retryAfter: 7 },
  { name: '429 with retryAfter in the body', reply: body(429, 'rate_limited', { retryAfter: 12 }), code: 'rate_limited', retryAfter: 12 },
  {
    name: '429 from a proxy (plain text) keeps Retry-After',
    reply: () => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '3' } }),
    code: 'rate_limited',
    retryAfter: 3,
  },
  { name: '500 server error', reply: body(500, 'server_error'), code: 'server_error', status: 500 },
  { name: '500 with an HTML page', reply: () => new HttpResponse('<h1>oops</h1>', { status: 500 }), code: 'server_error', status: 500 },
  { name: '502 from a gateway', reply: () => new HttpResponse('bad gateway', { status: 502 }), code: 'server_unreachable', status: 502 },
  { name: 'network error', reply: () => HttpResponse.error(), code: 'server_unreachable' },
  { name: 'malformed JSON with 200', reply: () => new HttpResponse('{"token": ', { status: 200 }), code: 'server_error', status: 200 },
  { name: 'valid JSON of the wrong shape', reply: () => HttpResponse.json({ hello: 'world' }), code: 'server_error', status: 200 },
];

const worker = setupWorker();

describe('server kit failures become ParlorErrors with stable codes', () => {
  before(async () => {
    await worker.start({
      serviceWorker: { url: '/test/msw/mockServiceWorker.js', options: { scope: '/' } },
      quiet: true,
      onUnhandledRequest: 'bypass',
    });
  });
  afterEach(() => worker.resetHandlers());
  after(async () => {
    worker.stop();
    // The worker's scope is the whole origin: leave no trace for later test files.
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });

  for (const endpoint of ['token', 'consent'] as const) {
    for (const c of cases) {
      it(`${endpoint}: ${c.name} → ${c.code}`, async () => {
        worker.use(http.post(`/api/parlor/${endpoint}`, c.reply));
        const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
        const emitted: ParlorError[] = [];
        client.on('error', (e) => emitted.push(e));
        let caught: unknown;
        try {
          if (endpoint === 'token') await client.join({ screenName: 'Moonbeam' });
          else await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
        } catch (e) {
          caught = e;
        }
        expect(caught).to.be.instanceOf(ParlorError);
        const e = caught as ParlorError;
        expect(e.code).to.equal(c.code);
        expect(e.message).to.be.a('string').and.not.equal('');
        if (c.status !== undefined) expect(e.status).to.equal(c.status);
        if (c.retryAfter !== undefined) expect(e.retryAfter).to.equal(c.retryAfter);
        expect(emitted.map((x) => x.code)).to.deep.equal([c.code]);
        if (endpoint === 'token') {
          expect(client.getState().status).to.equal('failed');
          expect(client.getState().error?.code).to.equal(c.code);
        }
      });
    }
  }

  describe('privacy answers of the wrong shape are refused (server_error), not handed on', () => {
    const wrong = () => HttpResponse.json({ hello: 'world' });
    const privacyCases = [
      { name: 'withdrawing', route: http.delete('/api/parlor/consent', wrong), call: (c: RoomClient) => c.withdrawConsent() },
      { name: 'my data', route: http.get('/api/parlor/me/data', wrong), call: (c: RoomClient) => c.myData() },
      { name: 'deletion', route: http.post('/api/parlor/me/deletion', wrong), call: (c: RoomClient) => c.requestDeletion() },
    ];
    for (const p of privacyCases) {
      it(p.name, async () => {
        const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
        await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
        worker.use(p.route);
        const caught = await p.call(client).then(() => undefined, (e: unknown) => e);
        expect((caught as ParlorError | undefined)?.code).to.equal('server_error');
        // Nothing was forgotten on this device on the strength of an answer that was not understood.
        expect(client.getState().consent).to.not.equal(undefined);
      });
    }

    it('my data keeps every field the server sent, also ones this version does not know', async () => {
      const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
      await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
      const answer = { subject: 'guest_x', receipts: [], bans: [], audits: [], invites: [], notes: ['kept by a newer server kit'] };
      worker.use(http.get('/api/parlor/me/data', () => HttpResponse.json(answer)));
      expect(await client.myData()).to.deep.equal(answer);
    });
  });

  it("the host's own headers go with every call, but its Authorization, however written, gives way to the receipt's", async () => {
    const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors', headers: { Authorization: 'Bearer host-session', 'X-CSRF-Token': 'csrf-1' } });
    await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: false, recording: false } });
    const receipt = client.getState().consent!.receipt;
    let seen: Headers | undefined;
    worker.use(
      http.get('/api/parlor/me/data', ({ request }) => {
        seen = request.headers;
        return HttpResponse.json({ subject: 'guest_x', receipts: [], bans: [], audits: [], invites: [] });
      }),
    );
    await client.myData();
    expect(seen?.get('authorization')).to.equal(`Bearer ${receipt}`);
    expect(seen?.get('x-csrf-token')).to.equal('csrf-1');
  });

  describe('join with the consent answers: the receipt is kept whatever happens to the join', () => {
    const record = {
      id: 'r-1', subject: 'guest_kept', room: 'errors', policyVersion: 't1', issuedAt: new Date().toISOString(),
      method: 'web-form:opt-in;analytics:opt-out', gpc: false, purposes: { terms: true, broadcast: false, recording: false, analytics: false },
    };
    const answers = { age: 30, purposes: { terms: true, broadcast: false, recording: false } };
    const answered = (extra: object) => () => HttpResponse.json({ receipt: 'receipt-kept', record, ...extra }, { status: 201 });
    const joinWith = async (client: RoomClient) => client.join({ screenName: 'Moonbeam', consent: answers }).then(() => undefined, (e: unknown) => e as ParlorError);

    for (const c of [
      { name: 'a refusal with a code this version does not know (its HTTP status decides)', extra: { joinError: { status: 403, error: { code: 'from_a_newer_kit', message: 'x' } } }, code: 'forbidden' },
      { name: 'a refusal that is not an error body', extra: { joinError: { status: 409, error: 'full' } }, code: 'conflict' },
      { name: 'a token answer of the wrong shape', extra: { join: { token: 42 } }, code: 'server_error' },
    ]) {
      it(`${c.name} → ${c.code}, one error, the consent kept`, async () => {
        worker.use(http.post('/api/parlor/consent', answered(c.extra)));
        const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
        const emitted: string[] = [];
        client.on('error', (e) => emitted.push(e.code));
        const e = await joinWith(client);
        expect(e?.code).to.equal(c.code);
        expect(emitted).to.deep.equal([c.code]);
        expect(client.getState().status).to.equal('failed');
        expect(client.getState().consent?.receipt).to.equal('receipt-kept');
      });
    }

    it('a leave() while that request is under way waits for its answer: the join is cancelled, the receipt kept', async () => {
      let answer!: () => void;
      const held = new Promise<void>((r) => (answer = r));
      let sent!: () => void;
      const asked = new Promise<void>((r) => (sent = r));
      worker.use(
        http.post('/api/parlor/consent', async () => {
          sent();
          await held;
          return answered({ joinError: { status: 403, error: { code: 'room_locked', message: 'locked' } } })();
        }),
      );
      const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
      const emitted: string[] = [];
      client.on('error', (e) => emitted.push(e.code));
      const joining = joinWith(client);
      await asked;
      const leaving = client.leave();
      answer();
      await leaving;
      expect((await joining)?.code).to.equal('aborted');
      expect(emitted).to.deep.equal([]);
      expect(client.getState().consent?.receipt).to.equal('receipt-kept');
    });
  });

  it('a real answer passes through the worker untouched (the mocks are scoped)', async () => {
    const client = new RoomClient({ endpoint: '/api/parlor', room: 'errors' });
    const policy = await client.loadPolicy();
    expect(policy.termsVersion).to.equal('t1');
  });
});
