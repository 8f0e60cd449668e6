import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptBody, adoptedBody, fromFetch, fromNode, RawHeaders } from './request.js';

test('RawHeaders reads like Headers.get: any case, repeats joined with ", ", null when absent', () => {
  const raw = ['Content-Type', 'application/json', 'X-Forwarded-For', '10.0.0.1', 'x-forwarded-for', '10.0.0.2', 'Authorization', 'Bearer abc'];
  const ours = new RawHeaders(raw);
  const fetchHeaders = new Headers();
  for (let i = 0; i < raw.length; i += 2) fetchHeaders.append(raw[i]!, raw[i + 1]!);
  for (const name of ['content-type', 'CONTENT-TYPE', 'x-forwarded-for', 'authorization', 'origin']) {
    assert.equal(ours.get(name), fetchHeaders.get(name), name);
  }
  assert.equal(ours.get('x-forwarded-for'), '10.0.0.1, 10.0.0.2');
  assert.equal(ours.get('origin'), null);
});

test('fromNode builds its Fetch Request once, on demand, with the headers and no body', async () => {
  const req = fromNode('http://example.test/api/parlor/token?a=1', 'POST', ['Cookie', 'a=1', 'Origin', 'http://app.test']);
  assert.equal(req.headers.get('cookie'), 'a=1');
  const built = req.request();
  assert.equal(req.request(), built);
  assert.equal(built.url, 'http://example.test/api/parlor/token?a=1');
  assert.equal(built.method, 'POST');
  assert.equal(built.headers.get('origin'), 'http://app.test');
  assert.equal(built.body, null);
});

test('a body adopted for a Fetch Request comes along into fromFetch', () => {
  const body = new TextEncoder().encode('{"a":1}');
  const request = new Request('http://example.test/x', { method: 'post' });
  adoptBody(request, body);
  const kit = fromFetch(request);
  assert.equal(kit.method, 'POST');
  assert.equal(adoptedBody(kit), body);
  assert.equal(adoptedBody(fromFetch(new Request('http://example.test/y'))), undefined);
});
