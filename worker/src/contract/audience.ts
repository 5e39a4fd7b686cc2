/**
 * The audience's part of the show, as the wire carries it: reactions on
 * finished messages, the vote on who speaks next, topic suggestions and the
 * pick of a round's best message. The frames themselves are in frames.ts;
 * this module holds their parts, the fixed emoji set and the audience limits.
 *
 * Who may do what: any viewer reacts (one reaction of each kind per message:
 * a signed-in user across all their sockets, an anonymous viewer per socket
 * and per IP address); only signed-in viewers vote, suggest, upvote and pick.
 */
import * as v from 'valibot';
import { wholeFrom } from './room-state.ts';

/** The reactions a viewer may give a finished message, in the order the page shows them. */
export const REACTION_EMOJI = ['👍', '😂', '🔥', '🤯', '🤔', '❤️'] as const;

/** One of REACTION_EMOJI. */
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

/** A message's reaction counts: only the kinds given at least once appear. */
export const reactionCountsSchema = v.record(v.picklist(REACTION_EMOJI), wholeFrom(1));

/** A message's reaction counts. */
export type ReactionCounts = Partial<Record<ReactionEmoji, number>>;

// AUDIENCE_LIMITS is in limits.ts, with every other limit: the create-room form reads it without this module's schemas.

/** Open suggestions a room keeps (the lowest-voted oldest go first) and shows. */
export const MAX_OPEN_SUGGESTIONS = 10;

/** Open suggestions one user may have in a room at once: nobody fills the list alone and pushes everyone else's out. */
export const MAX_OPEN_SUGGESTIONS_PER_USER = 2;

/** At most this many `reactions` (and, each, `vote-tally`, `pick-tally` and `suggestions`) frames a second per room. */
export const AUDIENCE_FRAMES_PER_SECOND = 4;

/** Vote counts per persona name (only personas voted for appear). */
export const voteCountsSchema = v.record(v.string(), wholeFrom(1));

/** An open vote on who speaks next. */
export const openVoteSchema = v.object({
  voteId: v.string(),
  /** Persona names that may be voted for (everyone but the one who just spoke). */
  candidates: v.array(v.string()),
  /** When the vote closes and the turn begins (ms since the epoch, the room's clock). */
  closesAt: v.number(),
  counts: voteCountsSchema,
});

/** An open vote on who speaks next. */
export type OpenVote = v.InferOutput<typeof openVoteSchema>;

/** A topic suggestion as viewers see it. */
export const suggestionSchema = v.object({
  id: v.string(),
  /** The username of whoever suggested it. */
  author: v.string(),
  text: v.string(),
  votes: wholeFrom(0),
});

/** A topic suggestion as viewers see it. */
export type Suggestion = v.InferOutput<typeof suggestionSchema>;

/** Picks per message id. */
export const pickCountsSchema = v.record(v.string(), wholeFrom(1));

/** A round whose best message viewers may pick. */
export const openPickSchema = v.object({
  /** The round (1-based): every persona has spoken once in it. */
  round: wholeFrom(1),
  /** The round's AI messages, oldest first. */
  messageIds: v.array(v.string()),
  counts: pickCountsSchema,
});

/** A round whose best message viewers may pick. */
export type OpenPick = v.InferOutput<typeof openPickSchema>;

/** The audience's present state, sent to each viewer on connect and on resume (no seq: it describes the present). */
export const audienceStateSchema = v.object({
  /** Reaction counts of the messages the viewer holds (a snapshot's, or the recent ones), by message id. */
  reactions: v.record(v.string(), reactionCountsSchema),
  vote: v.nullable(openVoteSchema),
  suggestions: v.array(suggestionSchema),
  pick: v.nullable(openPickSchema),
  /** What this viewer already gave: its reactions by message id, its vote, its upvotes and its pick. */
  mine: v.object({
    reactions: v.record(v.string(), v.array(v.picklist(REACTION_EMOJI))),
    vote: v.nullable(v.string()),
    upvoted: v.array(v.string()),
    pick: v.nullable(v.string()),
  }),
});

/** The audience's present state. */
export type AudienceState = v.InferOutput<typeof audienceStateSchema>;

/** The spans `GET /api/leaderboard` rates over, ending now (`all`: every stored pick), and how long each is. */
export const LEADERBOARD_WINDOWS = { day: 86_400, week: 604_800, all: null } as const;

/** A span of the leaderboard. */
export type LeaderboardWindow = keyof typeof LEADERBOARD_WINDOWS;
