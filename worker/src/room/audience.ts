/**
 * The room's audience (issue 15): what viewers send over their sockets
 * beside resume and ping (react, vote, suggest, upvote, pick), and the
 * `audience` frame a viewer gets after its snapshot or replay.
 *
 * Every frame is admitted here, one way for all: a frame other than `react`
 * needs a signed-in viewer (`sign_in_required`, before anything is counted);
 * then it spends one unit of its budget (audience-budget.ts; `rate_limited`),
 * per user across all their sockets, an anonymous viewer per socket; then its
 * module applies it or answers why not: reactions.ts, the vote and the
 * suggestions (steering-frames.ts), the round's pick (round-picks.ts). A
 * refusal goes to the socket that sent the frame only, as an error frame
 * naming the frame it refuses (`refused`); the socket stays open.
 */
import type { AudienceFrame, FrameOf } from '../contract/index.ts';
import type { AudienceBudget } from '../cache/rate-limit.ts';
import { spendAudienceBudget } from './audience-budget.ts';
import type { Connections, SocketIdentity } from './connections.ts';
import type { Viewer } from './contract.ts';
import type { Outbox } from './outbox.ts';
import { Reactions } from './reactions.ts';
import { RoundPicks } from './round-picks.ts';
import { receiveSuggest, receiveUpvote, receiveVote, steeringState, type Refusal } from './steering-frames.ts';
import type { Steering } from './steering.ts';
import type { RoomStore } from './storage.ts';

/** What the audience needs of its room. */
export interface AudienceParts {
  store: RoomStore;
  outbox: Outbox;
  connections: Connections;
  /** The vote and the suggestions (built after the audience: they need the look-ahead). */
  steering(): Steering;
  now(): number;
}

/** The budget each audience frame spends. */
const BUDGET_OF = {
  react: 'react',
  vote: 'vote',
  suggest: 'suggest',
  upvote: 'upvote',
  pick: 'pick',
} as const satisfies Record<AudienceFrame['type'], AudienceBudget>;

/** What a signed-in viewer may do, in the words of `sign_in_required`. */
const SIGN_IN_TO = {
  vote: 'vote on who speaks next',
  suggest: 'suggest a topic',
  upvote: 'upvote a suggestion',
  pick: 'pick the best message of a round',
} as const satisfies Record<Exclude<AudienceFrame['type'], 'react'>, string>;

export class Audience {
  readonly reactions: Reactions;
  readonly picks: RoundPicks;
  readonly #parts: AudienceParts;
  #conversationId: string | null = null;

  constructor(parts: AudienceParts) {
    this.#parts = parts;
    this.reactions = new Reactions({
      store: parts.store,
      conversationId: () => this.#room(),
      outbox: parts.outbox,
      broadcast: (frame) => parts.connections.broadcast(frame),
      now: parts.now,
    });
    this.picks = new RoundPicks({
      store: parts.store,
      outbox: parts.outbox,
      connections: parts.connections,
      now: parts.now,
    });
  }

  /** Handles one audience frame from `socket`; a refusal is an error frame to that socket. */
  receive(socket: WebSocket, frame: AudienceFrame): void {
    const identity = this.#parts.connections.socketIdentity(socket);
    const refusal = this.#admit(identity, frame) ?? this.#apply(identity, frame);
    if (refusal) this.#parts.connections.send(socket, { type: 'error', ...refusal, refused: frame });
  }

  /** Signed in where the frame needs it, then one unit of the frame's budget; the refusal, or null. */
  #admit(identity: SocketIdentity, frame: AudienceFrame): Refusal | null {
    if (frame.type !== 'react' && !identity.viewer) {
      return { code: 'sign_in_required', message: `Sign in to ${SIGN_IN_TO[frame.type]}.` };
    }
    const [caller, identifier] = identity.viewer
      ? (['user', `user:${identity.viewer.userId}`] as const)
      : (['anonymous', `socket:${identity.socketId}`] as const);
    const room = this.#room() ?? 'unconfigured';
    const verdict = spendAudienceBudget(room, BUDGET_OF[frame.type], caller, identifier, this.#parts.now());
    return verdict.allowed ? null : { code: 'rate_limited', message: verdict.message };
  }

  /** The admitted frame, applied by its module; the refusal when there is nothing to apply it to. */
  #apply(identity: SocketIdentity, frame: AudienceFrame): Refusal | null {
    if (frame.type === 'react') {
      if (this.reactions.react(identity, frame.messageId, frame.emoji) !== 'not_open') return null;
      return { code: 'not_open', message: `No finished message "${frame.messageId}" in this room to react to.` };
    }
    const viewer = identity.viewer as Viewer;
    const steering = this.#parts.steering();
    switch (frame.type) {
      case 'vote':
        return receiveVote(steering, viewer, frame);
      case 'suggest':
        return receiveSuggest(steering, viewer, frame, this.#parts.store.settings()?.suggestionEvery ?? 0);
      case 'upvote':
        return receiveUpvote(steering, viewer, frame);
      case 'pick':
        return this.picks.pick(viewer, frame);
    }
  }

  /** The room's conversation, read once (a room is its conversation's for good: idFromName); null before it is configured. */
  #room(): string | null {
    this.#conversationId ??= this.#parts.store.settings()?.conversationId ?? null;
    return this.#conversationId;
  }

  /** The audience's present state for the viewer behind `socket`, with the reactions of `messageIds` (the messages it holds). */
  stateFor(socket: WebSocket, messageIds: string[]): FrameOf<'audience'> {
    const identity = this.#parts.connections.socketIdentity(socket);
    const steering = steeringState(this.#parts.steering(), identity.viewer?.userId ?? null);
    const picks = this.picks.audience(identity.viewer);
    return {
      type: 'audience',
      reactions: this.reactions.countsOfMany(messageIds),
      vote: steering.vote,
      suggestions: steering.suggestions,
      pick: picks.pick,
      mine: {
        reactions: this.reactions.mineOf(identity, messageIds),
        vote: steering.mine.vote,
        upvoted: steering.mine.upvoted,
        pick: picks.mine,
      },
    };
  }
}
