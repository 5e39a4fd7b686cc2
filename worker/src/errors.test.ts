import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from './contract/index.ts';
import { ApiError, handleError } from './errors.ts';

describe('the one error shape', () => {
  it('types ApiError by the closed set of codes: an unknown code, or a status not the code’s, fails typecheck', () => {
    // @ts-expect-error not a code of the API
    const unknown = new ApiError(400, 'no_such_code', 'x');
    // @ts-expect-error not_found is answered with 404
    const wrongStatus = new ApiError(400, 'not_found', 'x');
    expect([unknown.code, wrongStatus.status]).toEqual(['no_such_code', 400]);
  });

  it('answers every code with its status, and errors Hono raises with a code of the set', async () => {
    const app = new Hono();
    app.onError(handleError);
    app.get('/api-error/:code', (c) => {
      const code = ERROR_CODES.find((known) => known === c.req.param('code'))!;
      throw new ApiError(ERROR_STATUS[code], code, `a ${code}`);
    });
    const raised = [413, 418, 502] as const;
    for (const status of raised) {
      app.get(`/http-exception/${status}`, () => {
        throw new HTTPException(status, { message: 'raised by middleware' });
      });
    }
    for (const code of ERROR_CODES) {
      const response = await app.request(`/api-error/${code}`);
      expect(response.status, code).toBe(ERROR_STATUS[code]);
      expect(await response.json()).toEqual({ error: { code, message: `a ${code}` } });
    }
    const answers = [];
    for (const status of raised) {
      const response = await app.request(`/http-exception/${status}`);
      const body: { error: { code: string } } = await response.json();
      answers.push([status, response.status, body.error.code]);
    }
    expect(answers).toEqual([
      [413, 413, 'payload_too_large'],
      [418, 400, 'bad_request'],
      [502, 500, 'internal_error'],
    ]);
  });
});
