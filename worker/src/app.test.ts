import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('the app', () => {
  it('answers unknown API routes with 404 in the error shape', async () => {
    const response = await exports.default.fetch('http://chimera.test/api/nothing-here', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No route for POST /api/nothing-here' } });
  });
});
