import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleError } from '../errors.ts';
import { FAKE_KEYS } from '../testing/fake-keys.ts';
import { signedInClient, testClient } from '../testing/client.ts';
import { personaInput } from '../testing/personas.ts';
import { API_CONTENT_SECURITY_POLICY } from './headers.ts';

afterEach(() => vi.restoreAllMocks());

describe('security headers', () => {
  it('are on every Worker response: successes, errors and 429s', async () => {
    const client = testClient();
    const responses = [
      await client.get('/api/personas'),
      await client.get('/api/nothing-here'),
      await client.get('/api/conversations?limit=0'),
    ];
    for (const response of responses) {
      expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toBe(API_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
    expect(responses.map((response) => response.status)).toEqual([200, 404, 400]);
    expect(responses[1]?.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nothing-here' } });
  });
});

describe('CORS', () => {
  const allowed = { CORS_ORIGINS: 'https://app.example, https://other.example' };

  it('answers a preflight from a CORS_ORIGINS origin, with credentials, and nothing for other origins', async () => {
    const client = testClient({ origin: null });
    const preflight = (origin: string, corsEnv: Record<string, string>) =>
      client.request('OPTIONS', '/api/conversations', {
        env: corsEnv,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const good = await preflight('https://app.example', allowed);
    expect(good.status).toBe(204);
    expect(good.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(good.headers.get('access-control-allow-credentials')).toBe('true');
    expect(good.headers.get('access-control-allow-methods')).toContain('POST');
    const bad = await preflight('https://evil.example', allowed);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    const unset = await preflight('https://app.example', { CORS_ORIGINS: '' });
    expect(unset.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a signed-in write through from a CORS_ORIGINS origin, and only from there', async () => {
    const client = await signedInClient();
    const fromApp = await client.request('POST', '/api/personas', {
      env: allowed,
      json: personaInput(),
      headers: { origin: 'https://app.example' },
    });
    expect(fromApp.status).toBe(201);
    expect(fromApp.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const fromElsewhere = await client.request('POST', '/api/personas', {
      env: allowed,
      json: personaInput(),
      headers: { origin: 'https://evil.example' },
    });
    expect(fromElsewhere.status).toBe(403);
  });
});

describe('request bodies', () => {
  it('over 32 KiB are refused with 413 before they are read, with or without Content-Length', async () => {
    const client = await signedInClient();
    const big = JSON.stringify(personaInput({ systemPrompt: 'Arr! '.repeat(8000) }));
    const declared = await client.request('POST', '/api/personas', {
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    const streamed = await client.request('POST', '/api/personas', {
      body: new Blob([big]).stream(),
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    expect(streamed.status).toBe(413);
  });
});

describe('SECRET_KEY', () => {
  it('is required outside local development: sign-in answers 500 config_invalid naming it, never a dev key', async () => {
    const client = testClient();
    const username = `nokey-${crypto.randomUUID().slice(0, 8)}`;
    const response = await client.request('POST', '/api/auth/register', {
      env: { SECRET_KEY: '' },
      json: { username, email: `${username}@example.com`, password: 'correct horse battery' },
    });
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/^SECRET_KEY is not set/),
    });
  });

  it('must be at least 32 characters, and the error does not echo it', async () => {
    const response = await testClient().request('GET', '/api/personas', { env: { SECRET_KEY: 'short-secret-value' } });
    expect(response.status).toBe(500);
    expect(response.body.error.message).toMatch(/^SECRET_KEY must be at least 32 characters/);
    expect(response.text).not.toContain('short-secret-value');
  });

  it('signs the sessions: a new key signs everyone out', async () => {
    const client = await signedInClient();
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const rotated = await client.request('GET', '/api/auth/me', {
      env: { SECRET_KEY: 'another-secret-key-0123456789abcdef0123456789' },
    });
    expect(rotated.status).toBe(401);
  });
});

describe('secrets', () => {
  it('never reach a response or a log line, even through an unexpected error', async () => {
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
    const app = new Hono<{ Bindings: Env }>().onError(handleError).get('/', () => {
      throw new Error(`upstream refused key ${FAKE_KEYS.OPENAI_API_KEY} for ${FAKE_KEYS.SECRET_KEY}`);
    });
    const response = await app.request('/', {}, { ...env, ...FAKE_KEYS });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(logged).toHaveLength(1);
    for (const secret of Object.values(FAKE_KEYS)) {
      expect(text).not.toContain(secret);
      expect(logged[0]).not.toContain(secret);
    }
    // The line names the error's class, never its message (which may quote anything: here the keys themselves).
    expect(JSON.parse(logged[0]!)).toMatchObject({ event: 'request-error', status: 500, error: 'Error' });
  });

  it('are configured in this suite, and health and providers answer without them', async () => {
    const client = testClient();
    const health = await client.get('/api/health');
    expect(health.body.providers.map((provider: { id: string }) => provider.id)).toEqual(
      expect.arrayContaining(['openai', 'anthropic', 'deepseek', 'gemini']),
    );
    const providers = await client.get('/api/providers');
    expect(providers.status).toBe(200);
    expect(providers.body.providers.find((provider: { id: string }) => provider.id === 'openai')).toMatchObject({
      configured: true,
      healthy: false,
    });
  });
});
