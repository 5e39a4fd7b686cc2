/**
 * The audience's steering frames from one socket (`vote`, `suggest`,
 * `upvote`) and what a viewer is told of the steering in its `audience`
 * frame. Each frame is for signed-in viewers only (`sign_in_required`
 * before anything is counted), then spends one unit of its budget per user
 * across all their sockets (`rate_limited`), then applies (`not_open` when
 * there is nothing to apply it to). A refusal goes to that socket only.
 */
import type { AudienceState, ClientFrame, FrameErrorCode } from '../contract/index.ts';
import type { AudienceBudget } from '../cache/rate-limit.ts';
import { spendAudienceBudget } from './audience-budget.ts';
import type { Viewer } from './contract.ts';
import type { Steering } from './steering.ts';

/** Who sent a frame, and how to answer them. */
export interface FrameCaller {
  /** The socket's signed-in viewer; null for an anonymous one. */
  viewer: Viewer | null;
  /** The room the budgets count in (its conversation id). */
  room: string;
  refuse(code: FrameErrorCode, message: string): void;
}

type FrameOfType<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;

/** The caller's signed-in viewer once their budget allowed the frame; null after a refusal. */
function admit(caller: FrameCaller, budget: AudienceBudget, what: string): Viewer | null {
  if (!caller.viewer) {
    caller.refuse('sign_in_required', `Sign in to ${what}.`);
    return null;
  }
  const verdict = spendAudienceBudget(caller.room, budget, 'user', `user:${caller.viewer.userId}`);
  if (!verdict.allowed) {
    caller.refuse('rate_limited', verdict.message);
    return null;
  }
  return caller.viewer;
}

/** A vote for who speaks next in the open vote; a second one by the same user replaces the first. */
export function receiveVote(steering: Steering, caller: FrameCaller, frame: FrameOfType<'vote'>): void {
  const viewer = admit(caller, 'vote', 'vote on who speaks next');
  if (!viewer || steering.vote.cast(viewer.userId, frame.voteId, frame.persona)) return;
  caller.refuse('not_open', `No open vote ${frame.voteId} with ${frame.persona} among its candidates.`);
}

/** A topic suggestion, in a room that takes them (suggestionEvery above 0). */
export function receiveSuggest(
  steering: Steering,
  caller: FrameCaller,
  frame: FrameOfType<'suggest'>,
  suggestionEvery: number,
): void {
  const viewer = admit(caller, 'suggest', 'suggest a topic');
  if (!viewer) return;
  if (suggestionEvery > 0) steering.suggestions.add(viewer, frame.text);
  else caller.refuse('not_open', 'This room takes no topic suggestions.');
}

/** An upvote of someone else's open suggestion; a second one by the same user changes nothing. */
export function receiveUpvote(steering: Steering, caller: FrameCaller, frame: FrameOfType<'upvote'>): void {
  const viewer = admit(caller, 'upvote', 'upvote a suggestion');
  if (!viewer) return;
  const refusal = steering.suggestions.upvote(viewer.userId, frame.suggestionId);
  if (refusal === 'own') caller.refuse('bad_frame', 'You cannot upvote your own suggestion.');
  if (refusal === 'not_open') caller.refuse('not_open', `No open suggestion ${frame.suggestionId}.`);
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
