import { describe, expect, it } from 'vitest';
import { signedInClient, testClient, testEnv } from '../testing/client.ts';
import { createConversation } from '../testing/conversations.ts';
import { contextHash, openReplyCache, replyCacheKey, type CachedReply } from './reply-cache.ts';

const request = {
  system: `You are a witty comedian. Topic: ${crypto.randomUUID()}`,
  messages: [{ role: 'user' as const, content: 'Tea or coffee?' }],
  temperature: 0.9,
  maxOutputTokens: 300,
};

const reply: CachedReply = {
  text: 'Coffee: because tea is just bean water with commitment issues.',
  provider: 'demo',
  model: 'demo-voice',
  inputTokens: 40,
  outputTokens: 12,
};

describe('the reply cache', () => {
  it('misses, then hits on the same persona, model and context, counting both per conversation', async () => {
    const conversationId = crypto.randomUUID();
    const cache = openReplyCache(testEnv, conversationId);
    const key = await replyCacheKey('comedian', 'demo', 'demo-voice', request);
    expect(await cache.lookup(key)).toBeNull();
    await cache.store(key, reply);
    expect(await cache.lookup(key)).toEqual(reply);
    expect(await cache.stats()).toEqual({ hits: 1, misses: 1 });
    const elsewhere = openReplyCache(testEnv, crypto.randomUUID());
    expect(await elsewhere.lookup(key)).toEqual(reply);
    expect(await elsewhere.stats()).toEqual({ hits: 1, misses: 0 });
  });

  it('misses when the persona, the model or anything in the context differs', async () => {
    const cache = openReplyCache(testEnv, crypto.randomUUID());
    await cache.store(await replyCacheKey('comedian', 'demo', 'demo-voice', request), reply);
    const variants = [
      replyCacheKey('philosopher', 'demo', 'demo-voice', request),
      replyCacheKey('comedian', 'openai', 'demo-voice', request),
      replyCacheKey('comedian', 'demo', 'other-model', request),
      replyCacheKey('comedian', 'demo', 'demo-voice', { ...request, temperature: 0.8 }),
      replyCacheKey('comedian', 'demo', 'demo-voice', { ...request, maxOutputTokens: 301 }),
      replyCacheKey('comedian', 'demo', 'demo-voice', { ...request, system: `${request.system}.` }),
      replyCacheKey('comedian', 'demo', 'demo-voice', {
        ...request,
        messages: [{ role: 'assistant', content: 'Tea or coffee?' }],
      }),
    ];
    for (const key of await Promise.all(variants)) expect(await cache.lookup(key)).toBeNull();
    expect(await cache.stats()).toEqual({ hits: 0, misses: variants.length });
  });

  it('hashes the context deterministically', async () => {
    expect(await contextHash(request)).toBe(await contextHash({ ...request, messages: [...request.messages] }));
    expect(await contextHash(request)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads as a miss, uncounted, and never throws while Redis is down', async () => {
    const cache = openReplyCache({ ...testEnv, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' }, crypto.randomUUID());
    const key = await replyCacheKey('comedian', 'demo', 'demo-voice', request);
    await cache.store(key, reply);
    expect(await cache.lookup(key)).toBeNull();
    expect(await cache.stats()).toEqual({ hits: 0, misses: 0 });
  });

  it('shows a conversation’s counts in GET /api/conversations/:id when it opted in', async () => {
    const owner = await signedInClient();
    const optedIn = await createConversation(owner, { replyCache: true });
    const cache = openReplyCache(testEnv, optedIn);
    const key = await replyCacheKey('comedian', 'demo', 'demo-voice', { ...request, system: crypto.randomUUID() });
    await cache.lookup(key);
    await cache.store(key, reply);
    await cache.lookup(key);
    expect((await testClient().get(`/api/conversations/${optedIn}`)).body.replyCacheStats).toEqual({
      hits: 1,
      misses: 1,
    });
    const optedOut = await createConversation(owner);
    expect((await testClient().get(`/api/conversations/${optedOut}`)).body.replyCacheStats).toBeNull();
  });
});
