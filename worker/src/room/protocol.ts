/**
 * The room's WebSocket protocol: every frame the room sends and accepts, as
 * zod schemas. The web app imports this module (and nothing else of the room)
 * to parse what it receives and to build what it sends.
 *
 * Sequencing: each frame that changes the conversation carries `seq`, one
 * counter per room, increasing by one. A viewer remembers the highest seq it
 * has applied and reconnects with `?lastSeq=N` (or sends `resume`) to get
 * exactly the frames after N; when the room can no longer replay from N it
 * sends a `snapshot` instead. `presence`, `state`, `error` and `pong` carry no
 * seq: they describe the present, and a (re)connecting viewer always gets them.
 */
import { z } from 'zod';
import { MAX_INTERJECTION_LENGTH, ROOM_ERROR_CODES, TURN_MODES, type RoomState } from './contract.ts';
import { PROVIDER_IDS } from '../providers/types.ts';

/** Milliseconds between two `message-delta` frames of a room, at least: text is coalesced in between. */
export const DELTA_INTERVAL_MS = 50;

/** The largest frame a viewer may send, in bytes of UTF-8. */
export const MAX_CLIENT_FRAME_BYTES = 4096;

/** The query parameter of the WebSocket URL that carries the last seq a reconnecting viewer saw. */
export const LAST_SEQ_PARAM = 'lastSeq';

const seq = z.int().min(0);

/** How good a message is, each part 0..1 (1 is best). */
export const qualitySchema = z.object({
  score: z.number().min(0).max(1),
  /** 1 when the message repeats nothing of the recent turns. */
  novelty: z.number().min(0).max(1),
  /** 1 when the message's length is near the persona's target. */
  length: z.number().min(0).max(1),
  /** 1 when the message shows the persona's style. */
  adherence: z.number().min(0).max(1),
});
export type Quality = z.infer<typeof qualitySchema>;

/** What a finished message records beside its text (also stored as messages.metadata in Postgres, with seq and author). */
export const messageMetadataSchema = z.object({
  /** The AI turn this message is (1-based). */
  turn: z.int().min(1).optional(),
  provider: z.enum(PROVIDER_IDS).optional(),
  model: z.string().optional(),
  /** From the start of the successful provider attempt to its last token. */
  latencyMs: z.number().min(0).optional(),
  timeToFirstTokenMs: z.number().min(0).optional(),
  tokens: z.object({ input: z.int().min(0), output: z.int().min(0), estimated: z.boolean() }).optional(),
  costUsd: z.number().min(0).optional(),
  quality: qualitySchema.optional(),
  /** Providers that failed on this turn before the one that answered. */
  fallbacks: z.array(z.object({ provider: z.enum(PROVIDER_IDS), model: z.string(), kind: z.string() })).optional(),
  finishReason: z.enum(['stop', 'length', 'content-filter', 'other']).optional(),
  /** The interjection this message answers. */
  replyTo: z.string().optional(),
  /** A closing remark (the budget was crossed, or this was the last of maxTurns). */
  closing: z.boolean().optional(),
  /** On a system message: the new angle the room nudged the conversation towards. */
  nudge: z.string().optional(),
  /** On a system message: the configured spend limit that stopped the room (room/spend-guard.ts). */
  spendLimit: z.enum(['daily', 'conversation']).optional(),
  /** The reply came from the conversation's reply cache: no provider call, no cost. */
  cached: z.boolean().optional(),
});
export type MessageMetadata = z.infer<typeof messageMetadataSchema>;

/** A finished message: an AI persona's turn, a viewer's interjection, or the room's own (a topic nudge). */
export const roomMessageSchema = z.object({
  id: z.string(),
  /** The seq of the `message-end` frame that delivered it. */
  seq,
  senderType: z.enum(['ai', 'user', 'system']),
  /** `provider/model` for AI messages, the user id for interjections. */
  senderId: z.string().nullable(),
  /** The persona's name for AI messages. */
  persona: z.string().nullable(),
  /** What to show as the sender: a persona's display name, a username, or "Moderator". */
  author: z.string(),
  content: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  metadata: messageMetadataSchema,
});
export type RoomMessage = z.infer<typeof roomMessageSchema>;

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
export type RoomInfo = z.infer<typeof roomInfoSchema>;

/** RoomState (contract.ts) on the wire. */
export const roomStateSchema = z.object({
  status: z.enum(['idle', 'running', 'paused', 'stopped']),
  turns: z.int().min(0),
  costUsd: z.number().min(0),
  viewers: z.int().min(0),
  lastSeq: seq,
  speaking: z.string().nullable(),
  stopReason: z.enum(['owner', 'max-turns', 'budget', 'spend-limit', 'error']).nullable(),
  idlePaused: z.boolean(),
}) satisfies z.ZodType<RoomState>;

/** A message being streamed now, as far as it has come. */
export const streamingMessageSchema = z.object({
  messageId: z.string(),
  persona: z.string(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  attempt: z.int().min(1),
  text: z.string(),
});

/** Frames the room sends. */
export const serverFrameSchema = z.discriminatedUnion('type', [
  /** Everything a viewer needs to draw the room from scratch, as of `seq`. */
  z.object({
    type: z.literal('snapshot'),
    seq,
    state: roomStateSchema,
    room: roomInfoSchema.nullable(),
    /** The most recent finished messages, oldest first. */
    messages: z.array(roomMessageSchema),
    /** True when older messages exist (the REST API pages them). */
    hasEarlier: z.boolean(),
    typing: z.object({ persona: z.string(), displayName: z.string() }).nullable(),
    streaming: streamingMessageSchema.nullable(),
  }),
  /** "The Comedian is typing...": the persona was chosen and is thinking. */
  z.object({ type: z.literal('typing-start'), seq, persona: z.string(), displayName: z.string() }),
  /** The persona stopped typing: its message-end or message-discard follows. */
  z.object({ type: z.literal('typing-end'), seq, persona: z.string() }),
  /** A provider attempt begins the message; a second message-start for the same id (a fallback) voids the text so far. */
  z.object({ type: z.literal('message-start'), seq, messageId: z.string(), persona: z.string(), provider: z.enum(PROVIDER_IDS), model: z.string(), attempt: z.int().min(1) }),
  /** More text of the message; `emittedAt` is when the provider emitted its first character (ms since the epoch, the room's clock). */
  z.object({ type: z.literal('message-delta'), seq, messageId: z.string(), text: z.string(), emittedAt: z.number() }),
  /** The finished message, as stored: its content replaces whatever was streamed. */
  z.object({ type: z.literal('message-end'), seq, message: roomMessageSchema }),
  /** The message will not finish (stopped, every provider failed, or the room restarted mid-stream): drop it. */
  z.object({ type: z.literal('message-discard'), seq, messageId: z.string(), reason: z.enum(['stopped', 'failed', 'interrupted']) }),
  /** How many viewers watch now. */
  z.object({ type: z.literal('presence'), viewers: z.int().min(0) }),
  /** The room's state and settings after any change. */
  z.object({ type: z.literal('state'), state: roomStateSchema, room: roomInfoSchema.nullable() }),
  /** A frame was refused or something went wrong; the socket stays open. */
  z.object({ type: z.literal('error'), code: z.enum([...ROOM_ERROR_CODES, 'bad_frame', 'frame_too_large', 'unauthorized', 'rate_limited', 'provider_failed']), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Frames that carry a seq. */
export type SequencedFrame = Extract<ServerFrame, { seq: number }>;

/** Any frame of one `type`. */
export type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** The error codes a frame may carry. */
export type FrameErrorCode = FrameOf<'error'>['code'];

/** The text a `ping` frame is, byte for byte: the room answers it without waking up. */
export const PING_FRAME = '{"type":"ping"}';
/** The room's answer to PING_FRAME. */
export const PONG_FRAME = '{"type":"pong"}';

/** Close code of a socket the server cannot serve now (RFC 6455 "Try Again Later"); its reason is `retry-after=<seconds>`. */
export const TRY_AGAIN_CLOSE_CODE = 1013;

/** The close reason of a TRY_AGAIN_CLOSE_CODE close. */
export function tryAgainReason(seconds: number): string {
  return `retry-after=${seconds}`;
}

/** The seconds a close asks the viewer to wait before reconnecting, or null when it asks nothing. */
export function retryAfterOfClose(code: number, reason: string): number | null {
  const seconds = code === TRY_AGAIN_CLOSE_CODE ? /^retry-after=(\d{1,4})$/.exec(reason)?.[1] : undefined;
  return seconds === undefined ? null : Number(seconds);
}

/** Frames a viewer sends. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  /** Send me every frame after `lastSeq` (or a snapshot when that is too old). */
  z.object({ type: z.literal('resume'), lastSeq: seq }),
  /** A signed-in viewer's words to the personas. */
  z.object({ type: z.literal('interject'), text: z.string().trim().min(1).max(MAX_INTERJECTION_LENGTH) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** A client frame, or why it was refused. */
export type ClientFrameResult = { ok: true; frame: ClientFrame } | { ok: false; code: 'bad_frame' | 'frame_too_large'; message: string };

/** Parses a raw WebSocket message from a viewer; never throws. */
export function parseClientFrame(raw: string | ArrayBuffer): ClientFrameResult {
  if (typeof raw !== 'string') return { ok: false, code: 'bad_frame', message: 'Frames are JSON text, not binary.' };
  if (new TextEncoder().encode(raw).byteLength > MAX_CLIENT_FRAME_BYTES) {
    return { ok: false, code: 'frame_too_large', message: `Frames are at most ${MAX_CLIENT_FRAME_BYTES} bytes.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'The frame is not valid JSON.' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, code: 'bad_frame', message: `Unexpected frame${where}: ${issue?.message ?? 'invalid'}.` };
  }
  return { ok: true, frame: parsed.data };
}

/** Parses a frame from the room (for the web app and tests); throws on anything else. */
export function parseServerFrame(raw: string): ServerFrame {
  return serverFrameSchema.parse(JSON.parse(raw));
}
