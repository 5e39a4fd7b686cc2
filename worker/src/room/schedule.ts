/**
 * The room's due work: at most one pending task of each kind, kept in SQLite,
 * with the Durable Object's single alarm armed at the earliest. Running a task
 * takes it out of the table first, synchronously, so a late, repeated or
 * concurrent alarm finds nothing left to run: a task runs at most once.
 */
import type { RoomStore } from './storage.ts';

/** The kinds of due work. */
export const TASK_KINDS = ['turn', 'outbox', 'idle-check'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export class Schedule {
  readonly #store: RoomStore;
  readonly #storage: DurableObjectStorage;

  constructor(store: RoomStore, storage: DurableObjectStorage) {
    this.#store = store;
    this.#storage = storage;
  }

  /** Sets (or moves) the task of this kind to `dueAt` (ms since the epoch) and re-arms the alarm. */
  async at(kind: TaskKind, dueAt: number): Promise<void> {
    this.#store.sql.exec(
      'INSERT INTO room_schedule (key, due_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at',
      kind,
      Math.round(dueAt),
    );
    await this.arm();
  }

  /**
   * Sets the task when none of its kind is pending, synchronously: called
   * inside the transaction that makes the work (outbox rows), so the work is
   * never stored without its task. The alarm is armed in the same
   * synchronous step; the runtime stores it with the transaction's writes.
   */
  ensure(kind: TaskKind, dueAt: number): void {
    const inserted = this.#store.sql.exec(
      'INSERT INTO room_schedule (key, due_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      kind,
      Math.round(dueAt),
    ).rowsWritten;
    if (inserted === 0) return;
    const next = this.#earliest();
    if (next !== null) void this.#storage.setAlarm(next);
  }

  /** Sets the task only when none of its kind is pending. */
  async atIfAbsent(kind: TaskKind, dueAt: number): Promise<void> {
    if (this.dueAt(kind) === null) await this.at(kind, dueAt);
  }

  async cancel(kind: TaskKind): Promise<void> {
    this.#store.sql.exec('DELETE FROM room_schedule WHERE key = ?', kind);
    await this.arm();
  }

  /** When the task of this kind is due; null when none is pending. */
  dueAt(kind: TaskKind): number | null {
    return (
      this.#store.sql.exec<{ due_at: number }>('SELECT due_at FROM room_schedule WHERE key = ?', kind).toArray()[0]
        ?.due_at ?? null
    );
  }

  /** Removes and returns the tasks due at `now`, earliest first. */
  takeDue(now: number): TaskKind[] {
    const rows = this.#store.sql
      .exec<{ key: string }>('SELECT key FROM room_schedule WHERE due_at <= ? ORDER BY due_at', now)
      .toArray();
    this.#store.sql.exec('DELETE FROM room_schedule WHERE due_at <= ?', now);
    return rows.flatMap((row) => TASK_KINDS.filter((kind) => kind === row.key));
  }

  /** Arms the alarm at the earliest pending task, or clears it when there is none. */
  async arm(): Promise<void> {
    if (this.#earliest() === null) return this.#storage.deleteAlarm();
    const armed = await this.#storage.getAlarm();
    // Read again after the wait: a task set meanwhile (ensure) may be earlier.
    const next = this.#earliest();
    if (next === null) await this.#storage.deleteAlarm();
    else if (armed !== next) await this.#storage.setAlarm(next);
  }

  #earliest(): number | null {
    return this.#store.sql.exec<{ due: number | null }>('SELECT min(due_at) AS due FROM room_schedule').one().due;
  }
}
