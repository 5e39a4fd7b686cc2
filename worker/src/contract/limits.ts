/**
 * Every limit the browser and the Worker share, defined once: the API's
 * schemas, the room's settings schema and the web forms (maxlength, min, max)
 * all read them from here. Lengths are in characters (UTF-16 code units, as
 * zod's `.max` and the browser's `maxlength` count), amounts in USD.
 */

/** An inclusive range. */
export interface Range {
  min: number;
  max: number;
  /** What an absent field means, where it may be absent. */
  default?: number;
}

/** What a conversation's owner may ask for (`POST /api/conversations`, the room's `configure`, the create-room form). */
export const CONVERSATION_LIMITS = {
  title: { min: 1, max: 120 },
  topic: { min: 1, max: 500 },
  /** Personas taking part in one room. */
  personas: { min: 2, max: 6 },
  /** AI turns in one run of a room; a room that continues (the demo's rounds) may run this many more after the turns it has taken. */
  maxTurns: { min: 1, max: 200, default: 20 },
  budgetUsd: { min: 0.01, max: 50, default: 1 },
} as const satisfies Record<string, Range>;

/** A viewer's interjection, in characters after trimming. */
export const INTERJECTION_LIMITS = { text: { min: 1, max: 1000 } } as const satisfies Record<string, Range>;

/** A persona's fields, as its owner writes them and as a room accepts them. */
export const PERSONA_LIMITS = {
  /** A slug: PERSONA_NAME_PATTERN. */
  name: { min: 2, max: 50 },
  displayName: { min: 1, max: 60 },
  systemPrompt: { min: 20, max: 4000 },
  temperature: { min: 0, max: 2 },
  style: { min: 1, max: 40 },
  /** Words a persona aims for per message. */
  avgLength: { min: 10, max: 1000 },
  /** How many traits. */
  traits: { min: 1, max: 8 },
  /** One trait's length. */
  trait: { min: 1, max: 30 },
  avatar: { min: 1, max: 16 },
  /** `#rrggbb`. */
  color: { min: 7, max: 7 },
  /** A provider's model id. */
  model: { min: 1, max: 100 },
} as const satisfies Record<string, Range>;

/** A persona name: a lowercase letter, then lowercase letters, digits or dashes (PERSONA_LIMITS.name long in all). */
export const PERSONA_NAME_PATTERN = new RegExp(
  `^[a-z][a-z0-9-]{${PERSONA_LIMITS.name.min - 1},${PERSONA_LIMITS.name.max - 1}}$`,
);

/** The personas one account may own. */
export const MAX_PERSONAS_PER_USER = 50;

/** An account's fields at registration and sign-in. */
export const ACCOUNT_LIMITS = {
  /** Letters, digits, `_` or `-` (USERNAME_PATTERN). */
  username: { min: 3, max: 32 },
  email: { min: 3, max: 255 },
  password: { min: 10, max: 200 },
  /** What sign-in accepts as a username or an email address. */
  login: { min: 3, max: 255 },
} as const satisfies Record<string, Range>;

/** A username: ACCOUNT_LIMITS.username long, lowercase letters, digits, `_` or `-`. */
export const USERNAME_PATTERN = new RegExp(
  `^[a-z0-9_-]{${ACCOUNT_LIMITS.username.min},${ACCOUNT_LIMITS.username.max}}$`,
);

/** Page sizes of the list endpoints (`limit`). */
export const PAGE_LIMITS = {
  /** `GET /api/conversations`. */
  conversations: { min: 1, max: 50, default: 20 },
  /** `GET /api/conversations/:id/messages`. */
  messages: { min: 1, max: 100, default: 50 },
} as const satisfies Record<string, Range>;

/** The largest frame a viewer may send, in bytes of UTF-8. */
export const MAX_CLIENT_FRAME_BYTES = 4096;

/** What the audience may send (audience.ts), and the room's audience settings. */
export const AUDIENCE_LIMITS = {
  /** A topic suggestion, in characters after trimming (one line). */
  suggestion: { min: 3, max: 200 },
  /** Take the top suggestion as the Moderator's nudge every this many AI turns; 0: never. */
  suggestionEvery: { min: 0, max: 50, default: 4 },
  /**
   * The shortest vote on who speaks next, in ms, whatever ROOM_TIMING_SCALE: the reading pause it runs in
   * (0.45 to 2.75 s) is too short for a viewer to choose, and a scaled-down test or bench room has none at all.
   */
  voteWindowMs: { min: 4000 },
} as const;
