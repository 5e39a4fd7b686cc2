/**
 * When the outbox flushes: one flush at a time (a request for another while
 * one runs makes it go round once more), batch after batch until nothing is
 * pending; a failure moves the flush task to a retry with backoff and is
 * logged by class and SQLSTATE; a status reported to Postgres retires the
 * lobby's cached pages. The flush task is cancelled only once nothing is left,
 * in the same synchronous step as the check.
 */
import { invalidateLobby } from '../cache/json-cache.ts';
import type { Logger } from '../logging/logger.ts';
import type { RoomDependencies } from './dependencies.ts';
import type { Outbox } from './outbox.ts';
import type { Schedule } from './schedule.ts';

/** Milliseconds before retry `failures` (1, 2, 3...): 1 s doubling to 60 s, with ±20% jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

/** What the flusher needs. */
export interface FlusherParts {
  outbox: Outbox;
  schedule: Schedule;
  dependencies(): RoomDependencies;
  log(): Logger;
}

/** Runs the outbox's flushes for one room. */
export class OutboxFlusher {
  readonly #parts: FlusherParts;
  #flushing: Promise<void> | null = null;
  #again = false;

  constructor(parts: FlusherParts) {
    this.#parts = parts;
  }

  /** Copies pending outbox rows to Postgres; resolves when done or failed (never throws). */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    const { outbox, schedule } = this.#parts;
    const { now, random, config, redis } = this.#parts.dependencies();
    let pending = 0;
    do {
      this.#again = false;
      const result = await outbox.flush();
      // Reactions rows replaced during the flush wait for the next scheduled one (outbox.ts).
      pending = result.pending - result.replaced;
      if (result.failure) {
        const failures = outbox.failures();
        this.#parts.log().warn('outbox-flush-failed', {
          pending,
          failures,
          errorClass: result.failure.errorClass,
          sqlstate: result.failure.sqlstate,
        });
        await schedule.at('outbox', now() + retryDelayMs(failures, random));
        return;
      }
      // The lobby lists conversations by status: its cached pages go once Postgres has the new one.
      if (result.statusReported) await invalidateLobby({ config, redis: redis() });
    } while (pending > 0 || this.#again);
    if (!outbox.hasWork()) await schedule.cancel('outbox');
  }
}
