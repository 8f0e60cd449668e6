// join(), leave() and reset() called in quick succession, as double clicks
// and impatient pages call them: one connection at a time, and the state
// always says where the client really is.
import { expect } from '@esm-bundle/chai';
import { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import { eventually, joined, livekit, sleep, uniqueRoom, until } from './test/helpers.js';

/** A client whose token requests are counted. */
async function consented(room: string) {
  let tokenRequests = 0;
  const counting: typeof fetch = (input, init) => {
    if (String(input).endsWith('/token')) tokenRequests++;
    return fetch(input, init);
  };
  const client = new RoomClient({ endpoint: '/api/parlor', room, livekit, fetch: counting });
  await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false } });
  return { client, tokens: () => tokenRequests };
}

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof ParlorError ? e.code : `not a ParlorError: ${String(e)}`));

describe('join, leave and reset in quick succession (real server kit and LiveKit)', function () {
  this.timeout(60_000);
  const clients: RoomClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.leave().catch(() => {});
  });

  it('a second join() while the first is under way is refused (conflict): one token, one connection', async () => {
    const { client, tokens } = await consented(uniqueRoom());
    clients.push(client);
    const first = client.join({ screenName: 'Heron' });
    const second = await codeOf(client.join({ screenName: 'Heron' }));
    expect(second).to.equal('conflict');
    await first;
    expect(client.getState().status).to.equal('connected');
    expect(tokens()).to.equal(1);
    await client.leave();
    expect(client.livekitRoom).to.equal(undefined);
  });

  it('join() with a signal that is already aborted asks for no token', async () => {
    const { client, tokens } = await consented(uniqueRoom());
    clients.push(client);
    expect(await codeOf(client.join({ screenName: 'Heron', signal: AbortSignal.abort() }))).to.equal('aborted');
    expect(tokens()).to.equal(0);
    expect(client.getState().status).to.not.equal('connected');
  });

  it('join() right after a leave() that is still under way ends connected', async () => {
    const client = await joined(uniqueRoom(), 'Heron');
    clients.push(client);
    const statuses: string[] = [];
    client.on('statusChanged', (s) => statuses.push(s));
    client.sendChat('sent just before leaving');
    const left = client.leave();
    await client.join({ screenName: 'Heron' });
    await left;
    await sleep(1_500);
    // The old connection is over before the new one starts, and says so once.
    expect(statuses).to.deep.equal(['disconnected', 'authorizing', 'connecting', 'connected']);
    expect(client.getState().status).to.equal('connected');
    expect(client.livekitRoom?.state).to.equal('connected');
  });

  it('leave(), join(), leave(): the second leave() cancels the join that waited for the first', async () => {
    const client = await joined(uniqueRoom(), 'Heron');
    clients.push(client);
    const first = client.leave();
    const join = codeOf(client.join({ screenName: 'Heron' }));
    const second = client.leave();
    await Promise.all([first, second]);
    expect(await join).to.equal('aborted');
    await sleep(1_500);
    expect(client.getState().status).to.equal('disconnected');
    expect(client.livekitRoom).to.equal(undefined);
  });

  it('a join() waiting for a leave() rejects as soon as its own signal aborts', async () => {
    // A token answer that takes 1.5 s whatever the signal says: the leave() that
    // cancels this first join waits that long for it to unwind.
    const slow: typeof fetch = async (input, init) => {
      const answer = fetch(input, { ...init, signal: null });
      await sleep(1_500);
      return answer;
    };
    const client = new RoomClient({ endpoint: '/api/parlor', room: uniqueRoom(), livekit, fetch: slow });
    clients.push(client);
    await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false } });
    void client.join({ screenName: 'Heron' }).catch(() => {});
    await sleep(100);
    let leaveDone = false;
    const left = client.leave().then(() => (leaveDone = true));
    const abort = new AbortController();
    const join = codeOf(client.join({ screenName: 'Heron', signal: abort.signal }));
    await sleep(100); // waiting for the leave
    abort.abort();
    expect(await join).to.equal('aborted');
    expect(leaveDone, 'rejected before the leave was over').to.equal(false);
    await left;
    expect(client.getState().status).to.equal('disconnected');
  });

  it('once connected, a slow camera prompt keeps neither leave() nor a rejoin after a lost connection waiting', async () => {
    const { client } = await consented(uniqueRoom());
    clients.push(client);
    let prompts = 0;
    // A camera prompt the person has not answered yet.
    client.setCamera = () => {
      prompts++;
      return sleep(3_000);
    };
    const first = client.join({ screenName: 'Heron', camera: true });
    await until(client, (s) => s.status === 'connected', 15_000, 'connected');
    let rejoin: Promise<unknown> | undefined;
    client.on('disconnected', () => (rejoin = codeOf(client.join({ screenName: 'Heron' }))));
    await client.livekitRoom!.disconnect();
    expect(await rejoin).to.equal(undefined);
    expect(client.getState().status).to.equal('connected');
    const started = performance.now();
    await client.leave();
    expect(performance.now() - started, 'leave() did not wait for the prompt').to.be.below(2_000);
    await first;
    expect(prompts).to.equal(1);
  });

  it('a camera prompt of a lost connection, answered after the rejoin, leaves the new room’s state alone', async () => {
    const room = uniqueRoom();
    const { client } = await consented(room);
    const other = await joined(room, 'Egret');
    clients.push(client, other);
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    let answer!: () => void;
    const prompt = new Promise<void>((resolve) => (answer = resolve));
    let opened = 0;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      opened++;
      const stream = await real(constraints);
      await prompt;
      return stream;
    };
    try {
      const first = client.join({ screenName: 'Heron', camera: true });
      await eventually(() => opened > 0, 15_000, 'the camera prompt');
      let rejoin: Promise<unknown> | undefined;
      client.on('disconnected', () => (rejoin = codeOf(client.join({ screenName: 'Heron' }))));
      await client.livekitRoom!.disconnect();
      expect(await rejoin).to.equal(undefined);
      await until(client, (s) => s.participants.some((p) => p.name === 'Egret'), 15_000, 'Egret in the new room');
      const errors: string[] = [];
      client.on('error', (e) => errors.push(e.code));
      answer();
      await first;
      await sleep(1_000);
      const s = client.getState();
      expect(s.status).to.equal('connected');
      expect(s.participants.map((p) => p.name).sort()).to.deep.equal(['Egret', 'Heron']);
      expect(s.local?.camera).to.equal(false);
      expect(errors, 'nothing reported for the old connection').to.deep.equal([]);
    } finally {
      navigator.mediaDevices.getUserMedia = real;
    }
  });

  it('a statusChanged listener may join() again after a failed join', async () => {
    const room = uniqueRoom();
    let refuse = true;
    const flaky: typeof fetch = (input, init) => {
      if (refuse && String(input).endsWith('/token')) {
        refuse = false;
        return Promise.reject(new TypeError('network down'));
      }
      return fetch(input, init);
    };
    const client = new RoomClient({ endpoint: '/api/parlor', room, livekit, fetch: flaky });
    clients.push(client);
    await client.giveConsent({ age: 30, purposes: { terms: true, broadcast: true, recording: false } });
    let retry: Promise<unknown> | undefined;
    client.on('statusChanged', (s) => {
      if (s === 'failed') retry = codeOf(client.join({ screenName: 'Heron' }));
    });
    expect(await codeOf(client.join({ screenName: 'Heron' }))).to.equal('server_unreachable');
    expect(retry).to.not.equal(undefined);
    expect(await retry).to.equal(undefined);
    expect(client.getState().status).to.equal('connected');
  });

  it('a join() from a statusChanged listener starts after the ended connection has told every listener', async () => {
    const client = await joined(uniqueRoom(), 'Heron');
    clients.push(client);
    const seen: string[] = [];
    let rejoin: Promise<unknown> | undefined;
    client.on('statusChanged', (s) => {
      seen.push(s);
      if (s === 'disconnected' && !rejoin) rejoin = codeOf(client.join({ screenName: 'Heron' }));
    });
    client.on('disconnected', () => seen.push('event: disconnected'));
    await client.livekitRoom!.disconnect();
    await until(client, (s) => s.status === 'connected', 15_000, 'rejoined');
    expect(await rejoin).to.equal(undefined);
    expect(seen).to.deep.equal(['disconnected', 'event: disconnected', 'authorizing', 'connecting', 'connected']);
  });

  it('a disconnected listener may reset() and join() again', async () => {
    const room = uniqueRoom();
    const client = await joined(room, 'Heron');
    clients.push(client);
    const seen: string[] = [];
    client.on('disconnected', () => {
      client.reset();
      seen.push(client.getState().status);
    });
    await client.livekitRoom!.disconnect();
    await until(client, (s) => s.status === 'idle', 5_000, 'reset to idle');
    expect(seen).to.deep.equal(['idle']);
    await client.join({ screenName: 'Heron' });
    expect(client.getState().status).to.equal('connected');
  });
});
