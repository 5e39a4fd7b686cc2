import { env, exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from './env.ts';
import { handleError } from './errors.ts';
import { requestLogging } from './logging/request-id.ts';
import { services } from './services.ts';

afterEach(() => vi.restoreAllMocks());

describe('the app', () => {
  it('answers unknown API routes with 404 in the error shape', async () => {
    const response = await exports.default.fetch('http://chimera.test/api/nothing-here', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for POST /api/nothing-here' },
    });
  });

  it('logs a request error by its classes and ids only: no query string, no body, no query parameters Postgres was given', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    // A route whose statement Postgres refuses, quoting what the request carried, as a failed query's message does.
    const app = new Hono<AppEnv>()
      .use(requestLogging())
      .use(services())
      .post('/api/refused', async (c) => {
        const { login } = await c.req.json<{ login: string }>();
        await c.var.services.db.execute(sql`select ${login}::int, ${c.req.query('secret')}::int`);
        return c.body(null, 204);
      });
    app.onError(handleError);
    const response = await app.request(
      '/api/refused?secret=query-secret-4711',
      {
        method: 'POST',
        body: JSON.stringify({ login: 'body-login-ada' }),
        headers: { 'content-type': 'application/json', 'x-request-id': 'request-id-0001' },
      },
      env,
    );
    expect(response.status).toBe(500);
    const line = lines.map((text) => JSON.parse(text)).find((entry) => entry.event === 'request-error');
    expect(line).toMatchObject({
      requestId: 'request-id-0001',
      path: '/api/refused',
      status: 500,
      code: 'internal_error',
      error: expect.stringMatching(/^DrizzleQueryError < \w+\(22P02\)$/),
    });
    expect(lines.join('\n')).not.toMatch(/query-secret-4711|body-login-ada|select|params/);
  });
});
