/**
 * The room's WebSocket protocol: every frame the room sends and accepts. The
 * web app parses what it receives with these schemas (valibot, so the room
 * page stays small) and the room parses what viewers send with them.
 *
 * Sequencing: each frame that changes the conversation carries `seq`, one
 * counter per room, increasing by one. A viewer remembers the highest seq it
 * has applied and reconnects with `?lastSeq=N` (or sends `resume`) to get
 * exactly the frames after N; when the room can no longer replay from N it
 * sends a `snapshot` instead. `presence`, `state`, `error` and `pong` carry no
 * seq: they describe the present, and a (re)connecting viewer always gets them.
 *
 * Over the socket viewers watch and take part as an audience (audience.ts:
 * reactions, the vote on who speaks next, suggestions, the round's pick);
 * interjections go through the REST API (`POST /api/conversations/:id/interject`),
 * one path with one budget.
 */
import * as v from 'valibot';
import {
  audienceStateSchema,
  openPickSchema,
  openVoteSchema,
  pickCountsSchema,
  REACTION_EMOJI,
  reactionCountsSchema,
  suggestionSchema,
  voteCountsSchema,
} from './audience.ts';
import { breaksTextRule } from './text-rule.ts';
import { AUDIENCE_LIMITS, MAX_CLIENT_FRAME_BYTES } from './limits.ts';
import { roomMessageSchema, streamingMessageSchema } from './messages.ts';
import { PROVIDER_IDS, roomInfoSchema, roomStateSchema, seqSchema as seq, wholeFrom } from './room-state.ts';

/** Milliseconds between two `message-delta` frames of a room, at least: text is coalesced in between. */
export const DELTA_INTERVAL_MS = 50;

/** The query parameter of the WebSocket URL that carries the last seq a reconnecting viewer saw. */
export const LAST_SEQ_PARAM = 'lastSeq';

/**
 * Why the room refused a frame or could not go on. Answering a viewer's frame: `bad_frame`, `frame_too_large`,
 * `sign_in_required` (votes, suggestions, upvotes and picks are for signed-in viewers), `rate_limited` (the viewer's
 * budget for that kind of frame is spent; the message says when it frees up), `not_open` (no such vote, round,
 * suggestion or finished message, or it closed).
 */
export const FRAME_ERROR_CODES = [
  'bad_frame',
  'frame_too_large',
  'sign_in_required',
  'rate_limited',
  'not_open',
  'provider_failed',
] as const;

/** The error codes a frame may carry. */
export type FrameErrorCode = (typeof FRAME_ERROR_CODES)[number];

const persona = v.string();
const messageId = v.string();

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** What a suggestion must be (the one text rule, text-schema.ts, on one line), as the refusal says it. */
const SUGGESTION_RULE = `a suggestion is ${AUDIENCE_LIMITS.suggestion.min} to ${AUDIENCE_LIMITS.suggestion.max} characters after trimming, on one line, without control characters`;

/** The audience's frames (room/audience.ts): what a viewer sends beside the socket's own resume and ping. */
export const audienceFrameSchema = v.variant('type', [
  /** React to a finished message; giving a kind again changes nothing. */
  v.object({ type: v.literal('react'), messageId: id, emoji: v.picklist(REACTION_EMOJI) }),
  /** Signed in: vote for who speaks next in the open vote; a second vote replaces the first. */
  v.object({ type: v.literal('vote'), voteId: id, persona: id }),
  /** Signed in: suggest a new angle (the one text rule applies; never placed in a system prompt). */
  v.object({
    type: v.literal('suggest'),
    text: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(AUDIENCE_LIMITS.suggestion.min, SUGGESTION_RULE),
      v.maxLength(AUDIENCE_LIMITS.suggestion.max, SUGGESTION_RULE),
      v.check((text) => !breaksTextRule(text), SUGGESTION_RULE),
    ),
  }),
  /** Signed in: upvote someone else's open suggestion, once. */
  v.object({ type: v.literal('upvote'), suggestionId: id }),
  /** Signed in: pick the best message of the open round, once per round. */
  v.object({ type: v.literal('pick'), round: wholeFrom(1), messageId: id }),
]);

/** An audience frame a viewer sends. */
export type AudienceFrame = v.InferOutput<typeof audienceFrameSchema>;

/**
 * The audience frame an error refuses. The room read it with audienceFrameSchema before refusing it, so the page
 * checks its shape only (and its room chunk goes without the frames' rules): it is matched against what the page
 * itself sent, never drawn.
 */
const refusedFrameSchema = v.custom<AudienceFrame>((value) => v.is(v.looseObject({ type: v.string() }), value));

/** Frames the room sends. */
export const serverFrameSchema = v.variant('type', [
  /** Everything a viewer needs to draw the room from scratch, as of `seq`. */
  v.object({
    type: v.literal('snapshot'),
    seq,
    state: roomStateSchema,
    room: v.nullable(roomInfoSchema),
    /** The most recent finished messages, oldest first. */
    messages: v.array(roomMessageSchema),
    /** True when older messages exist (the REST API pages them). */
    hasEarlier: v.boolean(),
    typing: v.nullable(v.object({ persona, displayName: v.string() })),
    streaming: v.nullable(streamingMessageSchema),
  }),
  /** "The Comedian is typing...": the persona was chosen and is thinking. */
  v.object({ type: v.literal('typing-start'), seq, persona, displayName: v.string() }),
  /**
   * Who speaks next, sent between turns as soon as the room knows ("The Scientist will answer newcomer1"), so the
   * screen is never blank; `answering` is the viewer whose interjection that turn answers. No seq: it tells what comes.
   */
  v.object({ type: v.literal('turn-announce'), persona, displayName: v.string(), answering: v.nullable(v.string()) }),
  /** The persona stopped typing: its message-end or message-discard follows. */
  v.object({ type: v.literal('typing-end'), seq, persona }),
  /** A provider attempt begins the message; a second message-start for the same id voids the text so far: `retry` when the same provider tries again, else a fallback. */
  v.object({
    type: v.literal('message-start'),
    seq,
    messageId,
    persona,
    provider: v.picklist(PROVIDER_IDS),
    model: v.string(),
    attempt: wholeFrom(1),
    retry: v.optional(v.boolean()),
  }),
  /** More text of the message; `emittedAt` is when the provider emitted its first character (ms since the epoch, the room's clock). */
  v.object({ type: v.literal('message-delta'), seq, messageId, text: v.string(), emittedAt: v.number() }),
  /** The finished message, as stored: its content replaces whatever was streamed. */
  v.object({ type: v.literal('message-end'), seq, message: roomMessageSchema }),
  /** The message will not finish (stopped, every provider failed, or the room restarted mid-stream): drop it. */
  v.object({
    type: v.literal('message-discard'),
    seq,
    messageId,
    reason: v.picklist(['stopped', 'failed', 'interrupted']),
  }),
  /** How many viewers watch now. */
  v.object({ type: v.literal('presence'), viewers: wholeFrom(0) }),
  /**
   * The audience, none of it sequenced (it describes the present, and a reconnecting viewer gets `audience`):
   * a message's reaction counts after they changed, coalesced, at most AUDIENCE_FRAMES_PER_SECOND a second per room.
   */
  v.object({ type: v.literal('reactions'), messageId, counts: reactionCountsSchema }),
  /** A vote on who speaks next opened (a room with `voteNext`, during the pause after a turn). */
  v.object({ type: v.literal('vote-open'), ...openVoteSchema.entries }),
  /** The live tally of the open vote, coalesced like `reactions`. */
  v.object({ type: v.literal('vote-tally'), voteId: v.string(), counts: voteCountsSchema }),
  /** The vote closed: `winner` speaks next (`votes`), or nobody won (no votes, a tie) and the room's mode chose (`mode`, winner null). */
  v.object({
    type: v.literal('vote-close'),
    voteId: v.string(),
    counts: voteCountsSchema,
    winner: v.nullable(v.string()),
    decidedBy: v.picklist(['votes', 'mode']),
  }),
  /** The open topic suggestions, most upvoted first, after any change (coalesced like `reactions`). */
  v.object({ type: v.literal('suggestions'), items: v.array(suggestionSchema) }),
  /** A round ended: viewers may pick its best message until the next round ends (an earlier open pick closes). */
  v.object({ type: v.literal('pick-open'), ...openPickSchema.entries }),
  /** The live picks of the open round, coalesced like `reactions`. */
  v.object({ type: v.literal('pick-tally'), round: wholeFrom(1), counts: pickCountsSchema }),
  /** The audience's present state, to one viewer: on connect, after a snapshot or a replay. */
  v.object({ type: v.literal('audience'), ...audienceStateSchema.entries }),
  /** The room's state and settings after any change. */
  v.object({ type: v.literal('state'), state: roomStateSchema, room: v.nullable(roomInfoSchema) }),
  /**
   * A frame was refused or something went wrong; the socket stays open. `refused` is the viewer's audience frame
   * this answers, as the room read it: absent for the room's own errors and for a frame that did not parse.
   */
  v.object({
    type: v.literal('error'),
    code: v.picklist(FRAME_ERROR_CODES),
    message: v.string(),
    refused: v.optional(refusedFrameSchema),
  }),
  v.object({ type: v.literal('pong') }),
]);

/** A frame the room sends. */
export type ServerFrame = v.InferOutput<typeof serverFrameSchema>;

/** Frames that carry a seq. */
export type SequencedFrame = Extract<ServerFrame, { seq: number }>;

/** Any frame of one `type`. */
export type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

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

/** Frames a viewer sends: the socket's own (resume, ping) and the audience's. */
export const clientFrameSchema = v.variant('type', [
  /** Send me every frame after `lastSeq` (or a snapshot when that is too old). */
  v.object({ type: v.literal('resume'), lastSeq: seq }),
  v.object({ type: v.literal('ping') }),
  audienceFrameSchema,
]);

/** A frame a viewer sends. */
export type ClientFrame = v.InferOutput<typeof clientFrameSchema>;

/** A client frame, or why it was refused. */
export type ClientFrameResult =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: 'bad_frame' | 'frame_too_large'; message: string };

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
  const parsed = v.safeParse(clientFrameSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    const where = path ? ` at ${path}` : '';
    // A known frame with a bad field says what the field must be; anything else lists what viewers may send.
    if (issue.message === SUGGESTION_RULE)
      return { ok: false, code: 'bad_frame', message: `Bad suggest frame${where}: ${issue.message}.` };
    return {
      ok: false,
      code: 'bad_frame',
      message: `Unexpected frame${where}: viewers send resume, ping, react, vote, suggest, upvote and pick frames (interjections go through the REST API).`,
    };
  }
  return { ok: true, frame: parsed.output };
}

/** Parses a frame from the room (for the web app and tests); throws on anything else. */
export function parseServerFrame(raw: string): ServerFrame {
  return v.parse(serverFrameSchema, JSON.parse(raw));
}
