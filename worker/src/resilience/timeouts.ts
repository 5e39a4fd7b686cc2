/**
 * Named timeouts for the Worker's outbound calls that are not provider
 * streams: a Postgres query, a Redis command, a room's RPC. Each gives up on
 * its work after its time (cockatiel's aggressive timeout) and rejects with a
 * TimeoutError naming what did not answer; the signal it hands the work aborts
 * then, for work that can stop.
 */
import { TaskCancelledError, TimeoutStrategy, timeout } from 'cockatiel';

/** A call that gave up: `ms` passed without an answer from `subject`. */
export class TimeoutError extends Error {
  readonly subject: string;
  readonly ms: number;

  constructor(subject: string, ms: number) {
    super(`${subject} gave no answer within ${ms} ms`);
    this.name = 'TimeoutError';
    this.subject = subject;
    this.ms = ms;
  }
}

/** Runs work under a time limit. */
export interface Deadline {
  /** `work`'s result, or a TimeoutError once the limit passes (the work's signal aborts then). */
  execute<T>(work: (signal: AbortSignal) => PromiseLike<T>): Promise<T>;
}

function deadline(subject: string, ms: number): Deadline {
  const policy = timeout(ms, TimeoutStrategy.Aggressive);
  return {
    async execute(work) {
      try {
        return await policy.execute(({ signal }) => work(signal));
      } catch (error) {
        throw error instanceof TaskCancelledError ? new TimeoutError(subject, ms) : error;
      }
    },
  };
}

/** A Postgres query or transaction, given up after `ms`. */
export function databaseTimeout(ms: number): Deadline {
  return deadline('Postgres', ms);
}

/** One Redis command, given up after `ms` (the breaker-free form, for probes; `redisPolicy` adds the breaker). */
export function redisTimeout(ms: number): Deadline {
  return deadline('Redis', ms);
}

/** An RPC to a conversation's Durable Object, given up after `ms`. */
export function roomRpcTimeout(ms: number): Deadline {
  return deadline('The room', ms);
}
