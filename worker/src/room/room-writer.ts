/**
 * Every write of the room's state, each in one SQLite transaction: a
 * finished message with its frame and outbox row, a turn's outcome (message,
 * frames, outbox rows, counters, summary, answered interjection and nudge),
 * the discard of a turn a dead instance left unfinished, and lifecycle
 * records. Only `Conversation` holds a RoomWriter; it broadcasts the frame
 * texts returned once the transaction is stored.
 */
import type { ProviderCallRecord } from '../providers/types.ts';
import { RoomControlError, type RoomSettings } from './contract.ts';
import { afterFailure, afterTurn, nextRound, type ControlRecord } from './control.ts';
import type { FrameLog } from './frame-log.ts';
import { toMessageRow, type Outbox } from './outbox.ts';
import type { OpenPick, RoomMessage } from '../contract/index.ts';
import { RoundPicks } from './round-picks.ts';
import { rotateAfter, type TurnOutcome, type TurnPlan } from './speaker-turn.ts';
import type { NudgeRecord, RoomStore } from './storage.ts';

/** A message that has no streamed frames (an interjection, a nudge, the Moderator's). */
export type MessageFields = Omit<RoomMessage, 'id' | 'seq' | 'createdAt'>;

/** What a transaction stored: the frame texts to broadcast, in order. */
export interface Written {
  texts: string[];
}

/** The room's writes; held by Conversation alone. */
export class RoomWriter {
  readonly #store: RoomStore;
  readonly #frames: FrameLog;
  readonly #outbox: Outbox;
  readonly #rounds: RoundPicks;
  readonly #now: () => number;

  /** `rounds` places each finished AI message in its round (round-picks.ts). */
  constructor(parts: { store: RoomStore; frames: FrameLog; outbox: Outbox; now: () => number }, rounds: RoundPicks) {
    this.#store = parts.store;
    this.#frames = parts.frames;
    this.#outbox = parts.outbox;
    this.#rounds = rounds;
    this.#now = parts.now;
  }

  /** Stores a finished message with its `message-end` frame and outbox row; `also` adds room facts to the same transaction. */
  storeMessage(
    fields: MessageFields,
    also: { replyTo?: boolean; nudges?: NudgeRecord } = {},
  ): Written & { message: RoomMessage } {
    const settings = this.#store.settings();
    if (!settings) throw new RoomControlError('not_configured', 'The room has no settings yet.');
    return this.#store.transaction(() => {
      const message: RoomMessage = {
        ...fields,
        id: crypto.randomUUID(),
        seq: this.#frames.lastSeq + 1,
        createdAt: new Date(this.#now()).toISOString(),
      };
      const { text } = this.#frames.append({ type: 'message-end', message }, 'now');
      this.#store.insertMessage(message);
      this.#outbox.addMessage(toMessageRow(settings.conversationId, message));
      if (also.replyTo) this.#store.writeReplyTo(message.id);
      if (also.nudges) this.#store.writeNudges(also.nudges);
      return { message, texts: [text] };
    });
  }

  /** Stores provider call records that belong to no stored turn (a discarded prefetch, room/prefetch.ts). */
  recordCalls(calls: ProviderCallRecord[]): void {
    if (calls.length === 0) return;
    this.#store.transaction(() => {
      for (const call of calls) this.#outbox.addCall(call);
    });
  }

  /** Writes the settings. */
  writeSettings(settings: RoomSettings): void {
    this.#store.writeSettings(settings);
  }

  /** Starts the next round of a room in rounds that stopped at maxTurns, when `viewers` watch; answers whether it did. */
  continueRound(viewers: number): boolean {
    return this.#store.transaction(() => {
      const settings = this.#store.settings();
      const round = settings ? nextRound(this.#store.control(), settings, viewers) : null;
      if (!settings || !round) return false;
      this.#store.writeSettings({ ...settings, maxTurns: round.maxTurns });
      this.#writeControl(round.record);
      return true;
    });
  }

  /** Writes the lifecycle record; a new status is bound for Postgres through the outbox, scheduled in the same transaction. */
  writeControl(control: ControlRecord): void {
    this.#store.transaction(() => this.#writeControl(control));
  }

  #writeControl(control: ControlRecord): void {
    const before = this.#store.control();
    this.#store.writeControl(control);
    if (before.status !== control.status) this.#outbox.statusChanged();
  }

  /** The spend warnings already logged. */
  writeSpendWarnings(keys: string[]): void {
    this.#store.writeSpendWarnings(keys);
  }

  /** Marks the turn as in progress: a successor instance finding the marker knows the turn was lost. */
  beginTurn(plan: TurnPlan): void {
    this.#store.writeTurnMarker({ persona: plan.speaker.name, messageId: plan.messageId });
  }

  /**
   * Stores a turn's outcome in one transaction: for a finished turn its
   * typing-end and message-end frames (with the message's held frames), the
   * message, its outbox rows and the counters after it; for a failed or
   * cancelled one typing-end, message-discard when it had started, and the
   * call records. A finished message carries its round (round-picks.ts);
   * one that ends the round adds the `pick-open` frame. A room in rounds that reaches maxTurns while `viewers`
   * watch goes on with its next round in the same transaction.
   */
  commitTurn(
    plan: TurnPlan,
    outcome: TurnOutcome,
    viewers: number,
  ): Written & { message: RoomMessage | null; control: ControlRecord } {
    const { settings, speaker, messageId } = plan;
    return this.#store.transaction(() => {
      const latest = this.#store.control();
      const texts = [this.#frames.append({ type: 'typing-end', persona: speaker.name }, 'with-message').text];
      let message: RoomMessage | null = null;
      let control = latest;
      let opened: OpenPick | null = null;
      if (outcome.kind === 'finished') {
        const finished = finishedMessage(plan, outcome, latest.turns + 1, this.#frames.lastSeq + 1, this.#now());
        ({ message, opened } = this.#rounds.place(
          finished,
          settings.personas.map((persona) => persona.name),
        ));
        texts.push(this.#frames.append({ type: 'message-end', message }, 'with-message').text);
        const closingOrder = rotateAfter(settings.personas, speaker.name).map((persona) => persona.name);
        control = afterTurn(latest, { costUsd: outcome.reply.costUsd, persona: speaker.name }, settings, closingOrder);
        const round = nextRound(control, settings, viewers);
        if (round) {
          this.#store.writeSettings({ ...settings, maxTurns: round.maxTurns });
          control = round.record;
        }
      } else {
        if (outcome.started) {
          texts.push(
            this.#frames.append(
              { type: 'message-discard', messageId, reason: outcome.kind === 'cancelled' ? 'stopped' : 'failed' },
              'with-message',
            ).text,
          );
        }
        if (outcome.kind === 'failed') control = afterFailure(latest);
      }
      this.#frames.commit();
      if (message) {
        this.#store.insertMessage(message);
        this.#outbox.addMessage(toMessageRow(settings.conversationId, message));
      }
      for (const call of outcome.calls) this.#outbox.addCall(call);
      if (control !== latest) this.#writeControl(control);
      if (outcome.kind === 'finished') {
        this.#store.writeSummary(outcome.summary);
        if (outcome.replyTo) this.#store.writeReplyTo(null);
        if (outcome.nudge) this.#store.writeNudges({ ...this.#store.nudges(), pending: null });
      }
      this.#store.writeTurnMarker(null);
      if (opened) texts.push(RoundPicks.openFrame(opened));
      return { texts, message, control };
    });
  }

  /** Ends the turn a dead predecessor left (typing-end, message-discard `interrupted`); null when there was none. */
  discardInterruptedTurn(): Written | null {
    const marker = this.#store.turnMarker();
    if (!marker) return null;
    return this.#store.transaction(() => {
      const texts = [
        this.#frames.append({ type: 'typing-end', persona: marker.persona }, 'with-message').text,
        this.#frames.append(
          { type: 'message-discard', messageId: marker.messageId, reason: 'interrupted' },
          'with-message',
        ).text,
      ];
      this.#frames.commit();
      this.#store.writeTurnMarker(null);
      return { texts };
    });
  }
}

/** The message of a finished turn. */
function finishedMessage(
  plan: TurnPlan,
  outcome: Extract<TurnOutcome, { kind: 'finished' }>,
  turn: number,
  seq: number,
  now: number,
): RoomMessage {
  const { reply, quality } = outcome;
  return {
    id: plan.messageId,
    seq,
    senderType: 'ai',
    senderId: `${reply.provider}/${reply.model}`.slice(0, 100),
    persona: plan.speaker.name,
    author: plan.speaker.displayName,
    content: reply.text,
    createdAt: new Date(now).toISOString(),
    metadata: {
      turn,
      provider: reply.provider,
      model: reply.model,
      latencyMs: reply.latencyMs,
      timeToFirstTokenMs: reply.timeToFirstTokenMs,
      tokens: { input: reply.usage.inputTokens, output: reply.usage.outputTokens, estimated: reply.usage.estimated },
      costUsd: reply.costUsd,
      quality,
      fallbacks: reply.fallbacks,
      finishReason: reply.finishReason,
      ...(outcome.replyTo ? { replyTo: outcome.replyTo } : {}),
      ...(plan.kind === 'turn' ? {} : { closing: true }),
      ...(reply.cached ? { cached: true } : {}),
    },
  };
}
