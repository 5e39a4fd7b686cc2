import { expect } from 'vitest';
import { FAKE_KEYS } from '../testing/fake-space.ts';
import { describeProviderContract } from '../testing/provider-contract.ts';

describeProviderContract([
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    costUsd: 0.00155,
    credential: ['x-goog-api-key', FAKE_KEYS.gemini],
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.path).toMatch(/\/gemini\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/);
      // Gemini names the assistant "model".
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'model', 'user']);
    },
  },
]);
