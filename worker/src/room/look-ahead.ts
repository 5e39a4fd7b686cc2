/**
 * The look-ahead: during the pause after a finished turn the next turn is
 * planned, viewers are told who is up next (`turn-announce`) and that
 * speaker's reply is started (prefetch.ts), at most one call ahead, so its
 * first tokens are ready when the typing ends. The turn takes that plan and
 * that call while nothing has happened since; anything else drops them.
 * While the audience votes on the next speaker nothing is planned: the vote's
 * close plans its winner's turn, whose reply then starts during its typing.
 */
import type { ServerFrame } from '../contract/index.ts';
import type { Logger } from '../logging/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { ProviderCallRecord } from '../providers/types.ts';
import type { RoomDependencies } from './dependencies.ts';
import { type DiscardReason, Prefetch } from './prefetch.ts';
import { CACHED_WORD_MS, produceReply, type Reply } from './reply-source.ts';
import { planTurn, type ReplyRequest, turnContext, type TurnPlan, type TurnView } from './speaker-turn.ts';
import { scaled } from './timing.ts';

/** What the look-ahead needs from its room. */
export interface LookAheadParts {
  view: TurnView;
  /** The seq of the room's last frame. */
  lastSeq(): number;
  /** True while a turn is being taken. */
  busy(): boolean;
  /** True while the audience votes on who speaks next: nobody is announced until the vote closes. */
  voting(): boolean;
  dependencies(): Pick<RoomDependencies, 'random' | 'config' | 'loadProviders'>;
  broadcast(frame: ServerFrame): void;
  log(): Logger;
  /** Stores the call records of a discarded prefetch (RoomWriter.recordCalls). */
  recordCalls(calls: ProviderCallRecord[]): void;
  /** Starts copying the outbox to Postgres without waiting. */
  flush(): void;
  /** Keeps the instance alive for `promise`. */
  waitUntil(promise: Promise<unknown>): void;
}

/** The next turn of one room, planned during the pause. */
export class LookAhead {
  readonly #parts: LookAheadParts;
  /** Announced, its reply started (`at`: the lastSeq it was planned on). */
  #ahead: { plan: TurnPlan; at: number; turns: number; prefetch: Prefetch } | null = null;

  constructor(parts: LookAheadParts) {
    this.#parts = parts;
  }

  /** Plans the next turn now, with `chosen` as its speaker when given (speaker-turn.ts planTurn): announces it and starts its reply (replacing any earlier plan). */
  plan(registry: ProviderRegistry, chosen: string | null = null): void {
    this.drop('replanned');
    const { view, dependencies } = this.#parts;
    if (this.#parts.busy() || this.#parts.voting()) return;
    const plan = planTurn(view, dependencies().random, crypto.randomUUID(), chosen);
    if (!plan) return;
    const { context, replyTo } = turnContext(view, plan);
    this.#parts.broadcast({
      type: 'turn-announce',
      persona: plan.speaker.name,
      displayName: plan.speaker.displayName,
      answering: replyTo?.author ?? null,
    });
    const { config } = dependencies();
    const prefetch = new Prefetch({
      messageId: plan.messageId,
      request: context.request,
      start: (call) => produceReply({ registry, config, settings: plan.settings, speaker: plan.speaker, ...call }),
      paceMs: scaled(CACHED_WORD_MS, config.ROOM_TIMING_SCALE),
      onDiscard: (reason, calls) => {
        this.#parts.log().info('prefetch-discarded', { persona: plan.speaker.name, reason, calls: calls.length });
        this.#parts.recordCalls(calls);
        this.#parts.flush();
      },
    });
    this.#ahead = { plan, at: this.#parts.lastSeq(), turns: view.control().turns, prefetch };
  }

  /** Plans ahead without holding up the caller (a control, an interjection): the providers may take a Postgres read. */
  planSoon(): void {
    this.#parts.waitUntil(
      this.#parts
        .dependencies()
        .loadProviders()
        .then((registry) => this.plan(registry)),
    );
  }

  /** The turn planned during the pause, while nothing has happened since; otherwise drops it. */
  planned(): TurnPlan | null {
    const ahead = this.#ahead;
    if (ahead && ahead.at === this.#parts.lastSeq() && ahead.turns === this.#parts.view.control().turns)
      return ahead.plan;
    this.drop('context-changed');
    return null;
  }

  /** The reply to a planned turn: the call started for it during the pause when it asked for this very request, else a new one. */
  reply(plan: TurnPlan, registry: ProviderRegistry, request: ReplyRequest): Promise<Reply> {
    const prefetch = this.#ahead?.prefetch;
    this.#ahead = null;
    if (prefetch?.fits(plan.messageId, request.request)) return prefetch.take(request);
    prefetch?.discard('context-changed');
    return produceReply({ registry, config: this.#parts.dependencies().config, settings: plan.settings, ...request });
  }

  /** Discards the call started ahead, if any. */
  drop(reason: DiscardReason): void {
    this.#ahead?.prefetch.discard(reason);
    this.#ahead = null;
  }
}
