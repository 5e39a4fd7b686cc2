import { expect } from 'vitest';
import { FAKE_KEYS } from '../testing/fake-space.ts';
import { describeProviderContract } from '../testing/provider-contract.ts';

describeProviderContract([
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    costUsd: 0.0035,
    // SDK 1.x sends the API key as a bearer token.
    credential: ['authorization', `Bearer ${FAKE_KEYS.anthropic}`],
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(request.body).toMatchObject({ stream: true, max_tokens: 300, system: 'You are a thoughtful philosopher.' });
    },
  },
]);
