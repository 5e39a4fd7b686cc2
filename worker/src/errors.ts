/** The one error shape of the API, `{"error": {"code", "message", "details?"}}`, and its handler. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError } from './env.ts';

/** An error meant for the client: its status, a stable code and a readable message. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Responds with the error shape. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return c.json(body, status);
}

/** Maps anything thrown in a route to the error shape; unknown errors become a bare 500. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error.status, error.code, error.message, error.details);
  if (error instanceof ConfigError) return errorResponse(c, 500, 'config_invalid', error.message);
  if (error instanceof HTTPException) {
    return errorResponse(c, error.status as ContentfulStatusCode, `http_${error.status}`, error.message || 'Request failed');
  }
  console.error(JSON.stringify({ event: 'request-error', path: c.req.path, error: error instanceof Error ? error.message : String(error) }));
  return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
};

/** Unknown routes answer 404 in the same shape. */
export const handleNotFound: NotFoundHandler = (c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
