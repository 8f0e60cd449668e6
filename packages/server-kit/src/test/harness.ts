import { MemoryStore } from '../store/memory.js';
import { createParlorHandler, type ParlorHandler } from '../handler.js';
import type { ParlorOptions } from '../options.js';
import type { ParlorStore } from '../store/types.js';
import { FakeRoomService } from './fake-room-service.js';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const LK = { url: 'ws://lk.test', host: 'http://lk.test', apiKey: 'devkey', apiSecret: 'devsecret-devsecret-devsecret-0123' };
export const ORIGIN = 'http://host.test';

/** A handler on an in-memory store and a fake LiveKit, plus helpers to call it. */
export function setup(overrides: Partial<ParlorOptions> = {}) {
  const rooms = new FakeRoomService();
  const store: ParlorStore = overrides.store ?? new MemoryStore();
  const errors: unknown[] = [];
  const handler: ParlorHandler = createParlorHandler({
    livekit: LK,
    secret: SECRET,
    store,
    roomService: rooms,
    onError: (e) => errors.push(e),
    ...overrides,
  });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    ip = '10.0.0.1',
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await handler(new Request(ORIGIN + '/api/parlor' + path, init), { ip });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  };
  /** Consents for a room and returns the receipt (and subject). */
  const consent = async (
    room = 'lobby',
    purposes: Partial<Record<'terms' | 'broadcast' | 'recording' | 'analytics', boolean>> = {},
    headers: Record<string, string> = {},
  ) => {
    const r = await call('POST', '/consent', {
      room,
      termsVersion: '1',
      age: 30,
      purposes: { terms: true, broadcast: true, recording: true, analytics: false, ...purposes },
    }, headers);
    if (r.status !== 201) throw new Error(`consent failed: ${r.status} ${JSON.stringify(r.body)}`);
    const record = r.body['record'] as { subject: string; id: string };
    return { receipt: r.body['receipt'] as string, subject: record.subject, id: record.id };
  };
  return { handler, rooms, store, errors, call, consent };
}
