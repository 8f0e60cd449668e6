import { WebhookReceiver } from 'livekit-server-sdk';
import { toParlorEvent, type ParlorWebhookEvent } from './webhook-events.js';

/** Thrown when a webhook fails verification (missing or bad signature, expired, body tampered). */
export class InvalidWebhookError extends Error {
  override readonly name = 'InvalidWebhookError';
}

/**
 * Verifies a LiveKit webhook on its raw body: the `Authorization` header is a
 * JWT signed with the API secret whose `sha256` claim must match the body.
 * Accepts the header with or without a `Bearer ` prefix.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(await req.text(), req.headers.get('authorization'), { apiKey, apiSecret });
 * if (event.event === 'participant_joined') console.log(event.participant?.identity);
 * ```
 */
export async function verifyWebhook(
  body: string,
  authHeader: string | null | undefined,
  keys: { apiKey: string; apiSecret: string },
): Promise<ParlorWebhookEvent> {
  const token = authHeader?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new InvalidWebhookError('The webhook carries no Authorization header.');
  let raw;
  try {
    raw = await new WebhookReceiver(keys.apiKey, keys.apiSecret).receive(body, token);
  } catch (cause) {
    throw new InvalidWebhookError('The webhook signature is invalid, expired, or does not match the body.', { cause });
  }
  if (!raw.id || !raw.event) throw new InvalidWebhookError('The webhook has no event id or name.');
  return toParlorEvent(raw);
}
