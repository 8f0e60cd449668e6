// "Remember me": the only thing Parlor ever writes to browser storage, and
// only after the person consented and asked to be remembered.
import * as z from 'zod/mini';
import { consentRecordSchema, screenNameSchema, type ConsentRecord } from './protocol/index.js';

const KEY = 'parlor.remember.v1';

const rememberedSchema = z.object({
  screenName: screenNameSchema,
  receipt: z.optional(z.string().check(z.maxLength(4096))),
});
export type Remembered = z.infer<typeof rememberedSchema>;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked (third-party iframe, privacy settings)
  }
}

/** Reads what an earlier visit remembered; reading never writes. */
export function readRemembered(): Remembered | undefined {
  const raw = storage()?.getItem(KEY);
  if (!raw) return undefined;
  try {
    const parsed = rememberedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The receipt "remember me" kept, if it was kept under exactly this screen name (someone else on the device is never linked to it). */
export function rememberedUnder(screenName: string | undefined): string | undefined {
  const kept = readRemembered();
  return kept !== undefined && kept.screenName === screenName ? kept.receipt : undefined;
}

export function writeRemembered(value: Remembered): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(value));
  } catch {
    // quota or blocked: remembering is a convenience, never a failure
  }
}

export function forgetRemembered(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // ignore
  }
}

/**
 * The consent record a receipt carries, read without checking its signature
 * (the server kit checks that): only to tell whose answer, for which room,
 * a remembered receipt is before offering it as the one to replace.
 */
export function receiptRecord(receipt: string): ConsentRecord | undefined {
  try {
    const part = receipt.split('.')[1] ?? '';
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const parsed = z.object({ consent: consentRecordSchema }).safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data.consent : undefined;
  } catch {
    return undefined;
  }
}
