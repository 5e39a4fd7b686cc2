import { FAKE_KEYS } from '../testing/fake-space.ts';
import { describeProviderContract } from '../testing/provider-contract.ts';
import { expect } from 'vitest';

const roles = ['user', 'assistant', 'user'];

describeProviderContract([
  {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    costUsd: 0.0012,
    credential: ['authorization', `Bearer ${FAKE_KEYS.openai}`],
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.messages.map((message) => message.role)).toEqual(roles);
      expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 300 });
      expect((request.body.messages as unknown[])[0]).toEqual({ role: 'system', content: 'You are a thoughtful philosopher.' });
    },
  },
  {
    provider: 'deepseek',
    model: 'deepseek-chat',
    costUsd: 0.00049,
    credential: ['authorization', `Bearer ${FAKE_KEYS.deepseek}`],
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_tokens: 300 });
    },
  },
  {
    provider: 'lm-studio',
    model: 'qwen2.5-7b-instruct',
    costUsd: 0,
    checkRequest(request) {
      expect(request.temperature).toBe(0.7);
      expect(request.path).toMatch(/\/lm-studio\/v1\/chat\/completions$/);
      expect(request.body).toMatchObject({ stream: true, max_tokens: 300 });
    },
  },
]);
