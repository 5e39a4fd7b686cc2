/**
 * The audience as the room page draws it: reaction counts per message, the
 * open vote on who speaks next (and the last one's result), the open topic
 * suggestions, the open pick of a round's best message, and what this viewer
 * gave. Built by a pure reducer from the room's audience frames
 * (worker/src/contract/frames.ts) and from the frames this viewer sent
 * (`applySent`), so a viewer's own reaction, vote, upvote or pick shows at
 * once. A refused audience frame comes back as an `error` frame naming it
 * (`refused`): the page shows the words beside that frame and no longer counts
 * it as given (stores/audience-actions.ts `mineOf`: undone there, on the
 * audience's own chunk, to keep the room page's first chunk small).
 */
import type {
  AudienceFrame,
  FrameErrorCode,
  OpenPick,
  OpenVote,
  ReactionCounts,
  ReactionEmoji,
  ServerFrame,
  Suggestion,
} from '../../../worker/src/contract/index.ts';

/** A frame a viewer sends as the audience (the contract's). */
export type AudienceAction = AudienceFrame;

/** An audience frame the room refused, with its words. */
export interface AudienceError {
  /** One more for each error, so the page can tell a new one from the last. */
  id: number;
  action: AudienceAction;
  code: FrameErrorCode;
  message: string;
}

/** How the last vote ended, shown while the turn it decided runs. */
export interface VoteResult {
  voteId: string;
  counts: Record<string, number>;
  winner: string | null;
  decidedBy: 'votes' | 'mode';
}

/** What this viewer gave. */
export interface MyAudience {
  reactions: Record<string, ReactionEmoji[]>;
  /** The persona this viewer voted for in the open vote. */
  vote: string | null;
  upvoted: string[];
  /** The message this viewer picked in the open round. */
  pick: string | null;
}

/** The audience part of the room's view. */
export interface AudienceView {
  /** Reaction counts by message id, as the room last sent them (messages also carry their own, from a snapshot or a page). */
  reactions: Record<string, ReactionCounts>;
  vote: OpenVote | null;
  lastVote: VoteResult | null;
  suggestions: Suggestion[];
  pick: OpenPick | null;
  mine: MyAudience;
  /** This viewer's frames the room refused since it last sent one: no longer counted as given (mineOf). */
  refused: AudienceAction[];
  /** The words of the last refusal. */
  error: AudienceError | null;
}

/** The audience before the room said anything. */
export function emptyAudience(): AudienceView {
  return {
    reactions: {},
    vote: null,
    lastVote: null,
    suggestions: [],
    pick: null,
    mine: { reactions: {}, vote: null, upvoted: [], pick: null },
    refused: [],
    error: null,
  };
}

/** The items of both, once each. */
export function union<T>(a: readonly T[] = [], b: readonly T[] = []): T[] {
  return [...new Set([...a, ...b])];
}

/** The audience after one of the room's frames; the same object when the frame is not the audience's. */
export function applyAudienceFrame(audience: AudienceView, frame: ServerFrame): AudienceView {
  switch (frame.type) {
    case 'reactions':
      return { ...audience, reactions: { ...audience.reactions, [frame.messageId]: frame.counts } };
    case 'vote-open':
      return { ...audience, vote: frame, lastVote: null, mine: { ...audience.mine, vote: null } };
    case 'vote-tally':
      return audience.vote?.voteId === frame.voteId
        ? { ...audience, vote: { ...audience.vote, counts: frame.counts } }
        : audience;
    case 'vote-close':
      return { ...audience, vote: audience.vote?.voteId === frame.voteId ? null : audience.vote, lastVote: frame };
    case 'suggestions':
      return { ...audience, suggestions: frame.items };
    case 'pick-open':
      return { ...audience, pick: frame, mine: { ...audience.mine, pick: null } };
    case 'pick-tally':
      return audience.pick?.round === frame.round
        ? { ...audience, pick: { ...audience.pick, counts: frame.counts } }
        : audience;
    case 'audience': {
      // What the room says this viewer gave is the truth, but a reaction once given is never taken back: an
      // anonymous viewer's new socket starts with none though the room still knows its address.
      const reactions = { ...audience.mine.reactions };
      for (const [messageId, given] of Object.entries(frame.mine.reactions))
        reactions[messageId] = union(reactions[messageId], given);
      const { type: _, mine, ...present } = frame;
      return {
        ...audience,
        ...present,
        reactions: { ...audience.reactions, ...frame.reactions },
        lastVote: frame.vote ? null : audience.lastVote,
        mine: { ...mine, reactions },
      };
    }
    case 'message-end':
      // The turn a vote decided is over: its result has been seen.
      return audience.lastVote ? { ...audience, lastVote: null } : audience;
    case 'error':
      // Kept as it came: what the refused frame marked as given is unmarked by whoever reads it (mineOf).
      return frame.refused
        ? {
            ...audience,
            refused: [...audience.refused, frame.refused],
            error: {
              id: (audience.error?.id ?? 0) + 1,
              action: frame.refused,
              code: frame.code,
              message: frame.message,
            },
          }
        : audience;
    default:
      return audience;
  }
}

/** Whether an error frame answers one of this viewer's audience frames (and so is shown beside it, not as the room's). */
export function answersAudience(frame: ServerFrame): boolean {
  return frame.type === 'error' && frame.refused !== undefined;
}
