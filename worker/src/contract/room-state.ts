/** A room's state and settings as viewers see them, and the names they are made of. */
import * as z from 'zod/mini';

/** Every provider Chimera knows. */
export const PROVIDER_IDS = ['openai', 'anthropic', 'deepseek', 'gemini', 'lm-studio', 'ollama', 'demo'] as const;

/** One of PROVIDER_IDS. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How the next speaker is chosen. */
export const TURN_MODES = ['sequential', 'random', 'context-aware'] as const;

/** One of TURN_MODES. */
export type TurnMode = (typeof TURN_MODES)[number];

/** Where a room is in its life. */
export const ROOM_STATUSES = ['idle', 'running', 'paused', 'stopped'] as const;

/** One of ROOM_STATUSES. */
export type RoomStatus = (typeof ROOM_STATUSES)[number];

/** Why a room stopped. */
export const STOP_REASONS = ['owner', 'max-turns', 'budget', 'spend-limit', 'error'] as const;

/** One of STOP_REASONS. */
export type StopReason = (typeof STOP_REASONS)[number];

/** A room's state as controls, the lobby and viewers see it. */
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

/** A frame's sequence number: one counter per room, from 0. */
export const seqSchema = z.int().check(z.minimum(0));

const amount = z.number().check(z.minimum(0));

/** RoomState on the wire. */
export const roomStateSchema = z.object({
  status: z.enum(ROOM_STATUSES),
  turns: z.int().check(z.minimum(0)),
  costUsd: amount,
  viewers: z.int().check(z.minimum(0)),
  lastSeq: seqSchema,
  speaking: z.nullable(z.string()),
  stopReason: z.nullable(z.enum(STOP_REASONS)),
  idlePaused: z.boolean(),
}) satisfies z.ZodMiniType<RoomState>;

/** The public face of a persona in this room. */
export const roomPersonaInfoSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  avatar: z.string(),
  color: z.string(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
});

/** What viewers see of the room's settings; null until it is configured. */
export const roomInfoSchema = z.object({
  title: z.string(),
  topic: z.string(),
  mode: z.enum(TURN_MODES),
  personas: z.array(roomPersonaInfoSchema),
  maxTurns: z.int(),
  budgetUsd: z.number(),
});

/** What viewers see of the room's settings. */
export type RoomInfo = z.infer<typeof roomInfoSchema>;
