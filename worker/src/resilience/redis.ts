/**
 * Redis' policy: every command bounded in time (a request that failed on the
 * way is sent once more within that time), and a circuit breaker per Redis
 * URL and isolate that opens on a failure, so a dead Redis costs one slow
 * request rather than every request, then lets one trial command through
 * after a pause and closes again when it succeeds. Callers fall back while it
 * is open (cache/redis-guard.ts).
 */
import { errors } from '@upstash/redis/cloudflare';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ConstantBackoff,
  circuitBreaker,
  handleAll,
  handleWhen,
  retry,
} from 'cockatiel';
import { redisTimeout } from './timeouts.ts';

/** The knobs of a Redis policy; tests shrink them. */
export interface RedisResilience {
  /** Milliseconds one command may take, its retries included. */
  timeoutMs: number;
  /** Extra sends of a request that failed on the way (never of a command Redis answered with an error). */
  retries: number;
  /** Consecutive failed commands that open the breaker. */
  breakerThreshold: number;
  /** Milliseconds an open breaker skips Redis before it lets one trial command through. */
  halfOpenAfterMs: number;
}

/** Production defaults: Redis answers in milliseconds, so 1.5 s is a dead one; one failure skips it for 10 s. */
export const DEFAULT_REDIS_RESILIENCE: RedisResilience = {
  timeoutMs: 1500,
  retries: 1,
  breakerThreshold: 1,
  halfOpenAfterMs: 10_000,
};

/** The pause before a retry. */
const RETRY_DELAY_MS = 50;

/** Runs Redis commands under the timeout and the breaker. */
export interface RedisPolicy {
  /** `command`'s result; a TimeoutError past the timeout; a RedisSkipped error, without running it, while the breaker is open. */
  execute<T>(command: (signal: AbortSignal) => PromiseLike<T>): Promise<T>;
  readonly options: RedisResilience;
}

/** Thrown instead of running a command while the breaker is open. */
export class RedisSkipped extends Error {
  constructor(options?: ErrorOptions) {
    super('Redis is skipped after a recent failure', options);
    this.name = 'RedisSkipped';
  }
}

/** A policy of its own (the isolate's shared ones come from `redisPolicy`). */
export function createRedisPolicy(options: RedisResilience = DEFAULT_REDIS_RESILIENCE): RedisPolicy {
  const limit = redisTimeout(options.timeoutMs);
  const resend = retry(
    handleWhen((error) => !(error instanceof errors.UpstashError)),
    { maxAttempts: options.retries, backoff: new ConstantBackoff(RETRY_DELAY_MS) },
  );
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  return {
    options,
    async execute(command) {
      try {
        return await breaker.execute(() => limit.execute((signal) => resend.execute(() => command(signal), signal)));
      } catch (error) {
        throw error instanceof BrokenCircuitError ? new RedisSkipped({ cause: error }) : error;
      }
    },
  };
}

const isolatePolicies = new Map<string, RedisPolicy>();

/** The policy of the Redis at `url` in this isolate, shared by every request so its breaker outlives them. */
export function redisPolicy(url: string): RedisPolicy {
  let policy = isolatePolicies.get(url);
  if (!policy) {
    policy = createRedisPolicy();
    isolatePolicies.set(url, policy);
  }
  return policy;
}
