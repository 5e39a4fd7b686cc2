/**
 * Read-through JSON caching in Redis for what is read far more than written:
 * the lobby list, each user's personas, the providers' model lists. Values are
 * parsed against a schema on the way out (a stale or foreign value is a miss),
 * and Redis being down only means every read is a miss.
 */
import type { z } from 'zod';
import type { Services } from '../env.ts';
import { tryRedis, type RedisTarget } from './redis-guard.ts';

/** Whether a read came from the cache. */
export type CacheOutcome = 'hit' | 'miss';

/** Every cache key in one place, so writers invalidate exactly what readers fill. */
export const CACHE_KEYS = {
  /** Bumped by every write that changes what the lobby shows. */
  lobbyVersion: 'cache:lobby:version',
  lobbyPage: (version: number, query: string) => `cache:lobby:${version}:${query}`,
  userPersonas: (userId: string) => `cache:personas:${userId}`,
  /** The providers' probes (model lists), per configuration fingerprint (routes/providers.ts). */
  providerProbes: (fingerprint: string) => `cache:providers:${fingerprint}`,
  /** GET /api/admin/stats per window and end (`now` or an ISO time). */
  adminStats: (window: string, until: string) => `cache:admin-stats:${window}:${until}`,
  /** GET /api/leaderboard per window (leaderboard/query.ts). */
  leaderboard: (window: string) => `cache:leaderboard:${window}`,
};

/** How long entries live at most; writes invalidate sooner. */
export const CACHE_TTL_SECONDS = {
  /** Short: a room reports its own status changes (its outbox, then a version bump), and a missed bump must not last. */
  lobby: 15,
  personas: 300,
};

/** The value at `key` if it parses, else `load()`, stored for `ttlSeconds`. */
export async function readThrough<T>(
  services: Services,
  options: { key: string; ttlSeconds: number; schema: z.ZodType<T> },
  load: () => Promise<T>,
): Promise<{ value: T; cache: CacheOutcome }> {
  const cached = await tryRedis(services, (redis) => redis.get<unknown>(options.key));
  if (cached.ok && cached.value !== null) {
    const parsed = options.schema.safeParse(cached.value);
    if (parsed.success) return { value: parsed.data, cache: 'hit' };
  }
  const value = await load();
  if (cached.ok)
    await tryRedis(services, (redis) => redis.set(options.key, JSON.stringify(value), { ex: options.ttlSeconds }));
  return { value, cache: 'miss' };
}

/** Drops `keys`; when Redis is down there is nothing to drop that a reader could see before it expires. */
export async function invalidate(services: Services, ...keys: string[]): Promise<void> {
  await tryRedis(services, (redis) => redis.del(...keys));
}

/** The lobby's current cache version (0 when unset or Redis is down). */
export async function lobbyVersion(services: Services): Promise<number> {
  const result = await tryRedis(services, (redis) => redis.get<unknown>(CACHE_KEYS.lobbyVersion));
  return result.ok && typeof result.value === 'number' ? result.value : 0;
}

/** Retires every cached lobby page at once (from a request's services, or a room's own Redis client). */
export async function invalidateLobby(target: RedisTarget): Promise<void> {
  await tryRedis(target, (redis) => redis.incr(CACHE_KEYS.lobbyVersion));
}
