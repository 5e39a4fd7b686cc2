/** A room's state and settings as viewers see them, and the names they are made of. */
import * as v from 'valibot';

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

/** A whole number from `min`. */
export const wholeFrom = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min));

/** A frame's sequence number: one counter per room, from 0. */
export const seqSchema = wholeFrom(0);

/** RoomState on the wire. */
export const roomStateSchema = v.object({
  status: v.picklist(ROOM_STATUSES),
  turns: wholeFrom(0),
  costUsd: v.pipe(v.number(), v.minValue(0)),
  viewers: wholeFrom(0),
  lastSeq: seqSchema,
  speaking: v.nullable(v.string()),
  stopReason: v.nullable(v.picklist(STOP_REASONS)),
  idlePaused: v.boolean(),
}) satisfies v.GenericSchema<unknown, RoomState>;

/** A RoomState from JSON; throws when it is not one. */
export function parseRoomState(value: unknown): RoomState {
  return v.parse(roomStateSchema, value);
}

/** The public face of a persona in this room. */
export const roomPersonaInfoSchema = v.object({
  name: v.string(),
  displayName: v.string(),
  avatar: v.string(),
  color: v.string(),
  provider: v.picklist(PROVIDER_IDS),
  model: v.string(),
});

/** What viewers see of the room's settings; null until it is configured. */
export const roomInfoSchema = v.object({
  title: v.string(),
  topic: v.string(),
  mode: v.picklist(TURN_MODES),
  personas: v.array(roomPersonaInfoSchema),
  maxTurns: v.pipe(v.number(), v.integer()),
  budgetUsd: v.number(),
  /** The audience votes on who speaks next (contract/audience.ts). */
  voteNext: v.optional(v.boolean()),
  /** The top topic suggestion becomes the Moderator's nudge every this many AI turns; 0 or absent: never. */
  suggestionEvery: v.optional(wholeFrom(0)),
});

/** What viewers see of the room's settings. */
export type RoomInfo = v.InferOutput<typeof roomInfoSchema>;
