/**
 * The live conversation of one room: its controls, its due work, its turns
 * and its viewers' view of them. It is the only writer of the room's state
 * (through its RoomWriter); the turn (speaker-turn.ts) and the spend check
 * (spend-guard.ts) only read and answer. room.ts forwards the RPC methods and
 * the alarm here and the sockets to viewer-sessions.ts. When timed work is
 * due lives in due-work.ts, the spend limits' handling in spend-gate.ts, and
 * what happens between turns (the Moderator's word, the audience's vote and
 * suggestions) in steering.ts.
 */
import type { Logger } from '../logging/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { Audience } from './audience.ts';
import { Connections } from './connections.ts';
import { interjectionSchema, parseOrRefuse, roomSettingsSchema, type RoomState } from './contract.ts';
import { applyControl, checkSettings, type ControlAction, type ControlRecord } from './control.ts';
import type { RoomDependencies } from './dependencies.ts';
import { DueWork } from './due-work.ts';
import { FrameLog } from './frame-log.ts';
import { OutboxFlusher } from './outbox-flusher.ts';
import { Outbox } from './outbox.ts';
import type { RoomMessage } from '../contract/index.ts';
import { LookAhead } from './look-ahead.ts';
import { RoomWriter, type MessageFields } from './room-writer.ts';
import { Schedule, type TaskKind } from './schedule.ts';
import { activeTurn, planTurn, takeTurn, type ActiveTurn, type TurnOutcome, type TurnPlan } from './speaker-turn.ts';
import { SpendGate } from './spend-gate.ts';
import { Steering } from './steering.ts';
import { RoomStore } from './storage.ts';

export class Conversation {
  readonly store: RoomStore;
  readonly frames: FrameLog;
  readonly connections: Connections;
  readonly schedule: Schedule;
  readonly outbox: Outbox;
  readonly audience: Audience;
  readonly #writer: RoomWriter;
  readonly #ctx: DurableObjectState;
  #dependencies: RoomDependencies;
  readonly #flusher: OutboxFlusher;
  #active: ActiveTurn | null = null;
  readonly #lookAhead: LookAhead;
  readonly #due: DueWork;
  readonly #spend: SpendGate;
  /** The audience's vote on who speaks next and its suggestions, between turns. */
  readonly steering: Steering;

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
    this.audience = new Audience({ store: this.store, outbox: this.outbox, connections: this.connections, now });
    this.#writer = new RoomWriter({ store: this.store, frames: this.frames, outbox: this.outbox, now });
    this.#lookAhead = new LookAhead({
      view: this.store,
      lastSeq: () => this.frames.lastSeq,
      busy: () => this.#active !== null,
      voting: () => this.steering.vote.isOpen(),
      dependencies: () => this.#dependencies,
      broadcast: (frame) => this.connections.broadcast(frame),
      log: () => this.log,
      recordCalls: (calls) => this.#writer.recordCalls(calls),
      flush: () => ctx.waitUntil(this.flushOutbox()),
      waitUntil: (promise) => ctx.waitUntil(promise),
    });
    this.#due = new DueWork({
      schedule: this.schedule,
      dependencies: () => this.#dependencies,
      viewers: () => this.connections.count(),
      busy: () => this.#active !== null,
    });
    this.#spend = new SpendGate({
      store: this.store,
      pendingCallCostSince: (since) => this.outbox.pendingCallCostSince(since),
      dependencies: () => this.#dependencies,
      log: () => this.log,
      writeSpendWarnings: (keys) => this.#writer.writeSpendWarnings(keys),
      announce: (fields) => this.#storeMessage(fields),
      stop: () => this.apply('spend-limit'),
    });
    this.steering = new Steering({
      store: this.store,
      schedule: this.schedule,
      lookAhead: () => this.#lookAhead,
      broadcast: (frame) => this.connections.broadcast(frame),
      now,
      random: () => this.#dependencies.random(),
      log: () => this.log,
      storeMessage: (fields, also) => this.#storeMessage(fields, also),
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
    const control = this.store.control();
    checkSettings(settings, this.store.settings(), control);
    applyControl(control, 'configure', settings);
    this.#writer.writeSettings(settings);
    this.broadcastState();
    return this.state();
  }

  /** Applies an owner's control, persists it, and adjusts the due work; throws RoomControlError. */
  async control(action: Extract<ControlAction, 'start' | 'pause' | 'resume' | 'stop'>): Promise<RoomState> {
    if (action === 'start' || action === 'resume') await this.#spend.refuseOverLimit();
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
    this.steering.interjected();
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
    if (!(await this.#spend.allowsTurn())) return;
    await this.#due.watchTurn();
    const registry = await this.#dependencies.loadProviders();
    this.steering.closeVote(registry);
    const plan = this.#lookAhead.planned() ?? planTurn(this.store, this.#dependencies.random, crypto.randomUUID());
    if (!plan) return this.#due.syncTurn(this.store.control());
    const outcome = await this.#takeTurn(plan, registry);
    this.steering.afterTurn(outcome, plan.speaker.name);
    const control = this.store.control();
    await this.#due.afterTurn(outcome, control);
    if (control.status === 'running' && outcome.kind === 'finished')
      await this.steering.pause(registry, plan.speaker.name);
    await this.syncIdleCheck(control);
    this.broadcastState();
    await this.flushOutbox();
  }

  /** Runs one planned turn and stores its outcome. */
  async #takeTurn(plan: TurnPlan, registry: ProviderRegistry): Promise<TurnOutcome> {
    const { now, random, config } = this.#dependencies;
    const active = activeTurn(plan);
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
    return outcome;
  }

  /** Stores a finished message without streamed frames, broadcasts it and starts copying it to Postgres. */
  #storeMessage(fields: MessageFields, also: Parameters<RoomWriter['storeMessage']>[1] = {}): RoomMessage {
    const written = this.#writer.storeMessage(fields, also);
    for (const text of written.texts) this.connections.broadcast(text);
    this.#ctx.waitUntil(this.flushOutbox());
    return written.message;
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
    this.steering.cancelVote();
    if (after.status === 'stopped') this.#active?.abort.abort();
    await this.#due.syncTurn(after);
    await this.syncIdleCheck(after);
    this.broadcastState();
    if (after.status !== before.status) this.#ctx.waitUntil(this.flushOutbox());
    return after;
  }

  /** A running room without viewers pauses after ROOM_IDLE_PAUSE_MS (due-work.ts). */
  syncIdleCheck(control: ControlRecord = this.store.control()): Promise<void> {
    return this.#due.syncIdleCheck(control);
  }

  /** A new instance: a turn its predecessor left unfinished (evicted, restarted) is called off for viewers, then the due work is recovered (due-work.ts). */
  async #recover(): Promise<void> {
    const discarded = this.#writer.discardInterruptedTurn();
    for (const text of discarded?.texts ?? []) this.connections.broadcast(text);
    await this.#due.recover(discarded !== null, this.store.control(), this.outbox.hasWork());
  }
}
