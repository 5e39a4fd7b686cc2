/**
 * The request id middleware: each request gets an id (Cloudflare's `cf-ray`
 * when present, so a line matches the dashboard's trace; else a valid
 * `x-request-id` from the caller; else a fresh UUID), echoed in the
 * `x-request-id` response header, and a logger carrying it. One `request`
 * line is written per API request when it ends.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { readConfig } from '../env.ts';
import { createLogger } from './logger.ts';

/** The response header carrying the request id. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED_ID = /^[\w-]{8,64}$/;

/** The id of a request: cf-ray, else a well-formed x-request-id, else a new UUID. */
export function requestIdOf(headers: Headers): string {
  for (const name of ['cf-ray', REQUEST_ID_HEADER]) {
    const value = headers.get(name);
    if (value && ACCEPTED_ID.test(value)) return value;
  }
  return crypto.randomUUID();
}

/** Sets `c.var.requestId` and `c.var.log`, answers with `x-request-id`, and logs each `/api` request. */
export function requestLogging(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = requestIdOf(c.req.raw.headers);
    let debug = false;
    try {
      debug = readConfig(c.env).DEBUG;
    } catch {
      // A bad configuration is reported by the services middleware; logging still works.
    }
    const log = createLogger({ requestId }, { env: c.env, debug });
    c.set('requestId', requestId);
    c.set('log', log);
    const started = Date.now();
    try {
      await next();
    } finally {
      try {
        c.res.headers.set(REQUEST_ID_HEADER, requestId);
      } catch {
        // A WebSocket upgrade's headers are immutable; its id is in the log line.
      }
      if (c.req.path.startsWith('/api/')) {
        const status = c.res.status;
        const level = status >= 500 ? 'error' : 'info';
        log[level]('request', {
          method: c.req.method,
          path: c.req.path,
          status,
          durationMs: Date.now() - started,
          userId: c.var.user?.id,
        });
      }
    }
  };
}
