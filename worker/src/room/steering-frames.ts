/**
 * The audience's steering frames from one socket (`vote`, `suggest`,
 * `upvote`) and what a viewer is told of the steering in its `audience`
 * frame. audience.ts admits each frame first (signed-in viewers only, one
 * unit of its budget per user across all their sockets); these apply it, or
 * answer why not (`not_open` when there is nothing to apply it to).
 */
import {
  type AudienceState,
  type ClientFrame,
  type FrameErrorCode,
  MAX_OPEN_SUGGESTIONS_PER_USER,
} from '../contract/index.ts';
import type { Viewer } from './contract.ts';
import type { Steering } from './steering.ts';

type FrameOfType<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;

/** A refused frame's answer, to the socket that sent it. */
export interface Refusal {
  code: FrameErrorCode;
  message: string;
}

/** A vote for who speaks next in the open vote; a second one by the same user replaces the first. */
export function receiveVote(steering: Steering, viewer: Viewer, frame: FrameOfType<'vote'>): Refusal | null {
  if (steering.vote.cast(viewer.userId, frame.voteId, frame.persona)) return null;
  return { code: 'not_open', message: `No open vote ${frame.voteId} with ${frame.persona} among its candidates.` };
}

/** A topic suggestion, in a room that takes them (suggestionEvery above 0). */
export function receiveSuggest(
  steering: Steering,
  viewer: Viewer,
  frame: FrameOfType<'suggest'>,
  suggestionEvery: number,
): Refusal | null {
  if (suggestionEvery <= 0) return { code: 'not_open', message: 'This room takes no topic suggestions.' };
  if (steering.suggestions.add(viewer, frame.text) !== 'too_many') return null;
  return {
    code: 'rate_limited',
    message: `You have ${MAX_OPEN_SUGGESTIONS_PER_USER} open suggestions here: suggest again once one is taken up or gives way.`,
  };
}

/** An upvote of someone else's open suggestion; a second one by the same user changes nothing. */
export function receiveUpvote(steering: Steering, viewer: Viewer, frame: FrameOfType<'upvote'>): Refusal | null {
  const refusal = steering.suggestions.upvote(viewer.userId, frame.suggestionId);
  if (refusal === 'own') return { code: 'bad_frame', message: 'You cannot upvote your own suggestion.' };
  if (refusal === 'not_open') return { code: 'not_open', message: `No open suggestion ${frame.suggestionId}.` };
  return null;
}

/** The steering's part of a viewer's `audience` frame: the open vote, the open suggestions, and what `userId` gave. */
export function steeringState(
  steering: Steering,
  userId: string | null,
): Pick<AudienceState, 'vote' | 'suggestions'> & { mine: Pick<AudienceState['mine'], 'vote' | 'upvoted'> } {
  return {
    vote: steering.vote.current(),
    suggestions: steering.suggestions.list(),
    mine: {
      vote: userId ? steering.vote.mine(userId) : null,
      upvoted: userId ? steering.suggestions.upvotedBy(userId) : [],
    },
  };
}
