/**
 * Redis is an accelerator, never a dependency of an answer: every use goes
 * through `tryRedis`, which bounds it in time and, after a failure, skips that
 * Redis for a short while (per isolate, per URL) so a dead Redis costs one
 * slow request, not every request. Callers then fall back: a cache reads
 * Postgres, rate limits count in memory.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { RedisConfig } from './redis.ts';
import { createLogger } from '../logging/logger.ts';

/** How long one Redis operation may take before we give up on it. */
const OPERATION_TIMEOUT_MS = 1500;
/** How long a failed Redis is skipped before the next try. */
const RETRY_AFTER_MS = 10_000;

const unavailableUntil = new Map<string, number>();

/** The outcome of a guarded Redis operation. */
export type RedisResult<T> = { ok: true; value: T } | { ok: false };

/** A Redis client and the configuration it came from (the per-request Services fit). */
export interface RedisTarget {
  config: RedisConfig;
  redis: Redis;
}

/** Runs `operation` on Redis unless it is known down; a failure or timeout marks it down and answers `{ ok: false }`. */
export async function tryRedis<T>(target: RedisTarget, operation: (redis: Redis) => Promise<T>): Promise<RedisResult<T>> {
  const url = target.config.UPSTASH_REDIS_REST_URL;
  if ((unavailableUntil.get(url) ?? 0) > Date.now()) return { ok: false };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${OPERATION_TIMEOUT_MS} ms`)), OPERATION_TIMEOUT_MS);
  });
  try {
    return { ok: true, value: await Promise.race([operation(target.redis), timeout]) };
  } catch (error) {
    unavailableUntil.set(url, Date.now() + RETRY_AFTER_MS);
    const reason = error instanceof Error ? error.message : String(error);
    createLogger({}, { env: target.config }).warn('redis-unavailable', { retryInMs: RETRY_AFTER_MS, reason });
    return { ok: false };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
