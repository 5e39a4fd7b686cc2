import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openDatabase } from '../db/client.ts';
import { readConfig } from '../env.ts';
import { loadProviderRegistry } from '../providers/registry.ts';
import { FAKE_KEYS, openFakeSpace } from '../providers/testing/fake-space.ts';
import type { Health } from './health.ts';
import type { ProvidersBody } from './providers.ts';

const ALL = ['openai', 'anthropic', 'deepseek', 'gemini', 'lm-studio', 'ollama'] as const;

describe('GET /api/providers', () => {
  it('lists every provider: configured ones probed with their models, the demo one labelled, never a key', async () => {
    const space = await openFakeSpace();
    await space.script({ models: ['model-a', 'model-b'] });
    const response = await createApp().request(
      '/api/providers',
      {},
      { ...env, ...space.variables(['openai', 'gemini', 'ollama']) },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const key of Object.values(FAKE_KEYS)) expect(text).not.toContain(key);
    const body: ProvidersBody = JSON.parse(text);
    expect(body.providers.map((provider) => provider.id)).toEqual([
      'openai',
      'anthropic',
      'deepseek',
      'gemini',
      'lm-studio',
      'ollama',
      'demo',
    ]);
    expect(body.providers.find((provider) => provider.id === 'openai')).toEqual({
      id: 'openai',
      label: 'OpenAI',
      demo: false,
      configured: true,
      healthy: true,
      error: null,
      circuit: 'closed',
      circuitCause: null,
      defaultModel: 'gpt-4.1-mini',
      models: ['model-a', 'model-b'],
      modelsKnown: true,
    });
    expect(body.providers.find((provider) => provider.id === 'anthropic')).toMatchObject({
      configured: false,
      healthy: null,
      models: [],
    });
    expect(body.providers.find((provider) => provider.id === 'demo')).toMatchObject({
      demo: true,
      configured: true,
      healthy: true,
      models: ['chimera-demo'],
    });
    expect(body.fallbackOrder).toEqual(['openai', 'gemini', 'ollama', 'demo']);
  });

  it('reports a provider whose key is refused as unhealthy with the error kind only', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'status-401', on: 'models', provider: 'anthropic' }] });
    const response = await createApp().request(
      '/api/providers',
      {},
      { ...env, ...space.variables(['anthropic', 'deepseek']) },
    );
    const body = await response.json<ProvidersBody>();
    expect(body.providers.find((provider) => provider.id === 'anthropic')).toMatchObject({
      configured: true,
      healthy: false,
      error: 'auth',
      models: [],
    });
    expect(body.providers.find((provider) => provider.id === 'deepseek')).toMatchObject({ healthy: true });
  });

  it('probes each provider once per cache period, but shows the live circuit state', async () => {
    const space = await openFakeSpace();
    const testEnv = { ...env, ...space.variables(['openai', 'anthropic'], { PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '300' }) };
    const first = await createApp().request('/api/providers', {}, testEnv);
    expect(first.status).toBe(200);

    // Three failed turns open openai's circuit in this isolate's registry.
    await space.script({ faults: [{ kind: 'status-401', provider: 'openai' }] });
    const { db, close } = openDatabase(env);
    const registry = await loadProviderRegistry(readConfig(testEnv), db);
    for (let turn = 0; turn < 3; turn++) {
      await registry.runTurn({
        chain: registry.chain({ provider: 'openai', model: 'gpt-4.1-mini' }),
        request: {
          system: 'Be brief.',
          messages: [{ role: 'user', content: 'Hi' }],
          temperature: 0.5,
          maxOutputTokens: 50,
        },
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: () => {},
      });
    }
    await close();

    const second = await createApp().request('/api/providers', {}, testEnv);
    const body = await second.json<ProvidersBody>();
    // The cached probe said its list answers; the open circuit says the turns fail.
    expect(body.providers.find((provider) => provider.id === 'openai')).toMatchObject({
      healthy: false,
      error: 'auth',
      circuit: 'open',
      circuitCause: 'auth',
    });
    const probes = (await space.requests()).filter((request) => request.kind === 'models');
    expect(probes.map((request) => request.provider).sort()).toEqual(['anthropic', 'openai']);

    const health = await (await createApp().request('/api/health', {}, testEnv)).json<Health>();
    expect(health.providers).toContainEqual({ id: 'openai', status: 'degraded', circuit: 'open' });
    expect(health.providers).toContainEqual({ id: 'anthropic', status: 'ok', circuit: 'closed' });
  });

  it('switches on every provider from its variables', async () => {
    const space = await openFakeSpace();
    const body = await (
      await createApp().request('/api/providers', {}, { ...env, ...space.variables(ALL) })
    ).json<ProvidersBody>();
    expect(body.providers.every((provider) => provider.configured && provider.healthy)).toBe(true);
  });

  it('shows a provider that refuses every call for the same reason as open and degraded, and why', async () => {
    const space = await openFakeSpace();
    const testEnv = { ...env, ...space.variables(['openai']) };
    await space.script({ faults: [{ kind: 'status-400', provider: 'openai' }] });
    const { db, close } = openDatabase(env);
    const registry = await loadProviderRegistry(readConfig(testEnv), db);
    // The model list answers, so the probe alone would call it healthy: the refused turns must show.
    for (let turn = 0; turn < 4; turn++) {
      await registry.runTurn({
        chain: registry.chain({ provider: 'openai', model: 'gpt-4.1-mini' }),
        request: {
          system: 'Be brief.',
          messages: [{ role: 'user', content: 'Hi' }],
          temperature: 0.5,
          maxOutputTokens: 50,
        },
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: () => {},
      });
    }
    await close();
    const body = await (await createApp().request('/api/providers', {}, testEnv)).json<ProvidersBody>();
    expect(body.providers.find((provider) => provider.id === 'openai')).toMatchObject({
      healthy: false,
      error: 'bad-request',
      circuit: 'open',
      circuitCause: 'bad-request',
    });
    const health = await (await createApp().request('/api/health', {}, testEnv)).json<Health>();
    expect(health.providers).toContainEqual({ id: 'openai', status: 'degraded', circuit: 'open' });
  });

  it("classes Gemini's 400 API_KEY_INVALID as auth: unhealthy with error auth, and its circuit opens", async () => {
    const space = await openFakeSpace();
    const testEnv = { ...env, ...space.variables(['gemini']) };
    await space.script({
      faults: [
        { kind: 'bad-key', provider: 'gemini' },
        { kind: 'bad-key', on: 'models', provider: 'gemini' },
      ],
    });
    const { db, close } = openDatabase(env);
    const registry = await loadProviderRegistry(readConfig(testEnv), db);
    for (let turn = 0; turn < 3; turn++) {
      await registry.runTurn({
        chain: registry.chain({ provider: 'gemini', model: 'gemini-2.5-flash' }),
        request: {
          system: 'Be brief.',
          messages: [{ role: 'user', content: 'Hi' }],
          temperature: 0.5,
          maxOutputTokens: 50,
        },
        conversationId: null,
        signal: new AbortController().signal,
        onEvent: () => {},
      });
    }
    await close();
    const body = await (await createApp().request('/api/providers', {}, testEnv)).json<ProvidersBody>();
    expect(body.providers.find((provider) => provider.id === 'gemini')).toMatchObject({
      healthy: false,
      error: 'auth',
      circuit: 'open',
      circuitCause: 'auth',
    });
  });
});
