/**
 * What the rest of the Worker may ask of a ConversationRoom (its RPC methods)
 * and how it hands over a viewer's identity. The room's internals stay behind it.
 */
import type { Persona } from '../personas/seed.ts';
import type { ProviderId } from '../providers/types.ts';

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

/** A signed-in viewer's words, entering the context. */
export interface Interjection {
  userId: string;
  username: string;
  text: string;
}

/** The room's RPC surface (`env.ROOMS.get(id)` stub methods). */
export interface RoomControl {
  /** Sets or replaces the settings; allowed while idle, paused or stopped. */
  configure(settings: RoomSettings): Promise<RoomState>;
  start(): Promise<RoomState>;
  pause(): Promise<RoomState>;
  resume(): Promise<RoomState>;
  stop(): Promise<RoomState>;
  /** Adds the interjection; the next speaker answers it. Returns its sequence number. */
  interject(interjection: Interjection): Promise<{ seq: number }>;
  state(): Promise<RoomState>;
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
