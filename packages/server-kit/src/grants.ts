import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Grants, Role } from '@parlor/core/protocol';
import { canModerate } from './options.js';

/** What a role may do at most; consents can only take rights away from it. */
export interface RoleTemplate {
  /** Track sources the role may publish (empty: subscribe only). */
  publishSources: readonly TrackSource[];
  /** Chat and other data messages. */
  canPublishData: boolean;
  /** Invisible to others (viewers). */
  hidden: boolean;
}

const AV = [TrackSource.CAMERA, TrackSource.MICROPHONE] as const;
const ALL = [...AV, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] as const;

/** The role templates: owner and moderator administer, viewer only watches. */
export const ROLE_TEMPLATES: Readonly<Record<Role, RoleTemplate>> = Object.freeze({
  owner: { publishSources: ALL, canPublishData: true, hidden: false },
  moderator: { publishSources: ALL, canPublishData: true, hidden: false },
  broadcaster: { publishSources: ALL, canPublishData: true, hidden: false },
  participant: { publishSources: AV, canPublishData: true, hidden: false },
  viewer: { publishSources: [], canPublishData: false, hidden: true },
});

/** What the person has agreed to, which narrows the role template. */
export interface GrantLimits {
  /** Broadcast (and, where required, recording) consent given: may publish media. */
  mayPublish: boolean;
  /** Terms accepted at the current version: may chat. */
  mayChat: boolean;
}

/**
 * The LiveKit `VideoGrant` for a role in a room, with every field set
 * explicitly so no LiveKit default (e.g. `canPublishData` defaulting to true)
 * ever decides a right.
 */
export function videoGrantFor(room: string, role: Role, limits: GrantLimits): Required<Omit<VideoGrant, 'destinationRoom'>> {
  const t = ROLE_TEMPLATES[role];
  const canPublish = limits.mayPublish && t.publishSources.length > 0;
  return {
    room,
    roomJoin: true,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    // No one, moderators included: it would open LiveKit's room API to the holder, past the kit's
    // rank and consent checks (they could rewrite their own parlor.role). They moderate through the kit.
    roomAdmin: false,
    ingressAdmin: false,
    canPublish,
    canPublishSources: canPublish ? [...t.publishSources] : [],
    canSubscribe: true,
    canPublishData: t.canPublishData && limits.mayChat,
    canUpdateOwnMetadata: false,
    hidden: t.hidden,
    recorder: false,
    agent: false,
    canSubscribeMetrics: false,
    canManageAgentSession: false,
  };
}

/** The wire summary of a role's grant (`grantsSchema`). */
export function summarize(grant: VideoGrant, role: Role): Grants {
  return {
    canPublish: grant.canPublish === true,
    canSubscribe: grant.canSubscribe === true,
    canPublishData: grant.canPublishData === true,
    canModerate: canModerate(role),
    hidden: grant.hidden === true,
  };
}
