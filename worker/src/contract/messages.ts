/** A room's messages as frames and the REST API carry them. */
import * as z from 'zod/mini';
import { PROVIDER_IDS, seqSchema } from './room-state.ts';

const share = z.number().check(z.minimum(0), z.maximum(1));
const duration = z.number().check(z.minimum(0));
const count = z.int().check(z.minimum(0));

/** How good a message is, each part 0..1 (1 is best). */
export const qualitySchema = z.object({
  score: share,
  /** 1 when the message repeats nothing of the recent turns. */
  novelty: share,
  /** 1 when the message's length is near the persona's target. */
  length: share,
  /** 1 when the message shows the persona's style. */
  adherence: share,
});

/** How good a message is. */
export type Quality = z.infer<typeof qualitySchema>;

/** What a finished message records beside its text (also stored as messages.metadata in Postgres, with seq and author). */
export const messageMetadataSchema = z.object({
  /** The AI turn this message is (1-based). */
  turn: z.optional(z.int().check(z.minimum(1))),
  provider: z.optional(z.enum(PROVIDER_IDS)),
  model: z.optional(z.string()),
  /** From the start of the successful provider attempt to its last token. */
  latencyMs: z.optional(duration),
  timeToFirstTokenMs: z.optional(duration),
  tokens: z.optional(z.object({ input: count, output: count, estimated: z.boolean() })),
  costUsd: z.optional(z.number().check(z.minimum(0))),
  quality: z.optional(qualitySchema),
  /** Providers that failed on this turn before the one that answered. */
  fallbacks: z.optional(z.array(z.object({ provider: z.enum(PROVIDER_IDS), model: z.string(), kind: z.string() }))),
  finishReason: z.optional(z.enum(['stop', 'length', 'content-filter', 'other'])),
  /** The interjection this message answers. */
  replyTo: z.optional(z.string()),
  /** A closing remark (the budget was crossed, or this was the last of maxTurns). */
  closing: z.optional(z.boolean()),
  /** On a system message: the new angle the room nudged the conversation towards. */
  nudge: z.optional(z.string()),
  /** On a system message: the configured spend limit that stopped the room (room/spend-guard.ts). */
  spendLimit: z.optional(z.enum(['daily', 'conversation'])),
  /** The reply came from the conversation's reply cache: no provider call, no cost. */
  cached: z.optional(z.boolean()),
});

/** What a finished message records beside its text. */
export type MessageMetadata = z.infer<typeof messageMetadataSchema>;

/** Who sent a message. */
export const SENDER_TYPES = ['ai', 'user', 'system'] as const;

/** A finished message: an AI persona's turn, a viewer's interjection, or the room's own (a topic nudge). */
export const roomMessageSchema = z.object({
  id: z.string(),
  /** The seq of the `message-end` frame that delivered it. */
  seq: seqSchema,
  senderType: z.enum(SENDER_TYPES),
  /** `provider/model` for AI messages, the user id for interjections. */
  senderId: z.nullable(z.string()),
  /** The persona's name for AI messages. */
  persona: z.nullable(z.string()),
  /** What to show as the sender: a persona's display name, a username, or "Moderator". */
  author: z.string(),
  content: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  metadata: messageMetadataSchema,
});

/** A finished message. */
export type RoomMessage = z.infer<typeof roomMessageSchema>;

/** A message being streamed now, as far as it has come. */
export const streamingMessageSchema = z.object({
  messageId: z.string(),
  persona: z.string(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  attempt: z.int().check(z.minimum(1)),
  text: z.string(),
});

/** A message being streamed now. */
export type StreamingMessage = z.infer<typeof streamingMessageSchema>;
