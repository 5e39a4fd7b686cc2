import { describe, expect, it } from 'vitest';
import { spendBudget } from '../testing/budgets.ts';
import { randomIp, signedInClient, testClient } from '../testing/client.ts';
import { BUDGETS, ipIdentifier } from './rate-limit.ts';

/** Nothing listens here: Redis is down. */
const DEAD_REDIS = { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' };

/** Sends up to `bound` reads from one client; answers how many passed before the first 429, and that 429. */
async function burst(client: ReturnType<typeof testClient>, bound: number, env?: Record<string, string>) {
  let passed = 0;
  for (let attempt = 0; attempt < bound; attempt++) {
    const response = await client.get('/api/personas', { env });
    if (response.status === 429) return { passed, limited: response };
    expect(response.status).toBe(200);
    passed += 1;
  }
  return { passed, limited: undefined };
}

describe('rate limits', () => {
  it('hold under a burst from one IP: exactly the read budget passes, then 429 with Retry-After, while other IPs go on', async () => {
    const attacker = testClient();
    const { passed, limited } = await burst(attacker, BUDGETS.read.anonymous.limit + 30);
    expect(passed).toBe(BUDGETS.read.anonymous.limit);
    expect(limited?.body.error).toMatchObject({
      code: 'rate_limited',
      details: { budget: 'read', limit: BUDGETS.read.anonymous.limit },
    });
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(BUDGETS.read.anonymous.windowSeconds);
    expect((await attacker.get('/api/health')).status).toBe(429);
    expect((await testClient().get('/api/personas')).status).toBe(200);
  });

  it('keep separate budgets: a spent read budget leaves writes open, and the reverse', async () => {
    const client = testClient();
    await spendBudget('read', 'anonymous', ipIdentifier(client.ip));
    expect((await client.get('/api/personas')).status).toBe(429);
    expect((await client.post('/api/auth/login', { login: 'nobody-here', password: 'wrong-password' })).status).toBe(
      401,
    );
    const writer = testClient();
    await spendBudget('write', 'anonymous', ipIdentifier(writer.ip));
    expect((await writer.post('/api/auth/login', { login: 'nobody-here', password: 'wrong-password' })).status).toBe(
      429,
    );
    expect((await writer.get('/api/personas')).status).toBe(200);
  });

  it('count a signed-in user per account, not per IP, and anonymous IPv6 callers by their /64', async () => {
    const user = await signedInClient();
    await spendBudget('read', 'anonymous', ipIdentifier(user.ip));
    expect((await user.get('/api/personas')).status).toBe(200);
    await spendBudget('read', 'user', `user:${user.user.id}`);
    expect((await user.get('/api/personas')).status).toBe(429);
    const sameNetwork = testClient({ ip: '2001:db8:77:1:aaaa::1' });
    await spendBudget('read', 'anonymous', 'ip:2001:db8:77:1::/64');
    expect((await sameNetwork.get('/api/personas')).status).toBe(429);
    expect((await testClient({ ip: '2001:db8:77:2::1' }).get('/api/personas')).status).toBe(200);
  });
});

describe('with Redis down', () => {
  it('keeps answering: reads fall back to Postgres, accounts and conversations still work', async () => {
    const client = testClient();
    const options = { env: DEAD_REDIS };
    const anonymous = await client.get('/api/personas', options);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.personas).toHaveLength(3);
    const username = `down-${crypto.randomUUID().slice(0, 8)}`;
    const registered = await client.request('POST', '/api/auth/register', {
      ...options,
      json: { username, email: `${username}@example.com`, password: 'correct horse battery' },
    });
    expect(registered.status).toBe(201);
    const personas = await client.get('/api/personas', options);
    expect(personas.status).toBe(200);
    expect(personas.headers.get('x-cache')).toBe('miss');
    const created = await client.request('POST', '/api/conversations', {
      ...options,
      json: {
        title: 'Redis is down',
        topic: 'Resilience',
        personas: [{ persona: 'comedian' }, { persona: 'scientist' }],
      },
    });
    expect(created.status).toBe(201);
    const lobby = await client.get('/api/conversations?persona=comedian', options);
    expect(lobby.status).toBe(200);
    expect(lobby.body.conversations.map((conversation: { id: string }) => conversation.id)).toContain(created.body.id);
    const health = await client.get('/api/health', options);
    expect(health.status).toBe(503);
    expect(health.body.redis.error).toMatch(/^UPSTASH_REDIS_REST_URL: /);
  });

  it('still limits: the same budgets are counted in memory, with Retry-After', async () => {
    const attacker = testClient({ ip: randomIp() });
    const { passed, limited } = await burst(attacker, BUDGETS.read.anonymous.limit + 30, DEAD_REDIS);
    expect(passed).toBe(BUDGETS.read.anonymous.limit);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await testClient().get('/api/personas', { env: DEAD_REDIS })).status).toBe(200);
  });
});
