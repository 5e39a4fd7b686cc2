/**
 * Everything a room uses from outside itself, built in one place: Postgres,
 * Redis, the provider registry, the spend limits, the clock, the random
 * source and the logger. `Conversation` receives them whole; a test swaps
 * some of them (a cut-off Postgres, the fake provider server) through
 * `Conversation.useDependencies`, never by overwriting the room's fields.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { openRedis } from '../cache/redis.ts';
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from '../db/client.ts';
import { readConfig, type Config } from '../env.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { loadProviderRegistry, type ProviderRegistry } from '../providers/registry.ts';
import { spendLimitsOf, type SpendLimits } from '../spend/limits.ts';

/** What a room needs from outside it. */
export interface RoomDependencies {
  /** The Worker's validated configuration (timings, reply cache, demo room). */
  config: Config;
  /** Opens Postgres; the caller closes the handle. */
  openDatabase(): DatabaseHandle;
  /** Redis (the lobby cache, the reply cache). */
  redis(): Redis;
  /** The providers, with the `ai_providers` rows of Postgres (cached; without them when it cannot be read). */
  loadProviders(): Promise<ProviderRegistry>;
  /** The spend limits checked before each turn (spend-guard.ts). */
  spendLimits: SpendLimits;
  /** Milliseconds since the epoch. */
  now(): number;
  /** A number in [0, 1): speaker choice, natural delays, nudges. */
  random(): number;
  /** The room's logger; every line carries `conversationId`. */
  logger(conversationId: string | null): Logger;
}

/** The dependencies of a room in a deployment: all from its Env. */
export function roomDependencies(env: Env): RoomDependencies {
  const config = readConfig(env);
  return {
    config,
    openDatabase: () => openDatabase(config),
    redis: () => openRedis(config),
    loadProviders: () => providersOf(config, config),
    spendLimits: spendLimitsOf(config),
    now: Date.now,
    random: Math.random,
    logger: (conversationId) => createLogger({ conversationId }, { env: config }),
  };
}

/** The providers of `config`, with the `ai_providers` rows of the Postgres at `database`. */
export async function providersOf(config: Config, database: DatabaseConfig): Promise<ProviderRegistry> {
  const handle = openDatabase(database);
  try {
    return await loadProviderRegistry(config, handle.db);
  } finally {
    void handle.close().catch(() => {});
  }
}
