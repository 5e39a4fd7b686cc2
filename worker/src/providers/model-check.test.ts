/**
 * A persona or room naming a model its provider does not offer is refused
 * when the provider's list is known, accepted (and flagged for the UI) when
 * it is not; non-chat models never appear in a list.
 */
import { describe, expect, it } from 'vitest';
import type { ProvidersBody } from '../routes/providers.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { conversationInput } from '../testing/conversations.ts';
import { personaInput } from '../testing/personas.ts';
import { openFakeSpace } from './testing/fake-space.ts';

const MODELS = [
  'gpt-4.1-mini',
  'gpt-4.1',
  'text-embedding-3-small',
  'whisper-1',
  'tts-1',
  'omni-moderation-latest',
  'dall-e-3',
];

async function openAiSpace(
  script: Parameters<Awaited<ReturnType<typeof openFakeSpace>>['script']>[0] = { models: MODELS },
) {
  const space = await openFakeSpace();
  await space.script(script);
  return { space, env: space.variables(['openai', 'gemini']) };
}

describe('model checks', () => {
  it('refuse a persona whose model its provider does not list, naming the model', async () => {
    const { env } = await openAiSpace();
    const client = await signedInClient('models');
    const refused = await client.post(
      '/api/personas',
      personaInput({ defaultProvider: 'openai', defaultModel: 'gpt-nope' }),
      { env },
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        code: 'validation_failed',
        message: expect.stringContaining('"gpt-nope"'),
        details: { issues: [{ path: 'json.defaultModel' }] },
      },
    });
    const accepted = await client.post(
      '/api/personas',
      personaInput({ defaultProvider: 'openai', defaultModel: 'gpt-4.1' }),
      { env },
    );
    expect(accepted.status, accepted.text).toBe(201);

    const moved = await client.patch(
      `/api/personas/${String(accepted.body.id)}`,
      { defaultModel: 'gpt-4.2-imaginary' },
      { env },
    );
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ error: { message: expect.stringContaining('"gpt-4.2-imaginary"') } });
  });

  it('refuse a room whose persona names an unlisted model, or a non-chat one', async () => {
    const { env } = await openAiSpace();
    const client = await signedInClient('models');
    for (const model of ['gpt-nope', 'text-embedding-3-small']) {
      const refused = await client.post(
        '/api/conversations',
        conversationInput({
          personas: [
            { persona: 'philosopher', provider: 'openai', model },
            { persona: 'comedian', provider: 'demo', model: 'demo-voice' },
          ],
        }),
        { env },
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: {
          message: expect.stringContaining(`"${model}"`),
          details: { issues: [{ path: 'json.personas.0.model' }] },
        },
      });
    }
    const accepted = await client.post(
      '/api/conversations',
      conversationInput({
        personas: [{ persona: 'philosopher', provider: 'openai', model: 'gpt-4.1-mini' }, { persona: 'comedian' }],
      }),
      { env },
    );
    expect(accepted.status, accepted.text).toBe(201);
  });

  it('accept any model while the list is not known, and say so in /api/providers for the UI to warn', async () => {
    const { env } = await openAiSpace({
      models: MODELS,
      faults: [{ kind: 'status-500', on: 'models', provider: 'openai' }],
    });
    const client = await signedInClient('models');
    const accepted = await client.post(
      '/api/personas',
      personaInput({ defaultProvider: 'openai', defaultModel: 'gpt-maybe' }),
      { env },
    );
    expect(accepted.status, accepted.text).toBe(201);
    const listed = await testClient().get('/api/providers', { env });
    const { providers } = listed.body as ProvidersBody;
    expect(providers.find((provider) => provider.id === 'openai')).toMatchObject({
      healthy: false,
      modelsKnown: false,
      models: [],
    });
    expect(providers.find((provider) => provider.id === 'gemini')).toMatchObject({ healthy: true, modelsKnown: true });
  });

  it('list only chat models', async () => {
    const { env } = await openAiSpace({ models: [...MODELS, 'gemini-2.5-flash', 'gemini-embedding-001'] });
    const listed = await testClient().get('/api/providers', { env });
    const { providers } = listed.body as ProvidersBody;
    expect(providers.find((provider) => provider.id === 'openai')?.models).toEqual([
      'gpt-4.1-mini',
      'gpt-4.1',
      'gemini-2.5-flash',
    ]);
    // Gemini's own list says which models can generateContent; its embedding model cannot.
    expect(providers.find((provider) => provider.id === 'gemini')?.models).toEqual([
      'gpt-4.1-mini',
      'gpt-4.1',
      'gemini-2.5-flash',
    ]);
  });
});
