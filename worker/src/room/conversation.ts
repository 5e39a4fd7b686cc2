/**
 * The live conversation of one room: its controls, its due work, its turns
 * and its viewers' view of them. It is the only writer of the room's state
 * (through its RoomWriter); the turn (speaker-turn.ts) and the spend check
 * (spend-guard.ts) only read and answer. room.ts forwards the RPC methods and
 * the alarm here and the sockets to viewer-sessions.ts.
 */
import type { Logger } from '../logging/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { Connections } from './connections.ts';
import { interjectionSchema, parseOrRefuse, RoomControlError, roomSettingsSchema, type RoomState } from './contract.ts';
import { applyControl, type ControlAction, type ControlRecord } from './control.ts';
import type { RoomDependencies } from './dependencies.ts';
import { FrameLog } from './frame-log.ts';
import { OutboxFlusher } from './outbox-flusher.ts';
import { Outbox } from './outbox.ts';
import { CONVERSATION_LIMITS, type RoomMessage } from '../contract/index.ts';
import { LookAhead } from './look-ahead.ts';
import { RoomWriter, type MessageFields } from './room-writer.ts';
import { Schedule, type TaskKind } from './schedule.ts';
import {
  loopNudge,
  OPENING_DELAY_MS,
  pauseAfter,
  planTurn,
  takeTurn,
  type ActiveTurn,
  type TurnOutcome,
  type TurnPlan,
} from './speaker-turn.ts';
import { checkSpend, spendDecision, spendLimitMessage, withWarning, type SpendCheck } from './spend-guard.ts';
import { RoomStore } from './storage.ts';
import { scaled } from './timing.ts';

/**
 * While a turn runs, the next turn task stands this far ahead as a watchdog:
 * if the instance dies mid-turn, the alarm still wakes a successor, which
 * finds the turn marker and takes the turn again. A finished turn replaces it.
 */
export const TURN_WATCHDOG_MS = 120_000;

export class Conversation {
  readonly store: RoomStore;
  readonly frames: FrameLog;
  readonly connections: Connections;
  readonly schedule: Schedule;
  readonly outbox: Outbox;
  readonly #writer: RoomWriter;
  readonly #ctx: DurableObjectState;
  #dependencies: RoomDependencies;
  readonly #flusher: OutboxFlusher;
  #active: ActiveTurn | null = null;
  readonly #lookAhead: LookAhead;

  constructor(ctx: DurableObjectState, dependencies: RoomDependencies) {
    this.#ctx = ctx;
    this.#dependencies = dependencies;
    this.store = new RoomStore(ctx.storage);
    this.frames = new FrameLog(this.store);
    this.connections = new Connections(ctx);
    this.schedule = new Schedule(this.store, ctx.storage);
    const now = () => this.#dependencies.now();
    this.outbox = new Outbox({
      store: this.store,
      schedule: this.schedule,
      openDatabase: () => this.#dependencies.openDatabase(),
      now,
      log: () => this.log,
    });
    this.#flusher = new OutboxFlusher({
      outbox: this.outbox,
      schedule: this.schedule,
      dependencies: () => this.#dependencies,
      log: () => this.log,
    });
    this.#writer = new RoomWriter({ store: this.store, frames: this.frames, outbox: this.outbox, now });
    this.#lookAhead = new LookAhead({
      view: this.store,
      lastSeq: () => this.frames.lastSeq,
      busy: () => this.#active !== null,
      dependencies: () => this.#dependencies,
      broadcast: (frame) => this.connections.broadcast(frame),
      log: () => this.log,
      recordCalls: (calls) => this.#writer.recordCalls(calls),
      flush: () => ctx.waitUntil(this.flushOutbox()),
      waitUntil: (promise) => ctx.waitUntil(promise),
    });
    void ctx.blockConcurrencyWhile(() => this.#recover());
  }

  /** What the room uses from outside (dependencies.ts). */
  get dependencies(): RoomDependencies {
    return this.#dependencies;
  }

  /** Replaces some dependencies (tests: a cut-off Postgres, the fake provider server, lower spend limits). */
  useDependencies(overrides: Partial<RoomDependencies>): void {
    this.#dependencies = { ...this.#dependencies, ...overrides };
  }

  /** The room's logger, carrying its conversation id. */
  get log(): Logger {
    return this.#dependencies.logger(this.store.settings()?.conversationId ?? null);
  }

  /** The turn being taken now, if any. */
  get active(): ActiveTurn | null {
    return this.#active;
  }

  state(): RoomState {
    const control = this.store.control();
    return {
      status: control.status,
      turns: control.turns,
      costUsd: control.costUsd,
      viewers: this.connections.count(),
      lastSeq: this.frames.lastSeq,
      speaking: this.#active?.persona ?? null,
      stopReason: control.stopReason,
      idlePaused: control.idlePaused,
    };
  }

  /** Sets or replaces the settings; throws RoomControlError. */
  async configure(input: unknown): Promise<RoomState> {
    const settings = parseOrRefuse(roomSettingsSchema, input, 'invalid_settings', 'settings');
    const current = this.store.settings();
    if (current && current.conversationId !== settings.conversationId) {
      throw new RoomControlError(
        'invalid_settings',
        `conversationId: this room belongs to conversation ${current.conversationId}`,
      );
    }
    const control = this.store.control();
    // A room may continue (the demo's rounds): maxTurns counts from the turns it has taken.
    if (settings.maxTurns - control.turns > CONVERSATION_LIMITS.maxTurns.max) {
      throw new RoomControlError(
        'invalid_settings',
        `maxTurns: at most ${CONVERSATION_LIMITS.maxTurns.max} turns after the ${control.turns} taken`,
      );
    }
    applyControl(control, 'configure', settings);
    this.#writer.writeSettings(settings);
    this.broadcastState();
    return this.state();
  }

  /** Applies an owner's control, persists it, and adjusts the due work; throws RoomControlError. */
  async control(action: Extract<ControlAction, 'start' | 'pause' | 'resume' | 'stop'>): Promise<RoomState> {
    if (action === 'start' || action === 'resume') await this.#refuseOverSpendLimit();
    await this.apply(action);
    if (action === 'start' || action === 'resume') this.#lookAhead.planSoon();
    return this.state();
  }

  /** Stores a signed-in viewer's words as a message the next speaker answers; throws RoomControlError. */
  async interject(input: unknown): Promise<{ seq: number }> {
    const { userId, username, text } = parseOrRefuse(interjectionSchema, input, 'invalid_interjection', 'interjection');
    applyControl(this.store.control(), 'interject', this.store.settings());
    const message = this.#storeMessage(
      { senderType: 'user', senderId: userId, persona: null, author: username, content: text, metadata: {} },
      { replyTo: true },
    );
    // The call started for the next turn no longer fits: the interjection changes who answers and what they read.
    this.#lookAhead.drop('interjection');
    if (!this.#active && this.store.control().status === 'running') this.#lookAhead.planSoon();
    return { seq: message.seq };
  }

  broadcastState(): void {
    this.connections.broadcast({ type: 'state', state: this.state(), room: this.store.roomInfo() });
  }

  /** Runs the work that is due (the alarm). */
  async runDue(): Promise<void> {
    const due = this.schedule.takeDue(this.#dependencies.now());
    await this.schedule.arm();
    await Promise.all(due.map((task) => this.#run(task)));
  }

  /** Copies pending outbox rows to Postgres (outbox-flusher.ts); never throws. */
  flushOutbox(): Promise<void> {
    return this.#flusher.flush();
  }

  async #run(task: TaskKind): Promise<void> {
    switch (task) {
      case 'outbox':
        return this.flushOutbox();
      case 'idle-check':
        if (this.connections.count() === 0) await this.apply('idle-pause');
        return;
      case 'turn':
        return this.#turn();
    }
  }

  /** Takes the due turn, then schedules the next one after a natural pause (or a retry after a failure). */
  async #turn(): Promise<void> {
    if (this.#active || this.store.control().status !== 'running') return;
    if (!(await this.#spendAllowsTurn())) return;
    const { now, random } = this.#dependencies;
    await this.schedule.at('turn', now() + TURN_WATCHDOG_MS);
    const plan = this.#lookAhead.planned() ?? planTurn(this.store, random, crypto.randomUUID());
    if (!plan) return this.#syncTurn(this.store.control());
    const registry = await this.#dependencies.loadProviders();
    const outcome = await this.#takeTurn(plan, registry);
    this.#afterTurn(outcome);
    const control = this.store.control();
    if (control.status === 'running') {
      await this.schedule.at(
        'turn',
        now() + scaled(pauseAfter(outcome, control.failures, random), this.#dependencies.config.ROOM_TIMING_SCALE),
      );
      if (outcome.kind === 'finished') this.#lookAhead.plan(registry);
    } else await this.schedule.cancel('turn');
    await this.syncIdleCheck(control);
    this.broadcastState();
    await this.flushOutbox();
  }

  /** Runs one planned turn and stores its outcome. */
  async #takeTurn(plan: TurnPlan, registry: ProviderRegistry): Promise<TurnOutcome> {
    const { now, random, config } = this.#dependencies;
    const active: ActiveTurn = {
      abort: new AbortController(),
      persona: plan.speaker.name,
      displayName: plan.speaker.displayName,
      typing: true,
      streaming: null,
    };
    this.#writer.beginTurn(plan);
    this.#active = active;
    const outcome = await takeTurn({
      plan,
      view: this.store,
      frames: this.frames,
      broadcast: (text) => this.connections.broadcast(text),
      now,
      random,
      timingScale: config.ROOM_TIMING_SCALE,
      reply: (request) => this.#lookAhead.reply(plan, registry, request),
      active,
    });
    const written = this.#writer.commitTurn(plan, outcome, this.connections.count());
    this.#active = null;
    for (const text of written.texts) this.connections.broadcast(text);
    if (outcome.kind === 'failed') {
      this.log.warn('turn-failed', {
        persona: plan.speaker.name,
        kind: outcome.error.kind,
        error: outcome.error.message,
      });
    }
    return outcome;
  }

  /** What follows a stored turn before the pause: a failure notice, or a nudge when the conversation loops (the place for any frame between turns). */
  #afterTurn(outcome: TurnOutcome): void {
    if (outcome.kind === 'failed') {
      this.connections.broadcast({
        type: 'error',
        code: 'provider_failed',
        message: `No provider could answer (${outcome.error.kind}); trying again shortly.`,
      });
    }
    if (outcome.kind !== 'finished') return;
    const angle = loopNudge(this.store, this.#dependencies.random);
    if (!angle) return;
    const nudges = this.store.nudges();
    this.#storeMessage(
      {
        senderType: 'system',
        senderId: null,
        persona: null,
        author: 'Moderator',
        content: `Let's take this somewhere new: ${angle}.`,
        metadata: { nudge: angle },
      },
      { nudges: { pending: angle, given: [...nudges.given, angle], atTurn: this.store.control().turns } },
    );
  }

  /** Stores a finished message without streamed frames, broadcasts it and starts copying it to Postgres. */
  #storeMessage(fields: MessageFields, also: Parameters<RoomWriter['storeMessage']>[1] = {}): RoomMessage {
    const written = this.#writer.storeMessage(fields, also);
    for (const text of written.texts) this.connections.broadcast(text);
    this.#ctx.waitUntil(this.flushOutbox());
    return written.message;
  }

  /** The spend check before a turn: false when the room stopped at a limit (the Moderator says which). */
  async #spendAllowsTurn(): Promise<boolean> {
    const now = new Date(this.#dependencies.now());
    const decision = spendDecision(await this.#checkSpend(now), this.store.spendWarnings(), now);
    if (decision.kind === 'go') return true;
    this.log.warn(decision.kind === 'warn' ? 'spend-warning' : 'spend-limit-reached', decision.fields);
    if (decision.kind === 'warn') {
      this.#writer.writeSpendWarnings(withWarning(this.store.spendWarnings(), decision.key));
      return true;
    }
    this.#storeMessage({
      senderType: 'system',
      senderId: null,
      persona: null,
      author: 'Moderator',
      content: decision.message,
      metadata: { spendLimit: decision.check.limit },
    });
    await this.apply('spend-limit');
    return false;
  }

  #checkSpend(now: Date): Promise<SpendCheck | null> {
    const { spendLimits, openDatabase } = this.#dependencies;
    return checkSpend({
      limits: spendLimits,
      conversationSpentUsd: this.store.control().costUsd,
      pendingCallCostSince: (since) => this.outbox.pendingCallCostSince(since),
      openDatabase,
      log: this.log,
      now,
    });
  }

  /** A room past a configured spend limit does not start or resume (limit_reached, saying which limit). */
  async #refuseOverSpendLimit(): Promise<void> {
    if (this.store.control().status === 'running') return;
    const check = await this.#checkSpend(new Date(this.#dependencies.now()));
    if (check?.level === 'exceeded') throw new RoomControlError('limit_reached', spendLimitMessage(check));
  }

  /** Applies a control (an owner's or the room's own) and brings the due work in line with the new record; throws RoomControlError. */
  async apply(action: ControlAction): Promise<ControlRecord> {
    const before = this.store.control();
    const after = applyControl(before, action, this.store.settings());
    if (after === before) return after;
    this.#writer.writeControl(after);
    return this.#settle(before, after);
  }

  /** A viewer arrived: a room paused for want of viewers resumes, a room in rounds whose round ended unwatched starts the next. */
  async welcomeViewer(): Promise<ControlRecord> {
    const before = this.store.control();
    return this.#writer.continueRound(this.connections.count())
      ? this.#settle(before, this.store.control())
      : this.apply('viewer-return');
  }

  /** After a new lifecycle record: the turn stopped or scheduled, the idle check, viewers told, Postgres told of a new status (outbox). */
  async #settle(before: ControlRecord, after: ControlRecord): Promise<ControlRecord> {
    this.#lookAhead.drop('control');
    if (after.status === 'stopped') this.#active?.abort.abort();
    await this.#syncTurn(after);
    await this.syncIdleCheck(after);
    this.broadcastState();
    if (after.status !== before.status) this.#ctx.waitUntil(this.flushOutbox());
    return after;
  }

  /**
   * A running room has its next turn scheduled; any other has none. While a
   * turn is being taken its watchdog stands, and its end schedules what follows.
   */
  async #syncTurn(control: ControlRecord): Promise<void> {
    if (this.#active) return;
    if (control.status !== 'running') return this.schedule.cancel('turn');
    await this.schedule.atIfAbsent(
      'turn',
      this.#dependencies.now() + scaled(OPENING_DELAY_MS, this.#dependencies.config.ROOM_TIMING_SCALE),
    );
  }

  /** A running room without viewers pauses after ROOM_IDLE_PAUSE_MS. */
  async syncIdleCheck(control: ControlRecord = this.store.control()): Promise<void> {
    if (control.status === 'running' && this.connections.count() === 0) {
      await this.schedule.atIfAbsent(
        'idle-check',
        this.#dependencies.now() + this.#dependencies.config.ROOM_IDLE_PAUSE_MS,
      );
    } else if (this.schedule.dueAt('idle-check') !== null) {
      await this.schedule.cancel('idle-check');
    }
  }

  /**
   * A new instance: a turn marker means its predecessor died mid-turn
   * (evicted, restarted): viewers are told the turn is off and a running room
   * takes it again now. Pending outbox rows (or an unreported status) get a
   * flush now. Then the alarm is re-armed.
   */
  async #recover(): Promise<void> {
    const discarded = this.#writer.discardInterruptedTurn();
    if (discarded) {
      for (const text of discarded.texts) this.connections.broadcast(text);
      if (this.store.control().status === 'running') await this.schedule.at('turn', this.#dependencies.now());
    }
    if (this.outbox.hasWork()) await this.schedule.atIfAbsent('outbox', this.#dependencies.now());
    await this.schedule.arm();
  }
}
