import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSilentServer, type SilentServer } from '../../../scripts/test/silent-server.ts';
import { openRedis } from '../cache/redis.ts';
import { openDatabase } from '../db/client.ts';
import { databaseTimeout, redisTimeout, roomRpcTimeout, TimeoutError } from './timeouts.ts';

describe('the named timeouts', () => {
  let silent: SilentServer;
  beforeEach(async () => {
    silent = await startSilentServer();
  });
  afterEach(() => silent.stop());

  it('give up on a Postgres query that a server accepts and never answers', async () => {
    const { db } = openDatabase({
      DATABASE_URL: `postgres://chimera:not-a-password@${silent.host}:${silent.port}/chimera`,
      NEON_WS_PROXY: `${silent.host}:${silent.port}/v1`,
    });
    const query = databaseTimeout(300).execute(() => db.execute(sql`select 1`));
    await expect(query).rejects.toThrow(new TimeoutError('Postgres', 300));
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it('give up on a Redis command that a server accepts and never answers', async () => {
    const redis = openRedis({
      UPSTASH_REDIS_REST_URL: `http://${silent.host}:${silent.port}`,
      UPSTASH_REDIS_REST_TOKEN: 'test-token',
    });
    await expect(redisTimeout(300).execute(() => redis.ping())).rejects.toThrow('Redis gave no answer within 300 ms');
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it('abort the signal they hand the work when they give up, so work that can stop does', async () => {
    let aborted = false;
    const pending = (signal: AbortSignal) =>
      new Promise<never>(() => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      });
    await expect(roomRpcTimeout(50).execute(pending)).rejects.toBeInstanceOf(TimeoutError);
    expect(aborted).toBe(true);
  });

  it('pass on the answer, and the failure, of work that finishes in time', async () => {
    expect(await databaseTimeout(5_000).execute(async () => 42)).toBe(42);
    await expect(roomRpcTimeout(5_000).execute(() => Promise.reject(new Error('the room refused')))).rejects.toThrow(
      'the room refused',
    );
  });
});
