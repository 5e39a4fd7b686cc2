/**
 * One persona's turn as one unit with narrow inputs. `planTurn` chooses the
 * speaker from what the room has stored; `takeTurn` then runs it:
 * typing-start, thinking time, the reply (the `reply` input: the reply cache
 * or the persona's provider chain) streamed in coalesced deltas, and returns
 * an outcome. The turn reads the room through a read-only view and writes
 * only frames, through the frame ledger; the room stores the outcome
 * (room-writer.ts) in one transaction and only then are typing-end and
 * message-end sent. Also here: the decision to nudge a looping conversation.
 */
import type { ChatRequest, ProviderCallRecord, TurnEvent } from '../providers/types.ts';
import { ProviderError } from '../providers/types.ts';
import { DeltaCoalescer } from './coalescer.ts';
import { buildContext, type BuiltContext, type RunningSummary, type TurnKind } from './context.ts';
import type { RoomPersona, RoomSettings } from './contract.ts';
import type { FrameLog } from './frame-log.ts';
import { DELTA_INTERVAL_MS, type FrameOf, type Quality, type RoomMessage } from '../contract/index.ts';
import { chooseNudge, isLoop, LOOP_WINDOW, NUDGE_COOLDOWN_TURNS, scoreMessage } from './quality.ts';
import type { Reply } from './reply-source.ts';
import type { RoomStore } from './storage.ts';
import { readingTimeMs, scaled, thinkingTimeMs } from './timing.ts';
import { addressedPersona, chooseSpeaker } from './turn-policy.ts';

/** The pause before the first turn of a started room, before timing scale: short, since a newcomer opening the site sees nothing yet (issue 13: streamed text within 3 s). */
export const OPENING_DELAY_MS = 500;
/** The pause before retrying after a turn on which every provider failed, times the failures so far. */
const FAILURE_RETRY_MS = 5000;

/** Messages the speaker choice and the quality score look back on. */
export const LOOKBACK = 30;
/** Messages a new one is compared with for repetition: the room's history, up to this many. */
const REPETITION_HISTORY = 1000;

/** What a turn reads of the room: accessors, never writers. */
export type TurnView = Pick<
  RoomStore,
  'settings' | 'control' | 'recentMessages' | 'messagesBetween' | 'summary' | 'replyTo' | 'nudges'
>;

/** The turn the room is about to take. */
export interface TurnPlan {
  settings: RoomSettings;
  speaker: RoomPersona;
  kind: TurnKind;
  messageId: string;
  /** The recent messages the speaker was chosen from (and the reply is scored against). */
  history: RoomMessage[];
}

/** What a turn in progress shows viewers (snapshots, `state().speaking`); the turn keeps it current. */
export interface ActiveTurn {
  abort: AbortController;
  persona: string;
  displayName: string;
  typing: boolean;
  streaming: FrameOf<'snapshot'>['streaming'];
}

/** The marker of a planned turn about to be taken: its speaker typing, nothing streamed yet. */
export function activeTurn(plan: TurnPlan): ActiveTurn {
  const { name, displayName } = plan.speaker;
  return { abort: new AbortController(), persona: name, displayName, typing: true, streaming: null };
}

/** One call of the provider chain for a speaker (reply-source.ts produceReply, bound to the room's registry). */
export interface ReplyRequest {
  speaker: RoomPersona;
  request: Omit<ChatRequest, 'model'>;
  signal: AbortSignal;
  onEvent(event: TurnEvent): void;
  onCall(record: ProviderCallRecord): void;
}

/** What a turn is given. */
export interface TurnInputs {
  plan: TurnPlan;
  view: TurnView;
  /** The frame ledger: each frame of the turn gets its seq here. */
  frames: FrameLog;
  broadcast(text: string): void;
  now(): number;
  random(): number;
  /** ROOM_TIMING_SCALE. */
  timingScale: number;
  /**
   * The reply: the seam where a call started early (during the previous
   * reading pause) is handed in instead of a new one.
   */
  reply(request: ReplyRequest): Promise<Reply>;
  /** What viewers see of the turn; created (with its abort controller) by the room. */
  active: ActiveTurn;
}

/** How a turn ended; the room stores it (room-writer.ts commitTurn). */
export type TurnOutcome =
  | {
      kind: 'finished';
      reply: Reply;
      quality: Quality;
      /** The running summary after folding what no longer fits the context. */
      summary: RunningSummary;
      /** The interjection answered, if any. */
      replyTo: string | null;
      /** The nudge taken up, if any. */
      nudge: string | null;
      calls: ProviderCallRecord[];
    }
  | { kind: 'failed'; error: ProviderError; started: boolean; calls: ProviderCallRecord[] }
  | { kind: 'cancelled'; started: boolean; calls: ProviderCallRecord[] };

/**
 * The next turn of a running room, or null when there is none to take (no
 * settings, not running). Closing remarks go to whoever owes them; else
 * `chosen` (the audience's vote, next-speaker-vote.ts) speaks; else the mode chooses.
 */
export function planTurn(
  view: TurnView,
  random: () => number,
  messageId: string,
  chosen: string | null = null,
): TurnPlan | null {
  const settings = view.settings();
  const control = view.control();
  if (!settings || control.status !== 'running') return null;
  const history = view.recentMessages(LOOKBACK);
  const voted = settings.personas.some((persona) => persona.name === chosen) ? chosen : null;
  const name = control.closing?.[0] ?? voted ?? chooseSpeaker(settings.mode, settings.personas, history, random);
  const speaker = settings.personas.find((persona) => persona.name === name) ?? settings.personas[0]!;
  const kind: TurnKind = control.closing ? 'closing' : control.turns + 1 >= settings.maxTurns ? 'final' : 'turn';
  return { settings, speaker, kind, messageId, history };
}

/**
 * What the planned turn's speaker is sent, as of now (the prefetch builds it
 * early and the turn again; the same room state gives the same request). An
 * interjection that addresses another persona by name is left for that one.
 */
export function turnContext(
  view: TurnView,
  plan: TurnPlan,
): { context: BuiltContext; replyTo: RoomMessage | null; nudge: string | null } {
  const { settings, speaker, kind } = plan;
  const summary = view.summary();
  const replyToId = view.replyTo();
  const nudge = view.nudges().pending;
  const unsummarised = view.messagesBetween(summary.throughSeq, Number.MAX_SAFE_INTEGER);
  const interjection = unsummarised.find((message) => message.id === replyToId) ?? null;
  const addressed = interjection ? addressedPersona(interjection.content, settings.personas, null) : null;
  const replyTo = addressed === null || addressed === speaker.name ? interjection : null;
  return {
    context: buildContext({ settings, speaker, history: unsummarised, summary, kind, replyTo, nudge }),
    replyTo,
    nudge,
  };
}

/** Takes a planned turn; resolves once the reply is complete (or the turn failed or was cancelled). Never throws. */
export async function takeTurn(inputs: TurnInputs): Promise<TurnOutcome> {
  const { plan, view, frames, active } = inputs;
  const { speaker, messageId } = plan;
  const { signal } = active.abort;
  const emit = (frame: Parameters<FrameLog['append']>[0], durability: Parameters<FrameLog['append']>[1]) =>
    inputs.broadcast(frames.append(frame, durability).text);
  const calls: ProviderCallRecord[] = [];
  let started = false;
  const coalescer = new DeltaCoalescer(
    DELTA_INTERVAL_MS,
    (chunk) => {
      emit({ type: 'message-delta', messageId, text: chunk.text, emittedAt: chunk.emittedAt }, 'with-message');
      if (active.streaming) active.streaming.text += chunk.text;
    },
    inputs.now,
  );

  try {
    emit({ type: 'typing-start', persona: speaker.name, displayName: speaker.displayName }, 'now');
    await scheduler.wait(scaled(thinkingTimeMs(speaker, inputs.random), inputs.timingScale), { signal });

    const { context, replyTo, nudge } = turnContext(view, plan);

    const reply = await inputs.reply({
      speaker,
      request: context.request,
      signal,
      onCall: (record) => calls.push(record),
      onEvent(event) {
        if (event.type === 'text-delta') return coalescer.push(event.text, inputs.now());
        coalescer.discard();
        if (event.type !== 'attempt-start') return;
        started = true;
        active.streaming = {
          messageId,
          persona: speaker.name,
          provider: event.provider,
          model: event.model,
          attempt: event.attempt,
          text: '',
        };
        emit(
          {
            type: 'message-start',
            messageId,
            persona: speaker.name,
            provider: event.provider,
            model: event.model,
            attempt: event.attempt,
            retry: event.retry,
          },
          'with-message',
        );
      },
    });
    coalescer.flush();
    if (signal.aborted) throw new ProviderError(reply.provider, 'aborted', 'The turn was cancelled.');
    const quality = scoreMessage({
      text: reply.text,
      persona: speaker,
      history: view.recentMessages(REPETITION_HISTORY).map((message) => message.content),
      nudge,
      topic: plan.settings.topic,
    });
    return { kind: 'finished', reply, quality, summary: context.summary, replyTo: replyTo?.id ?? null, nudge, calls };
  } catch (error) {
    coalescer.discard();
    const failure =
      error instanceof ProviderError
        ? error
        : new ProviderError(speaker.provider, 'network', String(error), { cause: error });
    if (failure.kind === 'aborted' || signal.aborted) return { kind: 'cancelled', started, calls };
    return { kind: 'failed', error: failure, started, calls };
  }
}

/** After LOOP_WINDOW repetitive AI messages, the new angle the moderator offers (the next speaker takes it up); null when none is due. */
export function loopNudge(
  view: Pick<RoomStore, 'control' | 'recentMessages' | 'nudges'>,
  random: () => number,
): string | null {
  const control = view.control();
  const state = view.nudges();
  if (
    control.status === 'stopped' ||
    control.closing ||
    (state.atTurn > 0 && control.turns - state.atTurn < NUDGE_COOLDOWN_TURNS)
  )
    return null;
  const novelties = view
    .recentMessages(LOOP_WINDOW * 4)
    .filter((message) => message.senderType === 'ai')
    .map((message) => message.metadata.quality?.novelty ?? 1);
  return isLoop(novelties) ? chooseNudge(state.given, random) : null;
}

/** The pause after a turn, before timing scale: the time to read a finished message; after a failure, a retry that backs off with `failures` in a row. */
export function pauseAfter(outcome: TurnOutcome, failures: number, random: () => number): number {
  if (outcome.kind === 'finished') return readingTimeMs(outcome.reply.text, random);
  if (outcome.kind === 'failed') return FAILURE_RETRY_MS * Math.max(1, failures);
  return OPENING_DELAY_MS;
}

/** The personas in table order, starting after `name`: who owes closing remarks. */
export function rotateAfter(personas: RoomPersona[], name: string): RoomPersona[] {
  const index = personas.findIndex((persona) => persona.name === name);
  return [...personas.slice(index + 1), ...personas.slice(0, index + 1)];
}
