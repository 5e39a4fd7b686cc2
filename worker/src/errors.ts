/** The one error shape of the API, `{"error": {"code", "message", "details?"}}`, and its handler. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError } from './env.ts';
import { redactSecrets } from './security/redact.ts';

/** An error meant for the client: its status, a stable code and a readable message. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: string, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
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

/** Codes for the errors Hono and its middleware raise themselves (malformed JSON, wrong media type...). */
const HTTP_CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Maps anything thrown in a route to the error shape; unknown errors become a bare 500, logged without secrets. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return errorResponse(c, error.status, error.code, error.message, error.details);
  }
  if (error instanceof ConfigError) return errorResponse(c, 500, 'config_invalid', error.message);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return errorResponse(c, status, HTTP_CODES[status] ?? `http_${status}`, error.message || 'The request could not be served.');
  }
  // Classes and SQLSTATEs only: a message may quote the query's parameters (a login name, a message's text).
  const fields = { path: c.req.path, status: 500, code: 'internal_error', error: errorClasses(error) };
  if (c.var.log) c.var.log.error('request-error', fields);
  else console.error(redactSecrets(c.env, JSON.stringify({ event: 'request-error', ...fields })));
  return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
};

/** `DrizzleQueryError < error(22P02)`: each error's class along the cause chain, with its SQLSTATE when it has one. */
export function errorClasses(error: unknown): string {
  const names: string[] = [];
  for (let current = error; current !== undefined && current !== null && names.length < 5; current = current instanceof Error ? current.cause : undefined) {
    // `name`, or the class's own where `name` stays 'Error' (Drizzle's query errors).
    const name = current instanceof Error ? (current.name !== 'Error' ? current.name : current.constructor.name || 'Error') : typeof current;
    const code = typeof current === 'object' && 'code' in current && typeof current.code === 'string' && /^[\w-]{1,40}$/.test(current.code) ? `(${current.code})` : '';
    names.push(`${name}${code}`);
  }
  return names.join(' < ');
}

/** Unknown routes answer 404 in the same shape. */
export const handleNotFound: NotFoundHandler = (c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
