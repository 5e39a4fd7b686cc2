/**
 * Redis is an accelerator, never a dependency of an answer: every use goes
 * through `tryRedis`, which runs it under Redis' policy (resilience/redis.ts:
 * a timeout, and a breaker per isolate and URL that skips a Redis for a short
 * while after a failure) so a dead Redis costs one slow request, not every
 * request. Callers then fall back: a cache reads Postgres, rate limits count
 * in memory.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { RedisConfig } from './redis.ts';
import { createLogger } from '../logging/logger.ts';
import { RedisSkipped, redisPolicy } from '../resilience/index.ts';

/** The outcome of a guarded Redis operation. */
export type RedisResult<T> = { ok: true; value: T } | { ok: false };

/** A Redis client and the configuration it came from (the per-request Services fit). */
export interface RedisTarget {
  config: RedisConfig;
  redis: Redis;
}

/** Runs `operation` on Redis unless its breaker is open; a failure or timeout opens it and answers `{ ok: false }`. */
export async function tryRedis<T>(
  target: RedisTarget,
  operation: (redis: Redis) => Promise<T>,
): Promise<RedisResult<T>> {
  const policy = redisPolicy(target.config.UPSTASH_REDIS_REST_URL);
  try {
    return { ok: true, value: await policy.execute(() => operation(target.redis)) };
  } catch (error) {
    if (!(error instanceof RedisSkipped)) {
      const reason = error instanceof Error ? error.message : String(error);
      createLogger({}, { env: target.config }).warn('redis-unavailable', {
        retryInMs: policy.options.halfOpenAfterMs,
        reason,
      });
    }
    return { ok: false };
  }
}
