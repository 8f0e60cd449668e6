// Child process of bench/server-kit.mjs: the two HTTP servers under load, on
// loopback, in their own process so the load tool does not share its event loop.
//   1. Parlor's token route (createParlorHandler + toNodeHandler, MemoryStore), with the
//      real LiveKit server the parent started (PARLOR_BENCH_LIVEKIT): the route asks it
//      who is in the room, to keep screen names unique;
//   2. a bare node:http server answering a constant JSON body;
//   3. a minimal minting server: node:http that parses the JSON body and
//      answers a token from the kit's mintToken, with no validation, consent
//      or store (what any token route must at least do; a reference point).
// Prints one JSON line: { kit, bare, mint, receipt, room }.
import { createServer } from 'node:http';
import { createParlorHandler, MemoryStore, mintToken } from '@parlor/server-kit';
import { toNodeHandler } from '@parlor/server-kit/node';
import { RoomServiceClient } from 'livekit-server-sdk';

const secret = 'bench-secret-'.padEnd(48, 'x');
const livekit = JSON.parse(process.env.PARLOR_BENCH_LIVEKIT ?? 'null');
if (!livekit) throw new Error('PARLOR_BENCH_LIVEKIT is not set: run bench/server-kit.mjs, which starts LiveKit.');
const handler = createParlorHandler({
  livekit,
  secret,
  store: new MemoryStore(),
  allowGuests: true,
  guestRole: 'participant',
  // Measures the route, not the limiter: one client hammers it with one receipt.
  rateLimit: false,
  policy: { termsUrl: '/terms', privacyUrl: '/terms', termsVersion: 'bench-1', minimumAge: 16, requireRecordingConsent: false },
});
const node = toNodeHandler(handler);
const kit = createServer((req, res) =>
  node(req, res, () => res.writeHead(404).end('not found')),
);
const CONSTANT = JSON.stringify({ token: 'x'.repeat(400), url: 'ws://127.0.0.1:7880', identity: 'guest_constant' });
const bare = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(CONSTANT));
});
const livekitKey = { apiKey: 'benchkey', apiSecret: 'bench-livekit-secret-'.padEnd(48, 'y') };
const mint = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString());
    void mintToken({ ...livekitKey, room: String(body.room), identity: 'guest_minimal', name: String(body.screenName), role: 'participant', limits: { mayPublish: true, mayChat: true } }).then((t) => {
      const text = JSON.stringify({ token: t.token, url: 'ws://127.0.0.1:7880', identity: 'guest_minimal' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) }).end(text);
    });
  });
});
const listen = (s) => new Promise((r) => s.listen(0, '127.0.0.1', () => r(s.address().port)));
const kitPort = await listen(kit);
const barePort = await listen(bare);
const mintPort = await listen(mint);

// One consent receipt (a guest), as a visitor's browser would hold it, for a room that exists in
// LiveKit (empty: a lookup answers the list, not "no such room").
const room = 'bench-room';
await new RoomServiceClient(livekit.host, livekit.apiKey, livekit.apiSecret).createRoom({ name: room, emptyTimeout: 600 });
const consent = await fetch(`http://127.0.0.1:${kitPort}/api/parlor/consent`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ room, termsVersion: 'bench-1', age: 30, purposes: { terms: true, broadcast: true, recording: false, analytics: false } }),
});
const consentBody = await consent.json();
if (!consent.ok) {
  console.error('consent failed', consent.status, consentBody);
  process.exit(1);
}
const receipt = consentBody.receipt;
const check = await fetch(`http://127.0.0.1:${kitPort}/api/parlor/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ room, screenName: 'bench_fox', receipt }),
});
const checkBody = await check.json();
if (!check.ok || !checkBody.token) {
  console.error('token failed', check.status, checkBody);
  process.exit(1);
}
console.log(JSON.stringify({ kit: kitPort, bare: barePort, mint: mintPort, receipt, room, tokenBytes: JSON.stringify(checkBody).length }));
