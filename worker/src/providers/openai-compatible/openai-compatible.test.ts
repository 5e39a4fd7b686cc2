import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from '../registry.ts';
import { FAKE_KEYS, openFakeSpace } from '../testing/fake-space.ts';
import { describeProviderContract } from '../testing/provider-contract.ts';

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
      expect(request.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 300,
      });
      expect((request.body.messages as unknown[])[0]).toEqual({
        role: 'system',
        content: 'You are a thoughtful philosopher.',
      });
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

describe('LM Studio behind its own API token', () => {
  const token = 'fake-lm-studio-token-0123456789';

  it('sends LM_STUDIO_API_KEY as its bearer token, beside the Access headers', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(
      space.config(['lm-studio'], {
        LM_STUDIO_API_KEY: token,
        LM_STUDIO_CF_ACCESS_CLIENT_ID: 'access-id',
        LM_STUDIO_CF_ACCESS_CLIENT_SECRET: 'access-secret',
      }),
    );
    await registry.get('lm-studio')!.listModels();
    const [request] = await space.requests();
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'cf-access-client-id': 'access-id',
      'cf-access-client-secret': 'access-secret',
    });
  });

  it('never lets the token reach an error message', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'bad-key', on: 'models' }] });
    const provider = createProviderRegistry(space.config(['lm-studio'], { LM_STUDIO_API_KEY: token })).get(
      'lm-studio',
    )!;
    const health = await provider.healthCheck();
    expect(health).toMatchObject({ ok: false, error: expect.stringContaining('Incorrect API key provided: ***') });
    expect(health.error).not.toContain(token);
  });
});
