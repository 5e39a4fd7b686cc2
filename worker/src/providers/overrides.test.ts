import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { aiProviders } from '../db/schema/index.ts';
import { loadProviderOverrides } from './overrides.ts';
import { createProviderRegistry } from './registry.ts';
import { openFakeSpace } from './testing/fake-space.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

const REQUEST = {
  system: 'Be exact.',
  messages: [{ role: 'user' as const, content: 'Define entropy.' }],
  temperature: 0.3,
  maxOutputTokens: 400,
};

describe('ai_providers rows', () => {
  it('switch on a local provider at their endpoint, set its default model and apply their default parameters', async () => {
    const space = await openFakeSpace();
    const name = `ollama-test-${crypto.randomUUID()}`;
    await db.insert(aiProviders).values({
      name,
      providerType: 'ollama',
      apiEndpoint: `${space.root}/ollama`,
      modelName: 'mistral-fake',
      defaultParameters: { temperature: 0.1, maxOutputTokens: 50 },
    });
    try {
      const overrides = (await loadProviderOverrides(db, crypto.randomUUID())).filter((row) => row.name === name);
      expect(overrides).toEqual([
        {
          name,
          provider: 'ollama',
          endpoint: `${space.root}/ollama`,
          model: 'mistral-fake',
          parameters: { temperature: 0.1, maxOutputTokens: 50 },
        },
      ]);
      const registry = createProviderRegistry(space.config([]), { overrides });
      expect(registry.available()).toEqual(['ollama', 'demo']);
      expect(registry.defaultModel('ollama')).toBe('mistral-fake');
      await space.script({ models: ['llama3.2'] });
      expect((await registry.get('ollama')!.listModels()).map((model) => model.id)).toEqual([
        'mistral-fake',
        'llama3.2',
      ]);

      const result = await registry.runTurn({
        chain: registry.chain({ provider: 'ollama', model: registry.defaultModel('ollama') }),
        request: REQUEST,
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: () => {},
      });
      expect(result.provider).toBe('ollama');
      const chat = (await space.requests()).find((request) => request.kind === 'chat');
      expect(chat).toMatchObject({ model: 'mistral-fake', temperature: 0.1, maxOutputTokens: 50 });
    } finally {
      await db.delete(aiProviders).where(eq(aiProviders.name, name));
    }
  });

  it('skips inactive rows and rows naming an unknown provider', async () => {
    const suffix = crypto.randomUUID();
    await db.insert(aiProviders).values([
      { name: `inactive-${suffix}`, providerType: 'openai', modelName: 'gpt-4.1', isActive: false },
      { name: `unknown-${suffix}`, providerType: 'mistral', modelName: 'mistral-large' },
      { name: `bad-endpoint-${suffix}`, providerType: 'ollama', apiEndpoint: 'ftp://example.com' },
    ]);
    try {
      const overrides = await loadProviderOverrides(db, crypto.randomUUID());
      expect(overrides.filter((row) => row.name.endsWith(suffix))).toEqual([]);
    } finally {
      for (const prefix of ['inactive', 'unknown', 'bad-endpoint'])
        await db.delete(aiProviders).where(eq(aiProviders.name, `${prefix}-${suffix}`));
    }
  });
});
