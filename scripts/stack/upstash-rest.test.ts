/**
 * The local Upstash endpoint, driven by the official clients (@upstash/redis,
 * @upstash/ratelimit) against both stores: the in-memory one, and the real
 * Redis at REDIS_URL when one is set (CI sets it).
 */
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRedisBackend, type RedisBackend } from './redis-backend.ts';
import { startUpstashRest, type UpstashRestServer } from './upstash-rest.ts';

const stores: [kind: RedisBackend['kind'], redisUrl: string | undefined][] = [['memory', undefined]];
if (process.env.REDIS_URL) stores.push(['redis', process.env.REDIS_URL]);

describe.each(stores)('the Upstash REST endpoint over %s', (kind, redisUrl) => {
  let backend: RedisBackend;
  let server: UpstashRestServer;
  let redis: Redis;
  const prefix = `test:${crypto.randomUUID()}:`;

  beforeAll(async () => {
    backend = await openRedisBackend(redisUrl, (line) => {
      throw new Error(`unexpected fallback: ${line}`);
    });
    expect(backend.kind).toBe(kind);
    server = await startUpstashRest(backend, { token: 'test-token' });
    redis = new Redis({ url: server.url, token: server.token, enableTelemetry: false });
  });
  afterAll(async () => {
    await server.stop();
    await backend.close();
  });

  it('runs single commands with base64-encoded replies, as @upstash/redis asks', async () => {
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.set(`${prefix}greeting`, 'héllo, wörld ✨')).toBe('OK');
    expect(await redis.get(`${prefix}greeting`)).toBe('héllo, wörld ✨');
    expect(await redis.incrby(`${prefix}count`, 5)).toBe(5);
    await redis.hset(`${prefix}hash`, { a: 1, b: 'two' });
    expect(await redis.hgetall(`${prefix}hash`)).toEqual({ a: 1, b: 'two' });
    await redis.set(`${prefix}json`, { nested: [1, 2] });
    expect(await redis.get(`${prefix}json`)).toEqual({ nested: [1, 2] });
    expect(await redis.get(`${prefix}missing`)).toBeNull();
  });

  it('expires keys set with the options @upstash/redis sends in lowercase (ex, px, nx, get)', async () => {
    expect(await redis.set(`${prefix}ex`, 'soon gone', { ex: 60 })).toBe('OK');
    const ttl = await redis.ttl(`${prefix}ex`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await redis.set(`${prefix}px`, 'gone', { px: 50 });
    await vi.waitFor(async () => expect(await redis.get(`${prefix}px`)).toBeNull(), { timeout: 5_000, interval: 50 });
    expect(await redis.set(`${prefix}ex`, 'again', { nx: true })).toBeNull();
    expect(await redis.set(`${prefix}ex`, 'replaced', { get: true })).toBe('soon gone');
    expect(await redis.get(`${prefix}ex`)).toBe('replaced');
  });

  it('runs pipelines and transactions', async () => {
    const pipeline = redis.pipeline();
    pipeline.set(`${prefix}p`, 1).incr(`${prefix}p`).get(`${prefix}p`);
    expect(await pipeline.exec()).toEqual(['OK', 2, 2]);
    const transaction = redis.multi();
    transaction.incr(`${prefix}t`).incr(`${prefix}t`);
    expect(await transaction.exec()).toEqual([1, 2]);
  });

  it('runs Lua scripts by EVAL and EVALSHA', async () => {
    const script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
    expect(await redis.eval(script, [`${prefix}lua`], [3])).toBe(3);
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [`${prefix}lua`], [4])).toBe(7);
  });

  it('enforces @upstash/ratelimit limits through it', async () => {
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, '60 s'), prefix: `${prefix}rl` });
    const results = [];
    for (let attempt = 0; attempt < 5; attempt++) results.push((await limiter.limit('client')).success);
    expect(results).toEqual([true, true, true, false, false]);
  });

  it('answers a Redis error with 400 and the error text', async () => {
    if (kind === 'redis') {
      await redis.set(`${prefix}text`, 'abc');
      await expect(redis.incr(`${prefix}text`)).rejects.toThrow(/not an integer/);
    }
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: '["NOSUCHCOMMAND"]',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/unknown command/i) });
  });

  it('rejects a wrong token and a malformed body', async () => {
    const wrongToken = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '["PING"]',
    });
    expect(wrongToken.status).toBe(401);
    const malformed = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: '{"not":"a command"}',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'ERR a command must be a non-empty JSON array' });
  });
});

describe('openRedisBackend', () => {
  it('falls back to memory and names REDIS_URL when nothing answers there', async () => {
    const warnings: string[] = [];
    const backend = await openRedisBackend('redis://127.0.0.1:9', (line) => warnings.push(line));
    expect(backend.kind).toBe('memory');
    expect(warnings[0]).toMatch(/^REDIS_URL \(redis:\/\/127\.0\.0\.1:9\) did not answer/);
    await backend.close();
  });
});
