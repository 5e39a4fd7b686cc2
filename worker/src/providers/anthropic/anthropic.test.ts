import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from '../registry.ts';
import { FAKE_KEYS, openFakeSpace } from '../testing/fake-space.ts';
import { CONTRACT_REQUEST, describeProviderContract } from '../testing/provider-contract.ts';
import { temperatureHint } from './anthropic.ts';

describeProviderContract([
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    costUsd: 0.0035,
    // SDK 1.x sends the API key as a bearer token.
    credential: ['authorization', `Bearer ${FAKE_KEYS.anthropic}`],
    checkRequest(request) {
      // API version 2026-10-21 refuses sampling parameters, even at their defaults: none is sent.
      expect(request.headers['anthropic-version']).toBe('2026-10-21');
      expect(request.body).not.toHaveProperty('temperature');
      expect(request.body).not.toHaveProperty('top_p');
      expect(request.body).not.toHaveProperty('top_k');
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(request.body).toMatchObject({
        stream: true,
        max_tokens: 300,
        system: 'You are a thoughtful philosopher.',
      });
    },
  },
]);

describe('a persona temperature on Anthropic', () => {
  it('becomes a line of the system prompt at the ends of the range, and nothing in the middle', () => {
    expect(temperatureHint(0.3)).toMatch(/precise/);
    expect(temperatureHint(0.9)).toMatch(/inventive/);
    expect(temperatureHint(0.7)).toBeUndefined();
  });

  it('reaches the API as that line, so a hot persona is still answered on the current version', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(space.config(['anthropic']));
    const result = await registry.runTurn({
      chain: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }],
      request: { ...CONTRACT_REQUEST, temperature: 0.9 },
      conversationId: null,
      signal: new AbortController().signal,
      onEvent: () => {},
    });
    expect(result).toMatchObject({ provider: 'anthropic', fallbacks: [] });
    const [request] = await space.requests();
    expect(request!.system).toBe(`You are a thoughtful philosopher.\n\n${temperatureHint(0.9)}`);
    expect(request!.temperature).toBeUndefined();
  });
});
