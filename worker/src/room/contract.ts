/**
 * What the rest of the Worker may ask of a ConversationRoom (its RPC methods)
 * and how it hands over a viewer's identity. The room's internals stay behind it.
 */
import { z } from 'zod';
import {
  AUDIENCE_LIMITS,
  CONVERSATION_LIMITS,
  INTERJECTION_LIMITS,
  PERSONA_LIMITS,
  PERSONA_NAME_PATTERN,
  TURN_MODES,
  type ErrorStatus,
  type RoomState,
  type RoomStatus,
  type TurnMode,
} from '../contract/index.ts';
import type { Persona } from '../personas/seed.ts';
import { PROVIDER_IDS, type ProviderId } from '../providers/types.ts';
import { plainText } from '../text-schema.ts';

export { TURN_MODES, type RoomState, type RoomStatus, type StopReason, type TurnMode } from '../contract/index.ts';

/** A persona as it takes part in one room: its provider and model may differ from its defaults. */
export interface RoomPersona extends Omit<Persona, 'defaultProvider' | 'defaultModel'> {
  provider: ProviderId;
  model: string;
}

/** Everything a room needs to run its conversation; the conversation row exists in Postgres. */
export interface RoomSettings {
  conversationId: string;
  title: string;
  /** What the personas talk about. */
  topic: string;
  mode: TurnMode;
  /** 2 to 6 personas, distinct names. */
  personas: RoomPersona[];
  /** The conversation stops (cleanly) after this many AI turns. */
  maxTurns: number;
  /** USD; crossing it ends the conversation gracefully (closing remarks, then stop). */
  budgetUsd: number;
  /** Providers tried after a persona's own, in order; default DEFAULT_FALLBACK_ORDER. */
  fallbackOrder?: ProviderId[];
  /** The owner opted into the exact-match reply cache (cache/reply-cache.ts openReplyCache); default false. */
  replyCache?: boolean;
  /**
   * Run in rounds of this many turns (the demo room): a round that ends at
   * maxTurns while anyone watches, or a viewer arriving after it ended,
   * starts the next one (maxTurns grows by roundTurns). Absent: stop at maxTurns.
   */
  roundTurns?: number;
  /** The audience votes on who speaks next after each turn (room/next-speaker-vote.ts); default false. */
  voteNext?: boolean;
  /** The top audience suggestion becomes the Moderator's nudge every this many AI turns (room/suggestions.ts); 0 or absent: never. */
  suggestionEvery?: number;
}

/** What the admin stats ask of a live room (observability/live-rooms.ts). */
export interface RoomMetrics {
  status: RoomStatus;
  viewers: number;
  /** Outbox rows (messages, provider calls) not yet in Postgres. */
  outboxPending: number;
  /** Outbox rows Postgres refused for good, set aside in the room's quarantine (outbox.ts). */
  outboxQuarantined: number;
  turns: number;
  costUsd: number;
}

/** A signed-in viewer's words, entering the context. */
export interface Interjection {
  userId: string;
  username: string;
  text: string;
}

/** A control the room refused, as data: its code (ROOM_ERROR_STATUS maps it to HTTP) and a readable message. */
export interface RoomRefusal {
  ok: false;
  code: RoomErrorCode;
  message: string;
}

/** What a control answers across RPC: its value, or its refusal. */
export type RoomResult<T> = { ok: true; value: T } | RoomRefusal;

/**
 * The room's RPC surface (`env.ROOMS.get(env.ROOMS.idFromName(conversationId))`).
 * A control answers a RoomResult: the new state, or a typed refusal; only a
 * failure of the room itself (unreachable, crashed) rejects.
 */
export interface RoomControl {
  /** Sets or replaces the settings; allowed while idle, paused or stopped (else invalid_transition); invalid_settings names the field. */
  configure(settings: RoomSettings): Promise<RoomResult<RoomState>>;
  /** idle or stopped → running (a stopped room continues its conversation); not_configured, limit_reached when maxTurns or the budget is already used up. */
  start(): Promise<RoomResult<RoomState>>;
  /** running → paused; a message already streaming finishes, no new turn starts. */
  pause(): Promise<RoomResult<RoomState>>;
  /** paused (by its owner or for lack of viewers) → running. */
  resume(): Promise<RoomResult<RoomState>>;
  /** idle, running or paused → stopped (reason `owner`); a message streaming now is discarded. */
  stop(): Promise<RoomResult<RoomState>>;
  /** Adds the interjection (not while stopped); the next speaker answers it. Answers its sequence number. */
  interject(interjection: Interjection): Promise<RoomResult<{ seq: number }>>;
  state(): Promise<RoomState>;
  /** Figures for the operator's dashboard; never wakes a turn. */
  metrics(): Promise<RoomMetrics>;
}

/**
 * The request header by which the Worker tells the room who a WebSocket viewer
 * is, as JSON `{ userId, username }`, after checking the session cookie; absent
 * for anonymous viewers. The Worker drops any such header a client sends.
 */
export const VIEWER_HEADER = 'x-chimera-viewer';

/**
 * The request header by which the Worker tells the room a WebSocket viewer's
 * network (`ipIdentifier` of cache/rate-limit.ts: an IPv4 address, an IPv6
 * /64), from the address the platform saw; absent when it saw none. The
 * Worker drops any such header a client sends. An anonymous viewer reacts
 * once per kind per message from one network (room/reactions.ts).
 */
export const VIEWER_NETWORK_HEADER = 'x-chimera-viewer-network';

/** The identity carried by VIEWER_HEADER. */
export interface Viewer {
  userId: string;
  username: string;
}

/** VIEWER_HEADER's JSON, checked by the room. */
export const viewerSchema = z.object({
  userId: z.string().min(1).max(100),
  username: z.string().min(1).max(100),
}) satisfies z.ZodType<Viewer>;

/** A text field of the room's settings under the one text rule; newlines only where `multiline`. */
const text = (range: { min: number; max: number }, options: { multiline?: boolean } = {}) =>
  plainText(range.min, range.max, options);

/** A RoomPersona as `configure` accepts it. */
export const roomPersonaSchema = z.object({
  name: z.string().regex(PERSONA_NAME_PATTERN),
  displayName: text(PERSONA_LIMITS.displayName),
  systemPrompt: text(PERSONA_LIMITS.systemPrompt, { multiline: true }),
  temperature: z.number().min(PERSONA_LIMITS.temperature.min).max(PERSONA_LIMITS.temperature.max),
  style: text(PERSONA_LIMITS.style),
  avgLength: z.int().min(PERSONA_LIMITS.avgLength.min).max(PERSONA_LIMITS.avgLength.max),
  traits: z.array(text(PERSONA_LIMITS.trait)).min(PERSONA_LIMITS.traits.min).max(PERSONA_LIMITS.traits.max),
  avatar: text(PERSONA_LIMITS.avatar),
  color: z.string().length(PERSONA_LIMITS.color.max),
  provider: z.enum(PROVIDER_IDS),
  model: z.string().min(PERSONA_LIMITS.model.min).max(PERSONA_LIMITS.model.max),
}) satisfies z.ZodType<RoomPersona>;

/** RoomSettings as `configure` accepts them: the limits of the API (contract/limits.ts); maxTurns counts from the room's turns so far. */
export const roomSettingsSchema = z.object({
  conversationId: z.uuid(),
  title: text(CONVERSATION_LIMITS.title),
  topic: text(CONVERSATION_LIMITS.topic, { multiline: true }),
  mode: z.enum(TURN_MODES),
  personas: z
    .array(roomPersonaSchema)
    .min(CONVERSATION_LIMITS.personas.min)
    .max(CONVERSATION_LIMITS.personas.max)
    .refine(
      (personas) => new Set(personas.map((persona) => persona.name.toLowerCase())).size === personas.length,
      'persona names must be distinct',
    ),
  maxTurns: z.int().min(CONVERSATION_LIMITS.maxTurns.min),
  budgetUsd: z.number().min(CONVERSATION_LIMITS.budgetUsd.min).max(CONVERSATION_LIMITS.budgetUsd.max),
  fallbackOrder: z.array(z.enum(PROVIDER_IDS)).max(PROVIDER_IDS.length).optional(),
  replyCache: z.boolean().optional(),
  roundTurns: z.int().min(1).max(1000).optional(),
  voteNext: z.boolean().optional(),
  suggestionEvery: z.int().min(AUDIENCE_LIMITS.suggestionEvery.min).max(AUDIENCE_LIMITS.suggestionEvery.max).optional(),
}) satisfies z.ZodType<RoomSettings>;

/** An Interjection as `interject` accepts it. */
export const interjectionSchema = z.object({
  userId: z.string().min(1).max(100),
  username: z.string().min(1).max(100),
  text: text(INTERJECTION_LIMITS.text, { multiline: true }),
}) satisfies z.ZodType<Interjection>;

/** Why a control was refused. */
export const ROOM_ERROR_CODES = [
  'invalid_settings',
  'not_configured',
  'invalid_transition',
  'limit_reached',
  'invalid_interjection',
] as const;
export type RoomErrorCode = (typeof ROOM_ERROR_CODES)[number];

/** The HTTP status an API route should answer for each RoomErrorCode. */
export const ROOM_ERROR_STATUS = {
  invalid_settings: 400,
  not_configured: 409,
  invalid_transition: 409,
  limit_reached: 409,
  invalid_interjection: 400,
} as const satisfies { [C in RoomErrorCode]: ErrorStatus<C> };

/** `input` parsed by `schema`; else a RoomControlError with `code` naming the first invalid field (`what` when it is the whole input). */
export function parseOrRefuse<T>(schema: z.ZodType<T>, input: unknown, code: RoomErrorCode, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RoomControlError(code, `${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}`);
}

/** A refused control inside the room; room.ts turns it into a RoomRefusal at the RPC boundary. */
export class RoomControlError extends Error {
  readonly code: RoomErrorCode;

  constructor(code: RoomErrorCode, message: string) {
    super(message);
    this.name = 'RoomControlError';
    this.code = code;
  }
}
