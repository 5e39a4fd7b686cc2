import { describe, expect, it } from 'vitest';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { spendBudget } from '../testing/budgets.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { personaInput } from '../testing/personas.ts';

describe('GET /api/personas', () => {
  it('lists the three seed personas, read-only, for anonymous visitors', async () => {
    const response = await testClient().get('/api/personas');
    expect(response.status).toBe(200);
    expect(response.body.personas.map((persona: { name: string }) => persona.name)).toEqual([
      'philosopher',
      'comedian',
      'scientist',
    ]);
    expect(response.body.personas[0]).toMatchObject({
      id: 'philosopher',
      seed: true,
      temperature: 0.7,
      avgLength: 150,
      systemPrompt: SEED_PERSONAS[0]!.systemPrompt,
    });
  });

  it('adds the caller’s own personas after the seeds, from the cache until a write invalidates it', async () => {
    const client = await signedInClient();
    const first = await client.get('/api/personas');
    expect(first.headers.get('x-cache')).toBe('miss');
    expect((await client.get('/api/personas')).headers.get('x-cache')).toBe('hit');
    const created = await client.post('/api/personas', personaInput());
    expect(created.status).toBe(201);
    const after = await client.get('/api/personas');
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.body.personas.map((persona: { id: string }) => persona.id)).toEqual([
      'philosopher',
      'comedian',
      'scientist',
      created.body.id,
    ]);
  });

  it('never shows one user’s personas to another', async () => {
    const owner = await signedInClient();
    await owner.post('/api/personas', personaInput());
    const other = await signedInClient();
    expect((await other.get('/api/personas')).body.personas).toHaveLength(3);
  });
});

describe('POST /api/personas', () => {
  it('creates a persona owned by the caller', async () => {
    const client = await signedInClient();
    const input = personaInput();
    const response = await client.post('/api/personas', input);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), seed: false, ...input });
  });

  it('answers 401 without a session, before looking at the body', async () => {
    const response = await testClient().post('/api/personas', { nonsense: true });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it.each([
    ['a seed name', { name: 'philosopher' }, 'json.name'],
    ['a name that is not a slug', { name: 'Pirate Captain' }, 'json.name'],
    ['a temperature above 2', { temperature: 2.5 }, 'json.temperature'],
    ['a negative temperature', { temperature: -0.1 }, 'json.temperature'],
    ['a short system prompt', { systemPrompt: 'Be a pirate.' }, 'json.systemPrompt'],
    ['a system prompt over 4000 characters', { systemPrompt: 'Arr. '.repeat(900) }, 'json.systemPrompt'],
    ['an average length of 5 words', { avgLength: 5 }, 'json.avgLength'],
    ['a fractional average length', { avgLength: 90.5 }, 'json.avgLength'],
    ['no traits', { traits: [] }, 'json.traits'],
    ['nine traits', { traits: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8', 'i9'] }, 'json.traits'],
    ['repeated traits', { traits: ['bold', 'Bold'] }, 'json.traits'],
    ['markup in a trait', { traits: ['<script>'] }, 'json.traits.0'],
    ['markup in the avatar', { avatar: '<img>' }, 'json.avatar'],
    ['a colour that is not #rrggbb', { color: 'red' }, 'json.color'],
    ['an unknown provider', { defaultProvider: 'skynet' }, 'json.defaultProvider'],
    ['a model id with spaces', { defaultModel: 'gpt 4' }, 'json.defaultModel'],
    ['a control character in the display name', { displayName: 'The\u0007Pirate' }, 'json.displayName'],
    ['an unknown field', { secret: 'x' }, 'json'],
  ])('rejects %s with 400 naming the field', async (_, overrides, path) => {
    const client = await signedInClient();
    const response = await client.post('/api/personas', personaInput(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('answers 409 for a name the caller already uses, but lets another user take it', async () => {
    const client = await signedInClient();
    const input = personaInput();
    expect((await client.post('/api/personas', input)).status).toBe(201);
    const again = await client.post('/api/personas', input);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('persona_name_taken');
    expect((await (await signedInClient()).post('/api/personas', input)).status).toBe(201);
  });

  it('answers 429 with Retry-After once the user’s write budget is spent', async () => {
    const client = await signedInClient();
    await spendBudget('write', 'user', `user:${client.user.id}`);
    const response = await client.post('/api/personas', personaInput());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('PATCH /api/personas/:id', () => {
  it('updates the owner’s persona', async () => {
    const client = await signedInClient();
    const created = await client.post('/api/personas', personaInput());
    const response = await client.patch(`/api/personas/${created.body.id}`, { temperature: 1.5, traits: ['grumpy'] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: created.body.id,
      temperature: 1.5,
      traits: ['grumpy'],
      displayName: 'The Pirate',
    });
  });

  it('answers 403 read_only for a seed persona', async () => {
    const client = await signedInClient();
    const response = await client.patch('/api/personas/philosopher', { temperature: 1 });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('read_only');
  });

  it('answers 404 for another user’s persona and leaves it unchanged', async () => {
    const owner = await signedInClient();
    const created = await owner.post('/api/personas', personaInput());
    const intruder = await signedInClient();
    const response = await intruder.patch(`/api/personas/${created.body.id}`, { temperature: 0 });
    expect(response.status).toBe(404);
    const list = await owner.get('/api/personas');
    expect(list.body.personas.at(-1).temperature).toBe(0.8);
  });

  it('rejects an empty update, an out-of-range value and a non-id with a 4xx code', async () => {
    const client = await signedInClient();
    const created = await client.post('/api/personas', personaInput());
    const empty = await client.patch(`/api/personas/${created.body.id}`, {});
    expect(empty.status).toBe(400);
    const hot = await client.patch(`/api/personas/${created.body.id}`, { temperature: 3 });
    expect(hot.body.error.details.issues[0].path).toBe('json.temperature');
    const bogus = await client.patch('/api/personas/not-a-persona', { temperature: 1 });
    expect(bogus.status).toBe(404);
  });

  it('answers 401 without a session', async () => {
    expect((await testClient().patch(`/api/personas/${crypto.randomUUID()}`, { temperature: 1 })).status).toBe(401);
  });
});

describe('DELETE /api/personas/:id', () => {
  it('deletes the owner’s persona; seeds are read-only and others’ are not found', async () => {
    const owner = await signedInClient();
    const created = await owner.post('/api/personas', personaInput());
    expect((await (await signedInClient()).delete(`/api/personas/${created.body.id}`)).status).toBe(404);
    expect((await owner.delete('/api/personas/comedian')).status).toBe(403);
    expect((await owner.delete(`/api/personas/${created.body.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/personas/${created.body.id}`)).status).toBe(404);
    expect((await owner.get('/api/personas')).body.personas).toHaveLength(3);
  });

  it('answers 401 without a session and 403 csrf_rejected from a foreign origin', async () => {
    expect((await testClient().delete(`/api/personas/${crypto.randomUUID()}`)).status).toBe(401);
    const owner = await signedInClient();
    const created = await owner.post('/api/personas', personaInput());
    const forged = await owner.request('DELETE', `/api/personas/${created.body.id}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_rejected');
  });
});
