import { expect } from 'vitest';
import { describeProviderContract } from '../testing/provider-contract.ts';

describeProviderContract([
  {
    provider: 'ollama',
    model: 'llama3.2',
    costUsd: 0,
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(request.body).toMatchObject({ stream: true, options: { num_predict: 300 } });
    },
  },
]);
