import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import type { Health } from './health.ts';

describe('GET /api/health', () => {
  it('reports database and redis ok, and the demo provider, with 200', async () => {
    const response = await exports.default.fetch('http://chimera.test/api/health');
    expect(response.status).toBe(200);
    const health = await response.json<Health>();
    expect(health.status).toBe('ok');
    expect(health.database.status).toBe('ok');
    expect(health.redis.status).toBe('ok');
    expect(health.providers).toContainEqual({ id: 'demo', status: 'ok', circuit: 'closed' });
  });

  it('lists a provider as configured once its key is set, without echoing the key', async () => {
    const response = await createApp().request(
      '/api/health',
      {},
      { ...env, OPENAI_API_KEY: 'not-a-real-openai-key-123456' },
    );
    const text = await response.text();
    expect(JSON.parse(text).providers).toContainEqual({ id: 'openai', status: 'ok', circuit: 'closed' });
    expect(text).not.toContain('not-a-real-openai-key');
  });

  it('answers 503 naming UPSTASH_REDIS_REST_URL when Redis is unreachable', async () => {
    const response = await createApp().request(
      '/api/health',
      {},
      { ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' },
    );
    expect(response.status).toBe(503);
    const health = await response.json<Health>();
    expect(health.status).toBe('degraded');
    expect(health.database.status).toBe('ok');
    expect(health.redis).toMatchObject({ status: 'error', error: expect.stringMatching(/^UPSTASH_REDIS_REST_URL: /) });
  });

  it('answers 503 naming DATABASE_URL when Postgres is unreachable, without echoing its password', async () => {
    const response = await createApp().request(
      '/api/health',
      {},
      { ...env, DATABASE_URL: 'postgres://chimera:hunter2secret@127.0.0.1:9/chimera', NEON_WS_PROXY: '127.0.0.1:9/v1' },
    );
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text).database).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/^DATABASE_URL: /),
    });
    expect(text).not.toContain('hunter2secret');
  });

  it('answers 500 config_invalid naming DATABASE_URL when it is malformed', async () => {
    const response = await createApp().request('/api/health', {}, { ...env, DATABASE_URL: 'not a url' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: {
        code: 'config_invalid',
        message: expect.stringMatching(/^DATABASE_URL is not a valid postgres:\/\/ URL/),
      },
    });
  });
});
