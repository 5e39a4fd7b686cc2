/** A room's messages as frames and the REST API carry them. */
import * as v from 'valibot';
import { reactionCountsSchema } from './audience.ts';
import { PROVIDER_IDS, seqSchema, wholeFrom } from './room-state.ts';

const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const amount = v.pipe(v.number(), v.minValue(0));

/** How good a message is, each part 0..1 (1 is best). */
export const qualitySchema = v.object({
  score: share,
  /** 1 when the message repeats nothing of the recent turns. */
  novelty: share,
  /** 1 when the message's length is near the persona's target. */
  length: share,
  /** 1 when the message shows the persona's style. */
  adherence: share,
});

/** How good a message is. */
export type Quality = v.InferOutput<typeof qualitySchema>;

/** What a finished message records beside its text (also stored as messages.metadata in Postgres, with seq and author). */
export const messageMetadataSchema = v.object({
  /** The AI turn this message is (1-based). */
  turn: v.optional(wholeFrom(1)),
  provider: v.optional(v.picklist(PROVIDER_IDS)),
  model: v.optional(v.string()),
  /** From the start of the successful provider attempt to its last token. */
  latencyMs: v.optional(amount),
  timeToFirstTokenMs: v.optional(amount),
  tokens: v.optional(v.object({ input: wholeFrom(0), output: wholeFrom(0), estimated: v.boolean() })),
  costUsd: v.optional(amount),
  quality: v.optional(qualitySchema),
  /** Providers that failed on this turn before the one that answered. */
  fallbacks: v.optional(v.array(v.object({ provider: v.picklist(PROVIDER_IDS), model: v.string(), kind: v.string() }))),
  finishReason: v.optional(v.picklist(['stop', 'length', 'content-filter', 'other'])),
  /** The interjection this message answers. */
  replyTo: v.optional(v.string()),
  /** A closing remark (the budget was crossed, or this was the last of maxTurns). */
  closing: v.optional(v.boolean()),
  /** On a system message: the new angle the room nudged the conversation towards. */
  nudge: v.optional(v.string()),
  /** On a nudge taken from the audience's suggestions: which suggestion, and who suggested it (credited on screen). */
  suggestion: v.optional(v.object({ id: v.string(), author: v.string() })),
  /** On an AI message: the round it belongs to (1-based; a round ends when every persona has spoken once in it). */
  round: v.optional(wholeFrom(1)),
  /** On a system message: the configured spend limit that stopped the room (room/spend-guard.ts). */
  spendLimit: v.optional(v.picklist(['daily', 'conversation'])),
  /** The reply came from the conversation's reply cache: no provider call, no cost. */
  cached: v.optional(v.boolean()),
});

/** What a finished message records beside its text. */
export type MessageMetadata = v.InferOutput<typeof messageMetadataSchema>;

/** A message's metadata from JSON (unknown keys dropped), or null when it is not valid metadata. */
export function parseMessageMetadata(value: unknown): MessageMetadata | null {
  const parsed = v.safeParse(messageMetadataSchema, value);
  return parsed.success ? parsed.output : null;
}

/** Who sent a message. */
export const SENDER_TYPES = ['ai', 'user', 'system'] as const;

/** A finished message: an AI persona's turn, a viewer's interjection, or the room's own (a topic nudge). */
export const roomMessageSchema = v.object({
  id: v.string(),
  /** The seq of the `message-end` frame that delivered it. */
  seq: seqSchema,
  senderType: v.picklist(SENDER_TYPES),
  /** `provider/model` for AI messages, the user id for interjections. */
  senderId: v.nullable(v.string()),
  /** The persona's name for AI messages. */
  persona: v.nullable(v.string()),
  /** What to show as the sender: a persona's display name, a username, or "Moderator". */
  author: v.string(),
  content: v.string(),
  /** ISO 8601. */
  createdAt: v.string(),
  metadata: messageMetadataSchema,
  /** Reaction counts (contract/audience.ts): carried by snapshots and the REST API, absent in `message-end`. */
  reactions: v.optional(reactionCountsSchema),
});

/** A finished message. */
export type RoomMessage = v.InferOutput<typeof roomMessageSchema>;

/** A RoomMessage from JSON; throws when it is not one. */
export function parseRoomMessage(value: unknown): RoomMessage {
  return v.parse(roomMessageSchema, value);
}

/** A message being streamed now, as far as it has come. */
export const streamingMessageSchema = v.object({
  messageId: v.string(),
  persona: v.string(),
  provider: v.picklist(PROVIDER_IDS),
  model: v.string(),
  attempt: wholeFrom(1),
  text: v.string(),
});

/** A message being streamed now. */
export type StreamingMessage = v.InferOutput<typeof streamingMessageSchema>;
