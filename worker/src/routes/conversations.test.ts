import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { messageReactions, messages } from '../db/schema/index.ts';
import { ipIdentifier } from '../cache/rate-limit.ts';
import { spendBudget } from '../testing/budgets.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { conversationInput, createConversation, insertMessages } from '../testing/conversations.ts';
import { personaInput } from '../testing/personas.ts';

describe('POST /api/conversations', () => {
  it('creates an idle conversation with each persona’s provider and model, snapshotting the personas', async () => {
    const client = await signedInClient();
    const pirate = await client.post('/api/personas', personaInput());
    const response = await client.post('/api/conversations', {
      title: '  Free will  ',
      topic: 'Whether anyone ever chooses anything',
      personas: [
        { persona: 'philosopher', provider: 'demo', model: 'demo-voice' },
        { persona: 'scientist' },
        { persona: pirate.body.id },
      ],
      mode: 'context-aware',
      maxTurns: 12,
      budgetUsd: 0.5,
      visibility: 'unlisted',
      replyCache: true,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Free will',
      mode: 'context-aware',
      status: 'idle',
      maxTurns: 12,
      budgetUsd: 0.5,
      visibility: 'unlisted',
      replyCache: true,
      owner: { id: client.user.id, username: client.user.username },
    });
    expect(
      response.body.personas.map((persona: { name: string; provider: string; model: string }) => [
        persona.name,
        persona.provider,
        persona.model,
      ]),
    ).toEqual([
      ['philosopher', 'demo', 'demo-voice'],
      ['scientist', 'gemini', 'gemini-2.5-flash'],
      [pirate.body.name, 'demo', 'demo-voice'],
    ]);
    expect(response.body.personas[0]).not.toHaveProperty('systemPrompt');
    await client.patch(`/api/personas/${pirate.body.id}`, { displayName: 'Renamed' });
    const stored = await client.get(`/api/conversations/${response.body.id}`);
    expect(stored.body.personas[2].displayName).toBe('The Pirate');
  });

  it('applies the defaults: sequential, 20 turns, 1 USD, public, no reply cache', async () => {
    const client = await signedInClient();
    const response = await client.post('/api/conversations', conversationInput());
    expect(response.body).toMatchObject({
      mode: 'sequential',
      maxTurns: 20,
      budgetUsd: 1,
      visibility: 'public',
      replyCache: false,
    });
  });

  it.each([
    ['no title', { title: '' }, 'json.title'],
    ['a title over 120 characters', { title: 'x'.repeat(121) }, 'json.title'],
    ['no topic', { topic: '   ' }, 'json.topic'],
    ['one persona', { personas: [{ persona: 'philosopher' }] }, 'json.personas'],
    [
      'seven personas',
      { personas: Array.from({ length: 7 }, (_, index) => ({ persona: `p${index}` })) },
      'json.personas',
    ],
    ['a persona twice', { personas: [{ persona: 'comedian' }, { persona: 'comedian' }] }, 'json.personas'],
    [
      'an unknown provider',
      { personas: [{ persona: 'comedian', provider: 'skynet' }, { persona: 'scientist' }] },
      'json.personas.0.provider',
    ],
    ['an unknown mode', { mode: 'chaos' }, 'json.mode'],
    ['zero turns', { maxTurns: 0 }, 'json.maxTurns'],
    ['fractional turns', { maxTurns: 2.5 }, 'json.maxTurns'],
    ['a budget over 50 USD', { budgetUsd: 51 }, 'json.budgetUsd'],
    ['an unknown visibility', { visibility: 'secret' }, 'json.visibility'],
    ['a string for a number', { maxTurns: '12' }, 'json.maxTurns'],
    ['an unknown field', { owner: 'someone-else' }, 'json'],
  ])('rejects %s with 400 validation_failed naming the field', async (_, overrides, path) => {
    const client = await signedInClient();
    const response = await client.post('/api/conversations', conversationInput(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('rejects a persona that is neither a seed nor the caller’s, and a provider change without a model', async () => {
    const owner = await signedInClient();
    const pirate = await owner.post('/api/personas', personaInput());
    const other = await signedInClient();
    const foreign = await other.post(
      '/api/conversations',
      conversationInput({ personas: [{ persona: 'comedian' }, { persona: pirate.body.id }] }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('unknown_persona');
    const noModel = await other.post(
      '/api/conversations',
      conversationInput({ personas: [{ persona: 'comedian', provider: 'ollama' }, { persona: 'scientist' }] }),
    );
    expect(noModel.status).toBe(400);
    expect(noModel.body.error.details.issues[0].path).toBe('json.personas.0.model');
  });

  it('answers 401 for anonymous callers and 429 with Retry-After once the creation budget is spent', async () => {
    expect((await testClient().post('/api/conversations', conversationInput())).status).toBe(401);
    const client = await signedInClient();
    await spendBudget('create', 'user', `user:${client.user.id}`);
    const response = await client.post('/api/conversations', conversationInput());
    expect(response.status).toBe(429);
    expect(response.body.error.details.budget).toBe('create');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('refuses a cross-site create riding the cookie (CSRF), with or without Origin', async () => {
    const client = await signedInClient();
    const foreign = await client.request('POST', '/api/conversations', {
      json: conversationInput(),
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const crossSite = testClient({ origin: null });
    crossSite.cookie = client.cookie;
    const noOrigin = await crossSite.request('POST', '/api/conversations', {
      json: conversationInput(),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.error.code).toBe('csrf_rejected');
    const sameOrigin = await crossSite.request('POST', '/api/conversations', {
      json: conversationInput(),
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(201);
  });
});

describe('GET /api/conversations', () => {
  it('lists public conversations only, newest first, and pages them with a cursor', async () => {
    const owner = await signedInClient();
    const persona = await owner.post('/api/personas', personaInput());
    const personas = [{ persona: 'scientist' }, { persona: persona.body.id }];
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push(await createConversation(owner, { personas }));
    await createConversation(owner, { personas, visibility: 'unlisted' });
    await createConversation(owner, { personas, visibility: 'private' });
    const viewer = testClient();
    const first = await viewer.get(`/api/conversations?persona=${persona.body.name}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.conversations.map((conversation: { id: string }) => conversation.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await viewer.get(
      `/api/conversations?persona=${persona.body.name}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.conversations.map((conversation: { id: string }) => conversation.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('serves the lobby from the cache until a public conversation is created', async () => {
    const owner = await signedInClient();
    const viewer = testClient();
    const query = `/api/conversations?status=idle&limit=3&persona=philosopher&mode=random`;
    await viewer.get(query);
    expect((await viewer.get(query)).headers.get('x-cache')).toBe('hit');
    const id = await createConversation(owner, { mode: 'random' });
    const fresh = await viewer.get(query);
    expect(fresh.headers.get('x-cache')).toBe('miss');
    expect(fresh.body.conversations[0].id).toBe(id);
  });

  it('lists all of the caller’s own conversations with mine=true, and nobody else’s', async () => {
    const owner = await signedInClient();
    const privateId = await createConversation(owner, { visibility: 'private' });
    const unlistedId = await createConversation(owner, { visibility: 'unlisted' });
    await createConversation(await signedInClient());
    const mine = await owner.get('/api/conversations?mine=true');
    expect(mine.body.conversations.map((conversation: { id: string }) => conversation.id)).toEqual([
      unlistedId,
      privateId,
    ]);
    expect(mine.headers.get('x-cache')).toBe('none');
  });

  it('answers 401 for mine=true without a session, and 400 for bad filters or a forged cursor', async () => {
    const client = testClient();
    expect((await client.get('/api/conversations?mine=true')).status).toBe(401);
    for (const query of [
      'limit=0',
      'limit=51',
      'status=exploded',
      'mode=chaos',
      'persona=Not%20A%20Slug',
      'cursor=bm9wZQ',
      'mine=yes',
    ]) {
      const response = await client.get(`/api/conversations?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('validation_failed');
    }
  });

  it('answers 429 with Retry-After once the anonymous read budget is spent', async () => {
    const client = testClient();
    await spendBudget('read', 'anonymous', ipIdentifier(client.ip));
    const response = await client.get('/api/conversations');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('GET /api/conversations/:id', () => {
  it('shows public and unlisted conversations to anyone, private ones only to their owner (404 otherwise)', async () => {
    const owner = await signedInClient();
    const stranger = await signedInClient();
    for (const visibility of ['public', 'unlisted']) {
      const id = await createConversation(owner, { visibility });
      expect((await testClient().get(`/api/conversations/${id}`)).status).toBe(200);
    }
    const privateId = await createConversation(owner, { visibility: 'private' });
    expect((await owner.get(`/api/conversations/${privateId}`)).body).toMatchObject({
      id: privateId,
      visibility: 'private',
      replyCacheStats: null,
    });
    for (const viewer of [stranger, testClient()]) {
      const response = await viewer.get(`/api/conversations/${privateId}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
    const client = testClient();
    expect((await client.get('/api/conversations/not-a-uuid')).body.error.code).toBe('validation_failed');
    expect((await client.get(`/api/conversations/${crypto.randomUUID()}`)).status).toBe(404);
  });
});

describe('GET /api/conversations/:id/messages', () => {
  it('pages messages by message_order, forwards and backwards', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner);
    await insertMessages(id, ['one', 'two', 'three', 'four', 'five']);
    const viewer = testClient();
    const first = await viewer.get(`/api/conversations/${id}/messages?limit=2`);
    expect(first.body.messages.map((message: { content: string }) => message.content)).toEqual(['one', 'two']);
    expect(first.body.messages[0]).toMatchObject({
      senderType: 'ai',
      senderId: 'demo/demo-voice',
      persona: 'comedian',
      metadata: {},
    });
    const second = await viewer.get(`/api/conversations/${id}/messages?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.messages.map((message: { content: string }) => message.content)).toEqual(['three', 'four']);
    const last = await viewer.get(`/api/conversations/${id}/messages?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toMatchObject({ messages: [{ content: 'five' }], nextCursor: null });
    const newest = await viewer.get(`/api/conversations/${id}/messages?order=desc&limit=2`);
    expect(newest.body.messages.map((message: { content: string }) => message.content)).toEqual(['five', 'four']);
    const older = await viewer.get(
      `/api/conversations/${id}/messages?order=desc&limit=5&cursor=${newest.body.nextCursor}`,
    );
    expect(older.body.messages.map((message: { content: string }) => message.content)).toEqual(['three', 'two', 'one']);
  });

  it('hides a private conversation’s messages from everyone but its owner, and rejects bad paging', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner, { visibility: 'private' });
    await insertMessages(id, ['secret']);
    expect((await owner.get(`/api/conversations/${id}/messages`)).body.messages).toHaveLength(1);
    expect((await (await signedInClient()).get(`/api/conversations/${id}/messages`)).status).toBe(404);
    for (const query of ['limit=101', 'cursor=-1', 'cursor=abc', 'order=sideways']) {
      expect((await owner.get(`/api/conversations/${id}/messages?${query}`)).status, query).toBe(400);
    }
  });
});

describe('DELETE /api/conversations/:id', () => {
  it('deletes the owner’s conversation with its messages and their reactions', async () => {
    const owner = await signedInClient();
    const id = await createConversation(owner);
    await insertMessages(id, ['bye']);
    const { db, close } = openDatabase(env);
    const reactionsLeft = () => db.select().from(messageReactions).where(eq(messageReactions.conversationId, id));
    try {
      const [message] = await db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, id));
      await db.insert(messageReactions).values({ messageId: message!.id, conversationId: id, emoji: '👍', count: 2 });
      const page = await owner.get(`/api/conversations/${id}/messages`);
      expect(page.body.messages[0].reactions).toEqual({ '👍': 2 });
      expect((await owner.delete(`/api/conversations/${id}`)).status).toBe(204);
      expect((await owner.get(`/api/conversations/${id}`)).status).toBe(404);
      expect(await reactionsLeft()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('answers 401 anonymously, 403 not_owner to another user of a public one, 404 for a private one', async () => {
    const owner = await signedInClient();
    const publicId = await createConversation(owner);
    const privateId = await createConversation(owner, { visibility: 'private' });
    expect((await testClient().delete(`/api/conversations/${publicId}`)).status).toBe(401);
    const intruder = await signedInClient();
    const forbidden = await intruder.delete(`/api/conversations/${publicId}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('not_owner');
    expect((await intruder.delete(`/api/conversations/${privateId}`)).status).toBe(404);
    expect((await owner.get(`/api/conversations/${publicId}`)).status).toBe(200);
  });
});
