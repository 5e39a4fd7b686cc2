import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from './registry.ts';
import { openFakeSpace } from './testing/fake-space.ts';
import type { ProviderId } from './types.ts';

const REQUEST = {
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'Count to three, please.' }],
  temperature: 0.2,
  maxOutputTokens: 100,
};

function turnOn(registry: ReturnType<typeof createProviderRegistry>, provider: ProviderId) {
  return registry.runTurn({
    chain: [{ provider, model: registry.defaultModel(provider) }],
    request: REQUEST,
    conversationId: null,
    signal: new AbortController().signal,
    onEvent: () => {},
  });
}

describe('the provider catalog', () => {
  it('switches on only the providers whose variables are set, in fallback order, demo last', async () => {
    const space = await openFakeSpace();
    expect(createProviderRegistry(space.config([])).available()).toEqual(['demo']);
    expect(createProviderRegistry(space.config(['ollama', 'anthropic', 'gemini'])).available()).toEqual([
      'anthropic',
      'gemini',
      'ollama',
      'demo',
    ]);
    const registry = createProviderRegistry(space.config(['openai', 'deepseek']));
    expect(registry.chain({ provider: 'anthropic', model: 'claude-haiku-4-5' })).toEqual([
      { provider: 'openai', model: 'gpt-4.1-mini' },
      { provider: 'deepseek', model: 'deepseek-chat' },
      { provider: 'demo', model: 'chimera-demo' },
    ]);
  });

  it('sends Cloudflare Access headers to the local tunnels only, a per-tunnel token winning over the shared one', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(
      space.config(['lm-studio', 'ollama', 'openai'], {
        CF_ACCESS_CLIENT_ID: 'shared.access',
        CF_ACCESS_CLIENT_SECRET: 'shared-secret',
        OLLAMA_CF_ACCESS_CLIENT_ID: 'ollama.access',
        OLLAMA_CF_ACCESS_CLIENT_SECRET: 'ollama-secret',
      }),
    );
    for (const provider of ['lm-studio', 'ollama', 'openai'] as const) await turnOn(registry, provider);
    const headers = Object.fromEntries((await space.requests()).map((request) => [request.provider, request.headers]));
    expect(headers['lm-studio']).toMatchObject({
      'cf-access-client-id': 'shared.access',
      'cf-access-client-secret': 'shared-secret',
    });
    expect(headers.ollama).toMatchObject({
      'cf-access-client-id': 'ollama.access',
      'cf-access-client-secret': 'ollama-secret',
    });
    expect(headers.openai?.['cf-access-client-id']).toBeUndefined();
    expect(headers.openai?.['cf-access-client-secret']).toBeUndefined();
  });

  it.each(['lm-studio', 'ollama'] as const)(
    'estimates the usage of %s when its server reports none',
    async (provider) => {
      const space = await openFakeSpace();
      await space.script({ reply: ['One, ', 'two, ', 'three.'], usage: 'none' });
      const result = await turnOn(createProviderRegistry(space.config([provider])), provider);
      expect(result.text).toBe('One, two, three.');
      expect(result.usage).toEqual({
        inputTokens: expect.any(Number),
        outputTokens: Math.ceil('One, two, three.'.length / 4),
        estimated: true,
      });
      expect(result.usage.inputTokens).toBeGreaterThan(0);
    },
  );
});
