/**
 * The live conversation of one room: its controls, its due work and its
 * storage, outbox and viewers. room.ts forwards the RPC methods and the alarm
 * here and the sockets to viewer-sessions.ts; turns are run by speaker-turn.ts.
 */
import { invalidateLobby } from '../cache/json-cache.ts';
import { openRedis } from '../cache/redis.ts';
import { openDatabase } from '../db/client.ts';
import { readConfig, type Config } from '../env.ts';
import { createLogger } from '../logging/logger.ts';
import { loadProviderRegistry, type ProviderRegistry } from '../providers/registry.ts';
import { spendLimitsOf, type SpendLimits } from '../spend/limits.ts';
import { interjectionSchema, RoomControlError, roomSettingsSchema, type RoomSettings, type RoomState } from './contract.ts';
import { applyControl, type ControlAction, type ControlRecord } from './control.ts';
import { Connections } from './connections.ts';
import { FrameLog, type Durability, type UnsequencedFrame } from './frame-log.ts';
import { Outbox, retryDelayMs, toMessageRow } from './outbox.ts';
import { CONVERSATION_LIMITS, type FrameOf, type RoomInfo, type RoomMessage } from '../contract/index.ts';
import { Schedule, type TaskKind } from './schedule.ts';
import { nudgeIfLooping, recoverInterruptedTurn, takeTurn, type TurnOutcome } from './speaker-turn.ts';
import { checkSpend, enforceSpendLimits, spendLimitMessage } from './spend-guard.ts';
import { RoomStore } from './storage.ts';
import { readingTimeMs, scaled } from './timing.ts';

/** Meta key of the interjection the next speaker answers. */
export const REPLY_TO_KEY = 'reply-to';
/** The pause before the first turn of a started room, before timing scale. */
const OPENING_DELAY_MS = 1500;
/** The pause before retrying after a turn on which every provider failed, times the failures so far. */
const FAILURE_RETRY_MS = 5000;
/**
 * While a turn runs, the next turn task stands this far ahead as a watchdog:
 * if the instance dies mid-turn, the alarm still wakes a successor, which
 * finds the turn marker and takes the turn again. A finished turn replaces it.
 */
export const TURN_WATCHDOG_MS = 120_000;

/** What a turn in progress shows viewers. */
export interface ActiveTurn {
  abort: AbortController;
  persona: string;
  displayName: string;
  typing: boolean;
  streaming: FrameOf<'snapshot'>['streaming'];
}

export class Conversation {
  readonly store: RoomStore;
  readonly frames: FrameLog;
  readonly connections: Connections;
  readonly schedule: Schedule;
  readonly outbox: Outbox;
  readonly config: Config;
  /** The configuration the providers are built from: the room's own, unless a test points them at the fake provider server. */
  providerConfig: Config;
  /** The spend limits checked before each turn (spend-guard.ts): the configured ones, unless a test lowers them. */
  spendLimits: SpendLimits;
  readonly #ctx: DurableObjectState;
  #active: ActiveTurn | null = null;
  #flushing: Promise<void> | null = null;
  #flushAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    this.#ctx = ctx;
    this.config = readConfig(env);
    this.providerConfig = this.config;
    this.spendLimits = spendLimitsOf(this.config);
    this.store = new RoomStore(ctx.storage);
    this.frames = new FrameLog(this.store);
    this.connections = new Connections(ctx);
    this.schedule = new Schedule(this.store, ctx.storage);
    this.outbox = new Outbox(this.store, { DATABASE_URL: this.config.DATABASE_URL, NEON_WS_PROXY: this.config.NEON_WS_PROXY });
    void ctx.blockConcurrencyWhile(() => recoverInterruptedTurn(this));
  }

  /** The turn being taken now, if any. */
  get active(): ActiveTurn | null {
    return this.#active;
  }

  /** Marks a turn as taken now (speaker-turn.ts); `state().speaking` and snapshots show it. */
  beginTurn(turn: ActiveTurn): void {
    this.#active = turn;
  }

  endTurn(): void {
    this.#active = null;
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

  /** What viewers see of the settings. */
  roomInfo(settings: RoomSettings | null = this.store.settings()): RoomInfo | null {
    if (!settings) return null;
    const { title, topic, mode, maxTurns, budgetUsd } = settings;
    const personas = settings.personas.map(({ name, displayName, avatar, color, provider, model }) => ({ name, displayName, avatar, color, provider, model }));
    return { title, topic, mode, personas, maxTurns, budgetUsd };
  }

  async configure(input: unknown): Promise<RoomState> {
    const parsed = roomSettingsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RoomControlError('invalid_settings', `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
    }
    const current = this.store.settings();
    if (current && current.conversationId !== parsed.data.conversationId) {
      throw new RoomControlError('invalid_settings', `conversationId: this room belongs to conversation ${current.conversationId}`);
    }
    const control = this.store.control();
    // A room may continue (the demo's rounds): maxTurns counts from the turns it has taken.
    if (parsed.data.maxTurns - control.turns > CONVERSATION_LIMITS.maxTurns.max) {
      throw new RoomControlError('invalid_settings', `maxTurns: at most ${CONVERSATION_LIMITS.maxTurns.max} turns after the ${control.turns} taken`);
    }
    applyControl(control, 'configure', parsed.data);
    this.store.writeSettings(parsed.data);
    this.broadcastState();
    return this.state();
  }

  /** Applies an owner's control, persists it, and adjusts the due work; throws RoomControlError. */
  async control(action: Extract<ControlAction, 'start' | 'pause' | 'resume' | 'stop'>): Promise<RoomState> {
    if (action === 'start' || action === 'resume') await this.#refuseOverSpendLimit();
    await this.apply(action);
    return this.state();
  }

  /** Stores a signed-in viewer's words as a message the next speaker answers. */
  async interject(input: unknown): Promise<{ seq: number }> {
    const parsed = interjectionSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RoomControlError('invalid_interjection', `${issue?.path.join('.') || 'interjection'}: ${issue?.message ?? 'invalid'}`);
    }
    const settings = this.store.settings();
    applyControl(this.store.control(), 'interject', settings);
    const { userId, username, text } = parsed.data;
    const message = this.storeMessage({ senderType: 'user', senderId: userId, persona: null, author: username, content: text, metadata: {} }, (stored) =>
      this.store.writeMeta(REPLY_TO_KEY, stored.id),
    );
    return { seq: message.seq };
  }

  /**
   * Stores a finished message that has no streamed frames (an interjection, a
   * nudge) with its frame and outbox row in one transaction, then broadcasts
   * it and starts copying it to Postgres.
   */
  storeMessage(fields: Omit<RoomMessage, 'id' | 'seq' | 'createdAt'>, alsoInTransaction: (message: RoomMessage) => void = () => {}): RoomMessage {
    const settings = this.store.settings();
    if (!settings) throw new RoomControlError('not_configured', 'The room has no settings yet.');
    const message = this.store.transaction(() => {
      const id = crypto.randomUUID();
      const createdAt = new Date().toISOString();
      const seq = this.frames.lastSeq + 1;
      const stored: RoomMessage = { ...fields, id, seq, createdAt };
      const { text } = this.frames.append({ type: 'message-end', message: stored }, 'now');
      this.store.insertMessage(stored);
      this.outbox.addMessage(toMessageRow(settings.conversationId, stored));
      alsoInTransaction(stored);
      return { stored, text };
    });
    this.connections.broadcast(message.text);
    this.#ctx.waitUntil(this.flushOutbox());
    return message.stored;
  }

  /** Gives a frame its seq, stores it (now or with its message), and broadcasts it. */
  emit<F extends UnsequencedFrame>(frame: F, durability: Durability): F & { seq: number } {
    const { frame: sequenced, text } = this.frames.append(frame, durability);
    this.connections.broadcast(text);
    return sequenced;
  }

  broadcastState(): void {
    this.connections.broadcast({ type: 'state', state: this.state(), room: this.roomInfo() });
  }

  /** Runs the work that is due (the alarm). */
  async runDue(): Promise<void> {
    const due = this.schedule.takeDue(Date.now());
    await this.schedule.arm();
    await Promise.all(due.map((task) => this.#run(task)));
  }

  /** Copies pending outbox rows to Postgres; on failure, schedules a retry with backoff. One flush at a time. */
  flushOutbox(): Promise<void> {
    if (this.#flushing) {
      this.#flushAgain = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      let pending = 0;
      do {
        this.#flushAgain = false;
        const result = await this.outbox.flush();
        pending = result.pending;
        if (result.error) {
          createLogger({ conversationId: this.store.settings()?.conversationId ?? null }, { env: this.config }).warn('outbox-flush-failed', {
            pending,
            failures: this.outbox.failures(),
            error: result.error,
          });
          await this.schedule.at('outbox', Date.now() + retryDelayMs(this.outbox.failures()));
          return;
        }
        // The lobby lists conversations by status: its cached pages go once Postgres has the new one.
        if (result.statusReported) await invalidateLobby({ config: this.config, redis: openRedis(this.config) });
      } while (pending > 0 || this.#flushAgain);
      await this.schedule.cancel('outbox');
    })().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
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
    if (await enforceSpendLimits(this)) return;
    await this.schedule.at('turn', Date.now() + TURN_WATCHDOG_MS);
    const outcome = await takeTurn(this, await this.#registry(), Math.random);
    if (outcome.kind === 'skipped') return this.#syncTurn(this.store.control());
    if (outcome.kind === 'finished') nudgeIfLooping(this);
    if (outcome.kind === 'failed') {
      this.connections.broadcast({ type: 'error', code: 'provider_failed', message: `No provider could answer (${outcome.error.kind}); trying again shortly.` });
    }
    const control = this.store.control();
    if (control.status === 'running') await this.schedule.at('turn', Date.now() + scaled(this.#pauseAfter(outcome, control), this.config.ROOM_TIMING_SCALE));
    else await this.schedule.cancel('turn');
    await this.syncIdleCheck(control);
    this.broadcastState();
    await this.flushOutbox();
  }

  /** A room past a configured spend limit does not start or resume (limit_reached, saying which limit). */
  async #refuseOverSpendLimit(): Promise<void> {
    const status = this.store.control().status;
    if (status === 'running') return;
    const check = await checkSpend(this);
    if (check?.level === 'exceeded') throw new RoomControlError('limit_reached', spendLimitMessage(check));
  }

  #pauseAfter(outcome: TurnOutcome, control: ControlRecord): number {
    if (outcome.kind === 'finished') return readingTimeMs(outcome.message.content, Math.random);
    if (outcome.kind === 'failed') return FAILURE_RETRY_MS * Math.max(1, control.failures);
    return OPENING_DELAY_MS;
  }

  /** The providers, with the `ai_providers` rows of Postgres (cached; without them when it cannot be read). */
  async #registry(): Promise<ProviderRegistry> {
    const database = openDatabase(this.config);
    try {
      return await loadProviderRegistry(this.providerConfig, database.db);
    } finally {
      this.#ctx.waitUntil(database.close().catch(() => {}));
    }
  }

  /** Applies a control (an owner's or the room's own) and brings the due work in line with the new record; throws RoomControlError. */
  async apply(action: ControlAction): Promise<ControlRecord> {
    const before = this.store.control();
    const after = applyControl(before, action, this.store.settings());
    if (after === before) return after;
    this.store.writeControl(after);
    if (after.status === 'stopped') this.#active?.abort.abort();
    await this.#syncTurn(after);
    await this.syncIdleCheck(after);
    this.broadcastState();
    // Postgres (conversations.status, so the lobby) learns the new status through the outbox.
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
    await this.schedule.atIfAbsent('turn', Date.now() + scaled(OPENING_DELAY_MS, this.config.ROOM_TIMING_SCALE));
  }

  /** A running room without viewers pauses after ROOM_IDLE_PAUSE_MS. */
  async syncIdleCheck(control: ControlRecord = this.store.control()): Promise<void> {
    if (control.status === 'running' && this.connections.count() === 0) {
      await this.schedule.atIfAbsent('idle-check', Date.now() + this.config.ROOM_IDLE_PAUSE_MS);
    } else if (this.schedule.dueAt('idle-check') !== null) {
      await this.schedule.cancel('idle-check');
    }
  }
}
