/**
 * One persona's turn, from choosing the speaker to the stored message:
 * typing-start, thinking time, the reply (reply-source.ts: the reply cache or
 * the persona's provider chain) streamed in coalesced deltas, then, in one
 * transaction, the message, its frames, its outbox rows and the updated
 * counters, and only then typing-end and message-end on the wire. A turn that
 * cannot finish (stopped, every provider failed) ends with typing-end and
 * message-discard instead. Also here: the topic nudge after a repetitive run,
 * and the recovery of a turn that a dead instance left unfinished.
 */
import { z } from 'zod';
import { createLogger } from '../logging/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { ProviderError, type ProviderCallRecord } from '../providers/types.ts';
import { DeltaCoalescer } from './coalescer.ts';
import { buildContext, EMPTY_SUMMARY, type RunningSummary, type TurnKind } from './context.ts';
import type { RoomPersona, RoomSettings } from './contract.ts';
import { afterFailure, afterTurn } from './control.ts';
import { REPLY_TO_KEY, type ActiveTurn, type Conversation } from './conversation.ts';
import { toMessageRow } from './outbox.ts';
import { DELTA_INTERVAL_MS, type RoomMessage } from './protocol.ts';
import { chooseNudge, isLoop, LOOP_WINDOW, NUDGE_COOLDOWN_TURNS, scoreMessage } from './quality.ts';
import { produceReply } from './reply-source.ts';
import { scaled, thinkingTimeMs } from './timing.ts';
import { chooseSpeaker } from './turn-policy.ts';

/** Meta key of the turn in progress: a room restarted with it set lost that turn. */
const TURN_KEY = 'turn-in-progress';
const turnMarkerSchema = z.object({ persona: z.string(), messageId: z.string() });

/** Meta key of the running summary of older turns. */
const SUMMARY_KEY = 'summary';
const summarySchema = z.object({ text: z.string(), throughSeq: z.int() }) satisfies z.ZodType<RunningSummary>;

/** Meta key of the nudges: the one the next speaker takes up, those given, and when the last came. */
const NUDGE_KEY = 'nudge';
const nudgeSchema = z.object({ pending: z.string().nullable(), given: z.array(z.string()), atTurn: z.int() });

/** Messages the speaker choice and the quality score look back on. */
const LOOKBACK = 30;
/** Messages a new one is compared with for repetition: the room's history, up to this many. */
const REPETITION_HISTORY = 1000;

/** How a turn ended. */
export type TurnOutcome =
  | { kind: 'finished'; message: RoomMessage }
  | { kind: 'failed'; error: ProviderError }
  | { kind: 'cancelled' }
  | { kind: 'skipped' };

/** Takes the next turn of a running room; resolves once the message is stored and broadcast (or discarded). */
export async function takeTurn(room: Conversation, registry: ProviderRegistry, random: () => number): Promise<TurnOutcome> {
  const settings = room.store.settings();
  const control = room.store.control();
  if (!settings || control.status !== 'running' || room.active) return { kind: 'skipped' };

  const history = room.store.recentMessages(LOOKBACK);
  const speaker = pickSpeaker(settings, control.closing, history, random);
  const kind: TurnKind = control.closing ? 'closing' : control.turns + 1 >= settings.maxTurns ? 'final' : 'turn';
  const messageId = crypto.randomUUID();
  const active: ActiveTurn = { abort: new AbortController(), persona: speaker.name, displayName: speaker.displayName, typing: true, streaming: null };
  const { signal } = active.abort;
  room.beginTurn(active);
  const calls: ProviderCallRecord[] = [];
  let started = false;
  const coalescer = new DeltaCoalescer(DELTA_INTERVAL_MS, (chunk) => {
    room.emit({ type: 'message-delta', messageId, text: chunk.text, emittedAt: chunk.emittedAt }, 'with-message');
    if (active.streaming) active.streaming.text += chunk.text;
  });

  try {
    room.store.writeMeta(TURN_KEY, { persona: speaker.name, messageId });
    room.emit({ type: 'typing-start', persona: speaker.name, displayName: speaker.displayName }, 'now');
    await scheduler.wait(scaled(thinkingTimeMs(speaker, random), room.config.ROOM_TIMING_SCALE), { signal });

    const summary = room.store.readMeta(SUMMARY_KEY, summarySchema) ?? EMPTY_SUMMARY;
    const replyToId = room.store.readMeta(REPLY_TO_KEY, z.string().nullable()) ?? null;
    const nudge = room.store.readMeta(NUDGE_KEY, nudgeSchema)?.pending ?? null;
    const unsummarised = room.store.messagesBetween(summary.throughSeq, Number.MAX_SAFE_INTEGER);
    const replyTo = unsummarised.find((message) => message.id === replyToId) ?? null;
    const context = buildContext({ settings, speaker, history: unsummarised, summary, kind, replyTo, nudge });

    const result = await produceReply({
      registry,
      config: room.config,
      settings,
      speaker,
      request: context.request,
      signal,
      onCall: (record) => calls.push(record),
      onEvent(event) {
        if (event.type === 'text-delta') return coalescer.push(event.text, Date.now());
        coalescer.discard();
        if (event.type !== 'attempt-start') return;
        started = true;
        active.streaming = { messageId, persona: speaker.name, provider: event.provider, model: event.model, attempt: event.attempt, text: '' };
        room.emit({ type: 'message-start', messageId, persona: speaker.name, provider: event.provider, model: event.model, attempt: event.attempt }, 'with-message');
      },
    });
    coalescer.flush();
    if (signal.aborted) throw new ProviderError(result.provider, 'aborted', 'The turn was cancelled.');

    const quality = scoreMessage({ text: result.text, persona: speaker, history: room.store.recentMessages(REPETITION_HISTORY).map((message) => message.content), nudge });
    const closingOrder = rotateAfter(settings.personas, speaker.name).map((persona) => persona.name);
    const committed = room.store.transaction(() => {
      const latest = room.store.control();
      const typingEnd = room.frames.append({ type: 'typing-end', persona: speaker.name }, 'with-message');
      const message: RoomMessage = {
        id: messageId,
        seq: room.frames.lastSeq + 1,
        senderType: 'ai',
        senderId: `${result.provider}/${result.model}`.slice(0, 100),
        persona: speaker.name,
        author: speaker.displayName,
        content: result.text,
        createdAt: new Date().toISOString(),
        metadata: {
          turn: latest.turns + 1,
          provider: result.provider,
          model: result.model,
          latencyMs: result.latencyMs,
          timeToFirstTokenMs: result.timeToFirstTokenMs,
          tokens: { input: result.usage.inputTokens, output: result.usage.outputTokens, estimated: result.usage.estimated },
          costUsd: result.costUsd,
          quality,
          fallbacks: result.fallbacks,
          finishReason: result.finishReason,
          ...(replyTo ? { replyTo: replyTo.id } : {}),
          ...(kind === 'turn' ? {} : { closing: true }),
          ...(result.cached ? { cached: true } : {}),
        },
      };
      const messageEnd = room.frames.append({ type: 'message-end', message }, 'with-message');
      room.frames.commit();
      room.store.insertMessage(message);
      room.outbox.addMessage(toMessageRow(settings.conversationId, message));
      for (const call of calls) room.outbox.addCall(call);
      room.store.writeControl(afterTurn(latest, { costUsd: result.costUsd, persona: speaker.name }, settings, closingOrder));
      room.store.writeMeta(SUMMARY_KEY, context.summary);
      if (replyTo) room.store.writeMeta(REPLY_TO_KEY, null);
      if (nudge) room.store.writeMeta(NUDGE_KEY, { ...nudgeState(room), pending: null });
      room.store.deleteMeta(TURN_KEY);
      return { message, texts: [typingEnd.text, messageEnd.text] };
    });
    room.endTurn();
    for (const text of committed.texts) room.connections.broadcast(text);
    return { kind: 'finished', message: committed.message };
  } catch (error) {
    coalescer.discard();
    const failure = error instanceof ProviderError ? error : new ProviderError(speaker.provider, 'network', String(error), { cause: error });
    const cancelled = failure.kind === 'aborted' || signal.aborted;
    const texts = room.store.transaction(() => {
      const frames = [room.frames.append({ type: 'typing-end', persona: speaker.name }, 'with-message').text];
      if (started) frames.push(room.frames.append({ type: 'message-discard', messageId, reason: cancelled ? 'stopped' : 'failed' }, 'with-message').text);
      room.frames.commit();
      for (const call of calls) room.outbox.addCall(call);
      if (!cancelled) room.store.writeControl(afterFailure(room.store.control()));
      room.store.deleteMeta(TURN_KEY);
      return frames;
    });
    room.endTurn();
    for (const text of texts) room.connections.broadcast(text);
    if (cancelled) return { kind: 'cancelled' };
    createLogger({ conversationId: settings.conversationId }, { env: room.config }).warn('turn-failed', { persona: speaker.name, kind: failure.kind, error: failure.message });
    return { kind: 'failed', error: failure };
  }
}

/** After LOOP_WINDOW repetitive AI messages, the moderator offers a new angle, which the next speaker takes up. */
export function nudgeIfLooping(room: Conversation): void {
  const control = room.store.control();
  const state = nudgeState(room);
  if (control.status === 'stopped' || control.closing || (state.atTurn > 0 && control.turns - state.atTurn < NUDGE_COOLDOWN_TURNS)) return;
  const novelties = room.store
    .recentMessages(LOOP_WINDOW * 4)
    .filter((message) => message.senderType === 'ai')
    .map((message) => message.metadata.quality?.novelty ?? 1);
  if (!isLoop(novelties)) return;
  const angle = chooseNudge(state.given, Math.random);
  room.storeMessage(
    { senderType: 'system', senderId: null, persona: null, author: 'Moderator', content: `Let's take this somewhere new: ${angle}.`, metadata: { nudge: angle } },
    () => room.store.writeMeta(NUDGE_KEY, { pending: angle, given: [...state.given, angle], atTurn: control.turns }),
  );
}

/**
 * A new instance finding a turn marker knows its predecessor died mid-turn
 * (evicted, restarted): it tells viewers the turn is off and, if the room
 * still runs, takes the turn again now. Also re-arms the alarm.
 */
export async function recoverInterruptedTurn(room: Conversation): Promise<void> {
  const marker = room.store.readMeta(TURN_KEY, turnMarkerSchema);
  if (marker) {
    const texts = room.store.transaction(() => {
      const frames = [
        room.frames.append({ type: 'typing-end', persona: marker.persona }, 'with-message').text,
        room.frames.append({ type: 'message-discard', messageId: marker.messageId, reason: 'interrupted' }, 'with-message').text,
      ];
      room.frames.commit();
      room.store.deleteMeta(TURN_KEY);
      return frames;
    });
    for (const text of texts) room.connections.broadcast(text);
    if (room.store.control().status === 'running') await room.schedule.at('turn', Date.now());
  }
  await room.schedule.arm();
}

/** The nudge record as stored, or a fresh one. */
function nudgeState(room: Conversation): z.infer<typeof nudgeSchema> {
  return room.store.readMeta(NUDGE_KEY, nudgeSchema) ?? { pending: null, given: [], atTurn: 0 };
}

function pickSpeaker(settings: RoomSettings, closing: string[] | null, history: RoomMessage[], random: () => number): RoomPersona {
  const name = closing?.[0] ?? chooseSpeaker(settings.mode, settings.personas, history, random);
  return settings.personas.find((persona) => persona.name === name) ?? settings.personas[0]!;
}

/** The personas in table order, starting after `name`. */
function rotateAfter(personas: RoomPersona[], name: string): RoomPersona[] {
  const index = personas.findIndex((persona) => persona.name === name);
  return [...personas.slice(index + 1), ...personas.slice(0, index + 1)];
}
