import type { ConsentRecord, Policy, Purposes } from '@parlor/core/protocol';
import type { PolicyOption, RoomPolicy } from './options.js';

/** The age below which nobody may join and nothing about them is kept (COPPA, GDPR art. 8 floor). */
export const ABSOLUTE_MINIMUM_AGE = 13;

/** A room's full policy: what the browser is told plus server-only rules. */
export interface ResolvedPolicy extends Policy {
  allowAnonymousViewers: boolean;
  /** Never sent to the browser: the age is asked neutrally, and a child must not learn what to answer. */
  minimumAge: number;
  maxParticipants: number | undefined;
}

/** Defaults for every room a host does not configure. */
export const DEFAULT_POLICY: Required<Pick<RoomPolicy, 'minimumAge' | 'termsVersion' | 'termsUrl' | 'requireBroadcastConsent' | 'requireRecordingConsent' | 'allowAnonymousViewers'>> = {
  minimumAge: 18,
  termsVersion: '1',
  termsUrl: '',
  requireBroadcastConsent: true,
  requireRecordingConsent: true,
  allowAnonymousViewers: true,
};

/** Merges the host's policy for `room` over the defaults; a minimum age below 13 is raised to 13. */
export async function resolvePolicy(option: PolicyOption | undefined, room: string, allowGuests: boolean): Promise<ResolvedPolicy> {
  const host: RoomPolicy = (typeof option === 'function' ? await option(room) : option) ?? {};
  const p: ResolvedPolicy = {
    room,
    termsUrl: host.termsUrl ?? DEFAULT_POLICY.termsUrl,
    termsVersion: host.termsVersion ?? DEFAULT_POLICY.termsVersion,
    minimumAge: Math.max(ABSOLUTE_MINIMUM_AGE, Math.floor(host.minimumAge ?? DEFAULT_POLICY.minimumAge)),
    requireBroadcastConsent: host.requireBroadcastConsent ?? DEFAULT_POLICY.requireBroadcastConsent,
    requireRecordingConsent: host.requireRecordingConsent ?? DEFAULT_POLICY.requireRecordingConsent,
    allowGuests,
    allowAnonymousViewers: host.allowAnonymousViewers ?? DEFAULT_POLICY.allowAnonymousViewers,
    maxParticipants: host.maxParticipants,
  };
  if (host.privacyUrl !== undefined) p.privacyUrl = host.privacyUrl;
  if (host.jurisdiction !== undefined) p.jurisdiction = host.jurisdiction;
  return p;
}

/** The policy as the browser sees it (`policySchema`): the minimum age and server-only limits left out. */
export function publicPolicy(p: ResolvedPolicy): Policy & { allowAnonymousViewers: boolean } {
  const { maxParticipants: _max, minimumAge: _age, ...rest } = p;
  return rest;
}

/**
 * Whether consents allow publishing media: broadcast consent where the
 * policy requires it, and recording consent where the policy requires it
 * up front **or** the room is being recorded right now.
 */
export function mayPublishWith(p: ResolvedPolicy, purposes: Purposes, recording: boolean): boolean {
  const broadcastOk = !p.requireBroadcastConsent || purposes.broadcast;
  const recordingOk = !(p.requireRecordingConsent || recording) || purposes.recording;
  return broadcastOk && recordingOk;
}

/** Consent (and whether the room is being recorded right now) decides what a role may actually do. */
export function limitsFor(policy: ResolvedPolicy, record: ConsentRecord, recording: boolean): { mayPublish: boolean; mayChat: boolean } {
  const p = record.purposes;
  return { mayPublish: mayPublishWith(policy, p, recording), mayChat: p.terms && record.policyVersion === policy.termsVersion };
}
