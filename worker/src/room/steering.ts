/**
 * What happens between two turns, where the audience steers the show: the
 * Moderator's word after a stored turn (a failure notice; the audience's top
 * suggestion every `suggestionEvery` turns, else the nudge out of a loop),
 * then the pause: a vote room opens the vote on who speaks next
 * (next-speaker-vote.ts), any other plans the next turn ahead (look-ahead.ts).
 *
 * What wins when: closing remarks go to the personas who owe them (no vote
 * opens while closing); a persona addressed by name in a viewer's unanswered
 * interjection answers next (no vote opens, and such an interjection closes
 * an open vote without a winner); else the vote's winner; else (a tie, no
 * votes) the room's mode.
 */
import { AUDIENCE_LIMITS, type ServerFrame } from '../contract/index.ts';
import type { Logger } from '../logging/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { LookAhead } from './look-ahead.ts';
import { loopNotice, providerFailedFrame } from './moderator.ts';
import { NextSpeakerVote, voteCandidates } from './next-speaker-vote.ts';
import type { MessageFields } from './room-writer.ts';
import type { Schedule } from './schedule.ts';
import { LOOKBACK, type TurnOutcome } from './speaker-turn.ts';
import type { NudgeRecord, RoomStore } from './storage.ts';
import { Suggestions } from './suggestions.ts';
import { addressedByViewer } from './turn-policy.ts';

/** What the steering needs from its room. */
export interface SteeringParts {
  store: RoomStore;
  schedule: Schedule;
  lookAhead(): LookAhead;
  broadcast(frame: ServerFrame): void;
  now(): number;
  random(): number;
  log(): Logger;
  /** Stores and broadcasts a Moderator message with the nudge record it sets. */
  storeMessage(fields: MessageFields, also: { nudges: NudgeRecord }): void;
}

/** The audience's part between turns: the vote and the suggestions of one room. */
export class Steering {
  readonly vote: NextSpeakerVote;
  readonly suggestions: Suggestions;
  readonly #parts: SteeringParts;

  constructor(parts: SteeringParts) {
    this.#parts = parts;
    const { sql } = parts.store;
    this.vote = new NextSpeakerVote({ sql, broadcast: parts.broadcast, now: parts.now });
    this.suggestions = new Suggestions({ sql, broadcast: parts.broadcast, now: parts.now });
  }

  /** Right after `persona`'s stored turn: a failure logged and told, or after a finished one the audience's suggestion when due, else a nudge when the conversation loops. */
  afterTurn(outcome: TurnOutcome, persona: string): void {
    const { store, random } = this.#parts;
    if (outcome.kind === 'failed') {
      this.#parts.log().warn('turn-failed', { persona, kind: outcome.error.kind, error: outcome.error.message });
      this.#parts.broadcast(providerFailedFrame(outcome.error.kind));
    }
    if (outcome.kind !== 'finished') return;
    const every = store.settings()?.suggestionEvery;
    const notice = this.suggestions.nudgeDue(every, store.control(), store.nudges()) ?? loopNotice(store, random);
    if (notice) this.#parts.storeMessage(notice.fields, { nudges: notice.nudges });
  }

  /**
   * The pause after `lastSpeaker`'s finished turn in a running room: a vote
   * room opens the vote until the next turn is due (moved to the vote's
   * shortest window, AUDIENCE_LIMITS.voteWindowMs, when due sooner); any
   * other room plans the next turn ahead.
   */
  async pause(registry: ProviderRegistry, lastSpeaker: string): Promise<void> {
    const { store, schedule, now } = this.#parts;
    const settings = store.settings();
    const candidates =
      settings && !store.control().closing
        ? voteCandidates(settings, lastSpeaker, store.recentMessages(LOOKBACK))
        : null;
    if (!candidates) return this.#parts.lookAhead().plan(registry);
    const due = schedule.dueAt('turn') ?? now();
    const closesAt = Math.max(due, now() + AUDIENCE_LIMITS.voteWindowMs.min);
    if (closesAt !== due) await schedule.at('turn', closesAt);
    this.vote.open(candidates, closesAt);
  }

  /** The turn is due: an open vote closes, and its winner's turn (or the mode's choice) is planned, announced and its reply started. */
  closeVote(registry: ProviderRegistry): void {
    const result = this.vote.close();
    if (result) this.#parts.lookAhead().plan(registry, result.winner);
  }

  /** A control changed the room's lifecycle (pause, stop, idle pause): an open vote closes without a winner. */
  cancelVote(): void {
    this.vote.close(false);
  }

  /** An interjection was stored: one addressing a persona closes the open vote without a winner (that persona answers next). */
  interjected(): void {
    if (!this.vote.isOpen()) return;
    const personas = this.#parts.store.settings()?.personas ?? [];
    if (addressedByViewer(personas, this.#parts.store.recentMessages(LOOKBACK)) !== null) this.vote.close(false);
  }
}
