// What calling code hands the client is checked before anything is sent or
// changed: a slip is `bad_request` with zod's issues, thrown to the caller
// (no `error` event), never a TypeError or another refusal.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import type { ConsentAnswers, JoinOptions } from './client-options.js';
import { ParlorError } from './errors.js';

function client() {
  const asked: string[] = [];
  const errors: string[] = [];
  const c = new RoomClient({
    endpoint: '/api/parlor',
    room: 'lobby',
    fetch: async (input) => {
      asked.push(String(input));
      return new Response(JSON.stringify({ code: 'server_error', message: 'not here' }), { status: 500, headers: { 'content-type': 'application/json' } });
    },
  });
  c.on('error', (e) => errors.push(e.code));
  return { c, asked, errors };
}

/** What `run` threw or rejected with, as code, issue paths and message. */
async function refusal(run: () => unknown): Promise<{ code: string; paths: string[]; message: string }> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof ParlorError)) return { code: `not a ParlorError: ${String(e)}`, paths: [], message: '' };
    return { code: e.code, paths: (e.issues ?? []).map((i) => i.path.join('.')), message: e.message };
  }
  return { code: 'nothing thrown', paths: [], message: '' };
}

const purposes = { terms: true, broadcast: false, recording: false };
/** Bad on purpose: what a page's untyped code can pass. */
const loose = <T>(value: unknown) => value as T;

describe('inputs checked before anything is sent', () => {
  it('a RoomClient without an endpoint, or without options, is bad_request at once', async () => {
    const noEndpoint = await refusal(() => new RoomClient(loose({ room: 'lobby' })));
    expect(noEndpoint.code).to.equal('bad_request');
    expect(noEndpoint.paths).to.deep.equal(['endpoint']);
    expect((await refusal(() => new RoomClient(loose(null)))).code).to.equal('bad_request');
  });

  const answers: { name: string; value: unknown; paths: string[] }[] = [
    { name: 'an age as a string (an input’s value)', value: { age: '30', purposes }, paths: ['age'] },
    { name: 'an age with a fraction', value: { age: 30.5, purposes }, paths: ['age'] },
    { name: 'an age that is not a number', value: { age: Number.NaN, purposes }, paths: ['age'] },
    { name: 'an age over the oldest on record', value: { age: 121, purposes }, paths: ['age'] },
    { name: 'no purposes', value: { age: 30 }, paths: ['purposes'] },
    { name: 'a purpose that is not true or false', value: { age: 30, purposes: { ...purposes, broadcast: 'yes' } }, paths: ['purposes.broadcast'] },
    { name: 'nothing at all', value: undefined, paths: [''] },
    // Dropped, a misspelt opt-out would leave analytics at its default: on.
    { name: 'a misspelt purpose (analytic: false)', value: { age: 30, purposes: { ...purposes, analytic: false } }, paths: ['purposes'] },
    { name: 'a key it does not know', value: { age: 30, purposes, rememberMe: true }, paths: [''] },
  ];
  for (const a of answers) {
    it(`giveConsent with ${a.name}: bad_request naming it, not under_age, and nothing asked of the server`, async () => {
      const { c, asked, errors } = client();
      const r = await refusal(() => c.giveConsent(loose<ConsentAnswers>(a.value)));
      expect(r.code).to.equal('bad_request');
      expect(r.paths).to.deep.equal(a.paths);
      expect(r.message).to.match(/^Consent answers: /);
      expect(asked).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      expect(c.getState().consent === undefined).to.equal(true);
    });
  }

  it('a bad answer is refused at once, not after the consent calls already waiting', async () => {
    // A server that never answers: the first consent waits for ever (for its policy).
    const c = new RoomClient({ endpoint: '/api/parlor', room: 'lobby', fetch: () => new Promise<Response>(() => {}) });
    void c.giveConsent({ age: 30, purposes }).catch(() => {});
    const waited = new Promise<string>((r) => setTimeout(() => r('waited'), 1_000));
    expect((await Promise.race([refusal(() => c.giveConsent(loose<ConsentAnswers>({ age: '30', purposes }))), waited]) as { code?: string }).code).to.equal('bad_request');
    expect((await Promise.race([refusal(() => c.changeConsent(loose({ broadcast: 1 }))), waited]) as { code?: string }).code).to.equal('bad_request');
  });

  it('a whole age under 13 is still under_age (and reported), with nothing sent', async () => {
    const { c, asked, errors } = client();
    expect((await refusal(() => c.giveConsent({ age: 12, purposes }))).code).to.equal('under_age');
    expect(errors).to.deep.equal(['under_age']);
    expect(asked).to.deep.equal([]);
  });

  it('changeConsent with a purpose that is not true or false: bad_request', async () => {
    const { c, asked } = client();
    const r = await refusal(() => c.changeConsent(loose({ broadcast: 'yes' })));
    expect(r.code).to.equal('bad_request');
    expect(r.paths).to.deep.equal(['broadcast']);
    expect(asked).to.deep.equal([]);
  });

  const joins: { name: string; value: unknown; paths: string[] }[] = [
    { name: 'a mode that does not exist', value: { screenName: 'Zed', mode: 'god' }, paths: ['mode'] },
    { name: 'no screen name', value: { mode: 'viewer' }, paths: ['screenName'] },
    { name: 'consent answers with a string age', value: { screenName: 'Zed', consent: { age: '30', purposes } }, paths: ['consent.age'] },
    { name: 'camera as a string', value: { screenName: 'Zed', camera: 'on' }, paths: ['camera'] },
    { name: 'no options', value: undefined, paths: [''] },
    { name: 'a misspelt option (Camera)', value: { screenName: 'Zed', Camera: true }, paths: [''] },
    { name: 'a signal that is not an AbortSignal', value: { screenName: 'Zed', signal: {} }, paths: ['signal'] },
  ];
  for (const j of joins) {
    it(`join with ${j.name}: bad_request, nothing asked, still idle`, async () => {
      const { c, asked, errors } = client();
      const r = await refusal(() => c.join(loose<JoinOptions>(j.value)));
      expect(r.code).to.equal('bad_request');
      expect(r.paths).to.deep.equal(j.paths);
      expect(asked).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      expect(c.getState().status).to.equal('idle');
    });
  }

  it('a join refused for its signal leaves the client free to join: the next join is not a conflict', async () => {
    const { c } = client();
    expect((await refusal(() => c.join(loose<JoinOptions>({ screenName: 'Zed', signal: {} })))).code).to.equal('bad_request');
    // The test server answers 500: the join gets that far.
    expect((await refusal(() => c.join({ screenName: 'Zed' }))).code).to.equal('server_error');
  });

  it('changeConsent with a misspelt purpose: bad_request, not a change of nothing', async () => {
    const { c, asked } = client();
    const r = await refusal(() => c.changeConsent(loose({ broadcst: false })));
    expect(r.code).to.equal('bad_request');
    expect(asked).to.deep.equal([]);
  });

  it('every signal taken must be an AbortSignal: anything else is bad_request, with nothing sent', async () => {
    const { c, asked, errors } = client();
    const bad = loose<AbortSignal>({ aborted: false });
    const calls: [string, () => unknown][] = [
      ['loadPolicy', () => c.loadPolicy(bad)],
      ['giveConsent', () => c.giveConsent({ age: 30, purposes }, bad)],
      ['changeConsent', () => c.changeConsent({ broadcast: true }, bad)],
      ['withdrawConsent', () => c.withdrawConsent(bad)],
      ['refreshConsent', () => c.refreshConsent(bad)],
      ['myData', () => c.myData(bad)],
      ['requestDeletion', () => c.requestDeletion(bad)],
      ['checkScreenName', () => c.checkScreenName('Zed', { signal: bad })],
    ];
    for (const [name, run] of calls) expect(`${name}: ${(await refusal(run)).code}`).to.equal(`${name}: bad_request`);
    expect(asked).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    // A real one is taken.
    expect((await refusal(() => c.loadPolicy(new AbortController().signal))).code).to.equal('server_error');
  });

  it('checkScreenName and the moderation actions check what they are given before asking the server', async () => {
    const { c, asked } = client();
    expect((await refusal(() => c.checkScreenName(loose<string>(42)))).code).to.equal('bad_request');
    expect((await refusal(() => c.checkScreenName('Zed', loose({ invte: 'x' })))).code).to.equal('bad_request');
    // The string 'false' is not false: it must not lock the room.
    expect((await refusal(() => c.lockRoom(loose<boolean>('false')))).code).to.equal('bad_request');
    expect((await refusal(() => c.setSlowMode(loose<number>('5')))).code).to.equal('bad_request');
    expect((await refusal(() => c.setSlowMode(-1))).code).to.equal('bad_request');
    expect((await refusal(() => c.kick(loose<string>(42)))).code).to.equal('bad_request');
    expect(asked).to.deep.equal([]);
    // Well-formed, they get the refusal any in-room action gets outside a room.
    expect((await refusal(() => c.lockRoom(false))).code).to.equal('not_connected');
  });

  it('switchDevice takes a device kind and an id: anything else is bad_request, before not_connected', async () => {
    const { c } = client();
    expect((await refusal(() => c.switchDevice(loose<MediaDeviceKind>('bogus'), 'x'))).code).to.equal('bad_request');
    expect((await refusal(() => c.switchDevice('videoinput', loose<string>(42)))).code).to.equal('bad_request');
    expect((await refusal(() => c.switchDevice('videoinput', 'x'))).code).to.equal('not_connected');
  });

  it('listDevices: a browser that refuses to list devices is a ParlorError (camera_denied), reported', async () => {
    const { c, errors } = client();
    const devices = navigator.mediaDevices;
    const real = devices.enumerateDevices;
    devices.enumerateDevices = () => Promise.reject(new DOMException('blocked', 'NotAllowedError'));
    try {
      expect((await refusal(() => c.listDevices())).code).to.equal('camera_denied');
    } finally {
      devices.enumerateDevices = real;
    }
    expect(errors).to.deep.equal(['camera_denied']);
  });

  it('sendChat with something that is not text throws bad_request (before not_connected)', async () => {
    const { c, errors } = client();
    for (const value of [42, undefined, { text: 'hi' }]) {
      const r = await refusal(() => c.sendChat(loose<string>(value)));
      expect(r.code).to.equal('bad_request');
      expect(r.message).to.match(/^A chat message: /);
    }
    expect((await refusal(() => c.sendChat('hello'))).code).to.equal('not_connected');
    expect(errors).to.deep.equal([]);
  });

  it('camera, microphone, screen and hand take true or false: anything else is bad_request', async () => {
    const { c } = client();
    expect((await refusal(() => c.setCamera(loose<boolean>('yes')))).code).to.equal('bad_request');
    expect((await refusal(() => c.setMicrophone(loose<boolean>(1)))).code).to.equal('bad_request');
    expect((await refusal(() => c.setScreenShare(loose<boolean>(null)))).code).to.equal('bad_request');
    expect((await refusal(() => c.raiseHand(loose<boolean>('up')))).code).to.equal('bad_request');
    // Well-formed, they get the refusal they always had out of a room.
    expect((await refusal(() => c.setCamera(false))).code).to.equal('not_connected');
  });
});
