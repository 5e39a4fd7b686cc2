/**
 * When the room's timed work is due (schedule.ts holds it, the alarm runs it):
 * the next turn (its opening pause, its watchdog while it runs, the natural
 * pause after it), the idle check of a room without viewers, and what a new
 * instance finds due.
 */
import type { ControlRecord } from './control.ts';
import type { RoomDependencies } from './dependencies.ts';
import type { Schedule } from './schedule.ts';
import { OPENING_DELAY_MS, pauseAfter, type TurnOutcome } from './speaker-turn.ts';
import { scaled } from './timing.ts';

/**
 * While a turn runs, the next turn task stands this far ahead as a watchdog:
 * if the instance dies mid-turn, the alarm still wakes a successor, which
 * finds the turn marker and takes the turn again. A finished turn replaces it.
 */
export const TURN_WATCHDOG_MS = 120_000;

/** What the due work reads from the room. */
export interface DueWorkParts {
  schedule: Schedule;
  dependencies(): RoomDependencies;
  /** Viewers connected now. */
  viewers(): number;
  /** True while a turn is being taken. */
  busy(): boolean;
}

/** Keeps the room's turn and idle-check tasks in line with its control record. */
export class DueWork {
  readonly #parts: DueWorkParts;

  constructor(parts: DueWorkParts) {
    this.#parts = parts;
  }

  /** A turn begins: its watchdog stands until the turn's end schedules what follows. */
  watchTurn(): Promise<void> {
    return this.#parts.schedule.at('turn', this.#parts.dependencies().now() + TURN_WATCHDOG_MS);
  }

  /** A turn ended: a running room takes the next after a natural pause (or a retry after a failure); another has none. */
  async afterTurn(outcome: TurnOutcome, control: ControlRecord): Promise<void> {
    const { now, random, config } = this.#parts.dependencies();
    if (control.status !== 'running') return this.#parts.schedule.cancel('turn');
    await this.#parts.schedule.at(
      'turn',
      now() + scaled(pauseAfter(outcome, control.failures, random), config.ROOM_TIMING_SCALE),
    );
  }

  /**
   * A running room has its next turn scheduled; any other has none. While a
   * turn is being taken its watchdog stands, and its end schedules what follows.
   */
  async syncTurn(control: ControlRecord): Promise<void> {
    if (this.#parts.busy()) return;
    if (control.status !== 'running') return this.#parts.schedule.cancel('turn');
    const { now, config } = this.#parts.dependencies();
    await this.#parts.schedule.atIfAbsent('turn', now() + scaled(OPENING_DELAY_MS, config.ROOM_TIMING_SCALE));
  }

  /** A running room without viewers pauses after ROOM_IDLE_PAUSE_MS. */
  async syncIdleCheck(control: ControlRecord): Promise<void> {
    const { schedule } = this.#parts;
    if (control.status === 'running' && this.#parts.viewers() === 0) {
      const { now, config } = this.#parts.dependencies();
      await schedule.atIfAbsent('idle-check', now() + config.ROOM_IDLE_PAUSE_MS);
    } else if (schedule.dueAt('idle-check') !== null) {
      await schedule.cancel('idle-check');
    }
  }

  /**
   * A new instance: after a turn its predecessor died in (`interrupted`), a
   * running room takes it again now; pending outbox work (or an unreported
   * status) gets a flush now. Then the alarm is re-armed.
   */
  async recover(interrupted: boolean, control: ControlRecord, outboxWork: boolean): Promise<void> {
    const { schedule } = this.#parts;
    const now = this.#parts.dependencies().now();
    if (interrupted && control.status === 'running') await schedule.at('turn', now);
    if (outboxWork) await schedule.atIfAbsent('outbox', now);
    await schedule.arm();
  }
}
