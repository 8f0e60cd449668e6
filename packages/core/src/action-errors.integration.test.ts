// Actions whose LiveKit call fails reject with a ParlorError (a code a UI can
// explain), report it as an 'error' event, and change nothing locally.
import { expect } from '@esm-bundle/chai';
import type { RoomClient } from './client.js';
import { ParlorError } from './errors.js';
import { joined, uniqueRoom, until } from './test/helpers.js';

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => 'resolved', (e: unknown) => e);
}

describe('failing actions (real server kit and LiveKit)', function () {
  this.timeout(60_000);
  let client: RoomClient;
  let errors: string[];
  beforeEach(async () => {
    client = await joined(uniqueRoom(), 'Heron');
    errors = [];
    client.on('error', (e) => errors.push(e.code));
  });
  afterEach(() => client.leave());

  /** Makes the local participant's data sends fail as livekit-client's do when the data channel is gone. */
  function breakSends() {
    const lp = client.livekitRoom!.localParticipant;
    lp.sendText = () => Promise.reject(new Error('data channel closed (simulated)'));
  }

  it('raiseHand: a ParlorError and an error event, and the hand is not shown raised', async () => {
    breakSends();
    const e = await failure(client.raiseHand(true));
    expect(e).to.be.instanceOf(ParlorError);
    expect(errors).to.deep.equal(['network']);
    expect(client.getState().local?.handRaised).to.equal(false);
  });

  it('deleteMessage: a ParlorError and an error event, and the message is not shown deleted', async () => {
    const m = client.sendChat('to be deleted');
    await until(client, (s) => s.chat.get(0)?.status === 'sent', 15_000, 'sent');
    breakSends();
    const e = await failure(client.deleteMessage(m.id));
    expect(e).to.be.instanceOf(ParlorError);
    expect(errors).to.deep.equal(['network']);
    expect(client.getState().chat.get(0)?.deleted).to.equal(false);
  });

  it('deleteMessage of an unknown id: not_found, reported as an error event too', async () => {
    const e = await failure(client.deleteMessage('no-such-id'));
    expect((e as ParlorError).code).to.equal('not_found');
    expect(errors).to.deep.equal(['not_found']);
  });

  it('startAudio: a ParlorError when the browser refuses', async () => {
    client.livekitRoom!.startAudio = () => Promise.reject(new DOMException('play() was refused (simulated)', 'NotAllowedError'));
    const e = await failure(client.startAudio());
    expect(e).to.be.instanceOf(ParlorError);
    expect(errors).to.deep.equal(['audio_blocked']);
  });
});
