// What calling code hands the client, checked with zod before anything is
// sent or changed: a slip there (an age read from an input as a string, a
// misspelt mode, a missing endpoint) is `bad_request` with the issues, as the
// server kit answers bad input, never a TypeError from deep inside, and never
// another refusal (a string age is not "under age"). Thrown, not reported as
// an `error` event: the caller's own mistake, told to the caller.
import * as z from 'zod/mini';
import { ErrorCode, ParlorError } from './errors.js';
import { joinModeSchema, MAX_AGE, toIssues } from './protocol/index.js';

const flag = z.optional(z.boolean());
// Signals are checked by hand (signalError): zod's custom type would add 0.2 KB gz to the page.
const signal = /* @__PURE__ */ z.optional(z.unknown());

// Strict objects: a misspelt key is refused, not dropped (`analytic: false` must not leave
// analytics at its default, on).
const purposes = /* @__PURE__ */ z.strictObject({ terms: z.boolean(), broadcast: z.boolean(), recording: z.boolean(), analytics: flag });
// Written out: z.partial(purposes) would pull in 0.33 KB gz of zod for four optional flags.
const change = /* @__PURE__ */ z.strictObject({ terms: flag, broadcast: flag, recording: flag, analytics: flag });

const consentAnswers = /* @__PURE__ */ z.strictObject({
  age: /* @__PURE__ */ z.int().check(z.minimum(0), z.maximum(MAX_AGE)),
  purposes,
  remember: flag,
  screenName: z.optional(z.string()),
});

/** What each checked entry point takes (its name in messages, and the schema). */
export const Input = {
  /** `new RoomClient(options)`: a room and the server kit's endpoint, as strings. */
  options: /* @__PURE__ */ z.object({ room: z.string(), endpoint: z.string() }),
  consent: consentAnswers,
  /** `changeConsent`: some of the purposes. */
  change,
  join: /* @__PURE__ */ z.strictObject({
    screenName: z.string(),
    mode: z.optional(joinModeSchema),
    camera: flag,
    microphone: flag,
    invite: z.optional(z.string()),
    consent: z.optional(consentAnswers),
    signal,
  }),
  /** `checkScreenName`'s options. */
  check: /* @__PURE__ */ z.strictObject({ invite: z.optional(z.string()), signal }),
  text: /* @__PURE__ */ z.string(),
  on: /* @__PURE__ */ z.boolean(),
  /** `switchDevice`'s kind and device. */
  device: /* @__PURE__ */ z.object({ kind: z.enum(['videoinput', 'audioinput', 'audiooutput']), deviceId: z.string() }),
  /** What a moderation action names: someone, a reason, whole seconds. */
  moderation: /* @__PURE__ */ z.strictObject({ target: z.optional(z.string()), reason: z.optional(z.string()), seconds: z.optional(z.int().check(z.minimum(0))) }),
};

/** `bad_request` (with the issues, the first one in the message) unless `value` fits `schema`. */
export function inputError(schema: z.ZodMiniType, value: unknown, what: string): ParlorError | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issues = toIssues(parsed.error.issues);
  const first = issues[0];
  return new ParlorError(ErrorCode.BadRequest, `${what}: ${first ? `${first.path.join('.') || 'value'}: ${first.message}` : 'not valid'}.`, { issues });
}

/** `bad_request` unless `value` is an AbortSignal (by its shape: one from another frame is one too) or nothing. */
export function signalError(value: unknown, what = 'signal'): ParlorError | undefined {
  if (value !== undefined && typeof (value as AbortSignal | null)?.addEventListener != 'function') {
    return new ParlorError(ErrorCode.BadRequest, `${what}: not an AbortSignal.`, { issues: [{ code: 'custom', path: ['signal'], message: 'Not an AbortSignal' }] });
  }
}

/** Throws {@link signalError}'s error when there is one. */
export function checkSignal(value: unknown): void {
  const error = signalError(value);
  if (error) throw error;
}

/** Throws {@link inputError}'s error when there is one. */
export function checkInput(schema: z.ZodMiniType, value: unknown, what: string): void {
  const error = inputError(schema, value, what) ?? signalError((value as { signal?: unknown } | null)?.signal, what);
  if (error) throw error;
}
