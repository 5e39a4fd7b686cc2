import type { Redis } from '@upstash/redis/cloudflare';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openRedisBackend, type RedisBackend } from '../../../scripts/stack/redis-backend.ts';
import { startUpstashRest, type UpstashRestServer } from '../../../scripts/stack/upstash-rest.ts';
import { startSilentServer, type SilentServer } from '../../../scripts/test/silent-server.ts';
import { tryRedis } from '../cache/redis-guard.ts';
import { openRedis, type RedisConfig } from '../cache/redis.ts';
import { createRedisPolicy, RedisSkipped } from './redis.ts';
import { TimeoutError } from './timeouts.ts';

const TOKEN = 'test-token';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The real Redis at REDIS_URL when set (CI sets it), else the in-memory store, behind the local Upstash endpoint.
describe('Redis behind its policy', () => {
  let backend: RedisBackend;
  let rest: UpstashRestServer;
  let silent: SilentServer;
  let config: RedisConfig;
  let redis: Redis;

  beforeAll(async () => {
    backend = await openRedisBackend(process.env.REDIS_URL, () => {});
    rest = await startUpstashRest(backend, { token: TOKEN });
  });
  afterAll(async () => {
    await rest.stop();
    await backend.close();
  });
  beforeEach(async () => {
    silent = await startSilentServer();
    config = { UPSTASH_REDIS_REST_URL: `http://${silent.host}:${silent.port}`, UPSTASH_REDIS_REST_TOKEN: TOKEN };
    redis = openRedis(config);
  });
  afterEach(() => silent.stop());

  /** From now on the silent address reaches the real endpoint: Redis is back. */
  const comeBack = () => silent.forwardTo({ host: '127.0.0.1', port: Number(new URL(rest.url).port) });

  it('opens its breaker after consecutive hung commands, skips Redis without sending it anything, and closes on a trial that succeeds', async () => {
    const policy = createRedisPolicy({ timeoutMs: 200, retries: 0, breakerThreshold: 2, halfOpenAfterMs: 300 });
    for (let attempt = 0; attempt < 2; attempt += 1)
      await expect(policy.execute(() => redis.ping())).rejects.toBeInstanceOf(TimeoutError);
    const reached = silent.connections();
    const command = vi.fn(() => redis.ping());
    await expect(policy.execute(command)).rejects.toBeInstanceOf(RedisSkipped);
    expect(command).not.toHaveBeenCalled();
    expect(silent.connections()).toBe(reached);

    comeBack();
    await pause(400);
    expect(await policy.execute(() => redis.ping())).toBe('PONG');
    const key = `test:${crypto.randomUUID()}`;
    expect(await policy.execute(() => redis.set(key, 'back', { ex: 60 }))).toBe('OK');
    expect(await policy.execute(() => redis.get(key))).toBe('back');
  });

  it('opens again when its trial command hangs too', async () => {
    const policy = createRedisPolicy({ timeoutMs: 200, retries: 0, breakerThreshold: 1, halfOpenAfterMs: 300 });
    await expect(policy.execute(() => redis.ping())).rejects.toBeInstanceOf(TimeoutError);
    await pause(400);
    await expect(policy.execute(() => redis.ping())).rejects.toBeInstanceOf(TimeoutError);
    await expect(policy.execute(() => redis.ping())).rejects.toBeInstanceOf(RedisSkipped);
  });

  it('sends a request that failed on the way once more', async () => {
    const policy = createRedisPolicy({ timeoutMs: 5_000, retries: 1, breakerThreshold: 1, halfOpenAfterMs: 10_000 });
    const direct = openRedis({ UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: TOKEN });
    let sends = 0;
    const flaky = () => {
      sends += 1;
      return sends === 1 ? Promise.reject(new TypeError('fetch failed')) : direct.ping();
    };
    expect(await policy.execute(flaky)).toBe('PONG');
    expect(sends).toBe(2);
  });

  it('never sends again a command Redis answered with an error', async (context) => {
    // The in-memory store answers INCR of a non-integer with null where Redis refuses it: real Redis only (CI's first pass).
    if (backend.kind === 'memory') context.skip();
    const policy = createRedisPolicy({ timeoutMs: 5_000, retries: 1, breakerThreshold: 1, halfOpenAfterMs: 10_000 });
    const direct = openRedis({ UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: TOKEN });
    const key = `test:${crypto.randomUUID()}`;
    await direct.set(key, 'not a number', { ex: 60 });
    const refused = vi.fn(() => direct.incr(key));
    await expect(policy.execute(refused)).rejects.toThrow(/not an integer/);
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it('lets tryRedis answer { ok: false } for a hung Redis, log it once, and skip it on the next call', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await tryRedis({ config, redis }, (client) => client.ping())).toEqual({ ok: false });
      const reached = silent.connections();
      comeBack();
      expect(await tryRedis({ config, redis }, (client) => client.ping())).toEqual({ ok: false });
      expect(silent.connections()).toBe(reached);
      const events = warned.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
      expect(events).toEqual([
        expect.objectContaining({
          event: 'redis-unavailable',
          retryInMs: 10_000,
          reason: 'Redis gave no answer within 1500 ms',
        }),
      ]);
    } finally {
      warned.mockRestore();
    }
  });
});
