/**
 * What the rest of the Worker may ask of a ConversationRoom (its RPC methods)
 * and how it hands over a viewer's identity. The room's internals stay behind it.
 */
import { z } from 'zod';
import type { Persona } from '../personas/seed.ts';
import { PROVIDER_IDS, type ProviderId } from '../providers/types.ts';

/** How the next speaker is chosen. */
export const TURN_MODES = ['sequential', 'random', 'context-aware'] as const;
export type TurnMode = (typeof TURN_MODES)[number];

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
}

/** Where a room is in its life. */
export type RoomStatus = 'idle' | 'running' | 'paused' | 'stopped';

/** Why a room stopped. */
export type StopReason = 'owner' | 'max-turns' | 'budget' | 'spend-limit' | 'error';

/** A room's state as controls and the lobby see it. */
export interface RoomState {
  status: RoomStatus;
  /** AI turns completed. */
  turns: number;
  costUsd: number;
  viewers: number;
  /** The last sequence number of the room's frames/messages. */
  lastSeq: number;
  /** Persona name of whoever is typing or streaming now, if anyone. */
  speaking: string | null;
  stopReason: StopReason | null;
  /** True while paused because nobody watches; a viewer's arrival resumes it. */
  idlePaused: boolean;
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

/** The identity carried by VIEWER_HEADER. */
export interface Viewer {
  userId: string;
  username: string;
}

/** VIEWER_HEADER's JSON, checked by the room. */
export const viewerSchema = z.object({ userId: z.string().min(1).max(100), username: z.string().min(1).max(100) }) satisfies z.ZodType<Viewer>;

/** A RoomPersona as `configure` accepts it. */
export const roomPersonaSchema = z.object({
  name: z.string().trim().min(1).max(50),
  displayName: z.string().trim().min(1).max(60),
  systemPrompt: z.string().trim().min(1).max(4000),
  temperature: z.number().min(0).max(2),
  style: z.string().max(40),
  avgLength: z.int().min(5).max(1000),
  traits: z.array(z.string().max(40)).max(12),
  avatar: z.string().max(16),
  color: z.string().max(32),
  provider: z.enum(PROVIDER_IDS),
  model: z.string().min(1).max(100),
}) satisfies z.ZodType<RoomPersona>;

/** RoomSettings as `configure` accepts them: the same limits the API should apply to its input. */
export const roomSettingsSchema = z.object({
  conversationId: z.uuid(),
  title: z.string().max(255),
  topic: z.string().trim().min(1).max(500),
  mode: z.enum(TURN_MODES),
  personas: z
    .array(roomPersonaSchema)
    .min(2)
    .max(6)
    .refine((personas) => new Set(personas.map((persona) => persona.name.toLowerCase())).size === personas.length, 'persona names must be distinct'),
  maxTurns: z.int().min(1).max(1000),
  budgetUsd: z.number().min(0).max(10_000),
  fallbackOrder: z.array(z.enum(PROVIDER_IDS)).max(PROVIDER_IDS.length).optional(),
  replyCache: z.boolean().optional(),
  roundTurns: z.int().min(1).max(1000).optional(),
}) satisfies z.ZodType<RoomSettings>;

/** The longest interjection, in characters. */
export const MAX_INTERJECTION_LENGTH = 1000;

/** An Interjection as `interject` accepts it. */
export const interjectionSchema = z.object({
  userId: z.string().min(1).max(100),
  username: z.string().min(1).max(100),
  text: z.string().trim().min(1).max(MAX_INTERJECTION_LENGTH),
}) satisfies z.ZodType<Interjection>;

/** Why a control was refused. */
export const ROOM_ERROR_CODES = ['invalid_settings', 'not_configured', 'invalid_transition', 'limit_reached', 'invalid_interjection'] as const;
export type RoomErrorCode = (typeof ROOM_ERROR_CODES)[number];

/** The HTTP status an API route should answer for each RoomErrorCode. */
export const ROOM_ERROR_STATUS = {
  invalid_settings: 400,
  not_configured: 409,
  invalid_transition: 409,
  limit_reached: 409,
  invalid_interjection: 400,
} as const satisfies Record<RoomErrorCode, number>;

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
