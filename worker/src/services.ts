/** Builds the per-request services (validated config, Postgres, Redis) once, in one middleware. */
import type { MiddlewareHandler } from 'hono';
import { openRedis } from './cache/redis.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { readConfig, type AppEnv, type Services } from './env.ts';

/** Sets `c.var.services`; the database pool is opened lazily and closed after the response. */
export function services(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const config = readConfig(c.env);
    let database: DatabaseHandle | undefined;
    let redis: Services['redis'] | undefined;
    c.set('services', {
      config,
      get db() {
        database ??= openDatabase(config);
        return database.db;
      },
      get redis() {
        redis ??= openRedis(config);
        return redis;
      },
    });
    try {
      await next();
    } finally {
      if (database) closeAfterResponse(c, database.close());
    }
  };
}

function closeAfterResponse(c: Parameters<MiddlewareHandler>[0], closing: Promise<void>) {
  const settled = closing.catch(() => {});
  try {
    c.executionCtx.waitUntil(settled);
  } catch {
    // No execution context (app.request in a unit test): the promise still settles on its own.
  }
}
