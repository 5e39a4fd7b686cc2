/**
 * The room's audience (issue 15): what viewers send over their sockets
 * beside resume and ping (react, vote, suggest, upvote, pick), each through
 * its budget (audience-budget.ts) and its module, and the `audience` frame a
 * viewer gets after its snapshot or replay. A refusal goes to the socket that
 * sent the frame only, as an error frame; the socket stays open.
 *
 * Reactions are here (reactions.ts). The vote on who speaks next, the
 * suggestions and the round's pick answer `not_open` and show as nothing
 * (`openVote`, `openSuggestions`, `openPick` below) until their modules fill
 * them: each adds its case to `receive` and its part to `stateFor`.
 */
import type { ClientFrame, FrameErrorCode, FrameOf, OpenPick, OpenVote, Suggestion } from '../contract/index.ts';
import { spendAudienceBudget } from './audience-budget.ts';
import type { Connections, SocketIdentity } from './connections.ts';
import type { Outbox } from './outbox.ts';
import { Reactions } from './reactions.ts';
import type { RoomStore } from './storage.ts';

/** The frames of the audience: every client frame but the socket's own (resume, ping). */
export type AudienceFrame = Exclude<ClientFrame, { type: 'resume' | 'ping' }>;

/** What the audience needs of its room. */
export interface AudienceParts {
  store: RoomStore;
  outbox: Outbox;
  connections: Connections;
  now(): number;
}

export class Audience {
  readonly reactions: Reactions;
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
  }

  /** Handles one audience frame from `socket`; a refusal is an error frame to that socket. */
  receive(socket: WebSocket, frame: AudienceFrame): void {
    const identity = this.#parts.connections.socketIdentity(socket);
    const refusal = this.#answer(identity, frame);
    if (refusal) this.#parts.connections.send(socket, { type: 'error', ...refusal });
  }

  /** The refusal of a frame, or null when it was taken (a repeated reaction is taken: it changes nothing). */
  #answer(identity: SocketIdentity, frame: AudienceFrame): Refusal | null {
    switch (frame.type) {
      case 'react': {
        const spent = this.#spend('react', identity);
        if (spent) return spent;
        const outcome = this.reactions.react(identity, frame.messageId, frame.emoji);
        if (outcome !== 'not_open') return null;
        return { code: 'not_open', message: `No finished message "${frame.messageId}" in this room to react to.` };
      }
      case 'vote':
      case 'suggest':
      case 'upvote':
      case 'pick':
        return { code: 'not_open', message: `This room has nothing open for ${frame.type} frames.` };
    }
  }

  /** Spends one unit of the viewer's `budget`; the refusal when it is spent. */
  #spend(budget: 'react' | 'vote' | 'suggest' | 'upvote' | 'pick', identity: SocketIdentity): Refusal | null {
    const room = this.#room() ?? 'unconfigured';
    const [caller, identifier] = identity.viewer
      ? (['user', `user:${identity.viewer.userId}`] as const)
      : (['anonymous', `socket:${identity.socketId}`] as const);
    const verdict = spendAudienceBudget(room, budget, caller, identifier, this.#parts.now());
    return verdict.allowed ? null : { code: 'rate_limited', message: verdict.message };
  }

  /** The room's conversation, read once (a room is its conversation's for good: idFromName); null before it is configured. */
  #room(): string | null {
    this.#conversationId ??= this.#parts.store.settings()?.conversationId ?? null;
    return this.#conversationId;
  }

  /** The audience's present state for the viewer behind `socket`, with the reactions of `messageIds` (the messages it holds). */
  stateFor(socket: WebSocket, messageIds: string[]): FrameOf<'audience'> {
    const identity = this.#parts.connections.socketIdentity(socket);
    return {
      type: 'audience',
      reactions: this.reactions.countsOfMany(messageIds),
      vote: openVote(),
      suggestions: openSuggestions(),
      pick: openPick(),
      mine: {
        reactions: this.reactions.mineOf(identity, messageIds),
        vote: myVote(identity),
        upvoted: myUpvotes(identity),
        pick: myPick(identity),
      },
    };
  }
}

/** A refused frame's answer. */
interface Refusal {
  code: FrameErrorCode;
  message: string;
}

// Placeholders of the parts other modules own (issue 15 points 2 to 4): nothing is open yet.

/** The open vote on who speaks next: none yet (point 2). */
function openVote(): OpenVote | null {
  return null;
}

/** The open topic suggestions: none yet (point 3). */
function openSuggestions(): Suggestion[] {
  return [];
}

/** The round whose best message may be picked: none yet (point 4). */
function openPick(): OpenPick | null {
  return null;
}

/** The viewer's vote in the open vote: none yet (point 2). */
function myVote(_identity: SocketIdentity): string | null {
  return null;
}

/** The suggestions the viewer upvoted: none yet (point 3). */
function myUpvotes(_identity: SocketIdentity): string[] {
  return [];
}

/** The message the viewer picked in the open round: none yet (point 4). */
function myPick(_identity: SocketIdentity): string | null {
  return null;
}
