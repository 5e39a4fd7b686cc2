/** The one error shape of the API, `{"error": {"code", "message", "details?"}}`, and its handler. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_STATUS, type ErrorBody, type ErrorCode, type ErrorStatus } from './contract/index.ts';
import { ConfigError } from './env.ts';
import { createLogger } from './logging/logger.ts';

export type { ErrorBody, ErrorCode } from './contract/index.ts';

/**
 * An error meant for the client: a code of the closed set (contract/errors.ts),
 * its status, and a readable message. The status is written beside the code
 * where it is thrown, to be read there, and typed by the code: a status that
 * is not the code's fails typecheck.
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: ErrorStatus<C>;
  readonly code: C;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Record<string, string>;

  constructor(status: ErrorStatus<C>, code: C, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

/** Responds with the error shape, at the code's status. */
export function errorResponse(c: Context, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return c.json(body, ERROR_STATUS[code]);
}

/** Codes for the errors Hono and its middleware raise themselves (malformed JSON, wrong media type...). */
const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The code of an HTTPException's status: its own, else the generic one of its class. */
function codeOfStatus(status: number): ErrorCode {
  return HTTP_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

/** Maps anything thrown in a route to the error shape; unknown errors become a bare 500, logged without secrets. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return errorResponse(c, error.code, error.message, error.details);
  }
  if (error instanceof ConfigError) return errorResponse(c, 'config_invalid', error.message);
  if (error instanceof HTTPException)
    return errorResponse(c, codeOfStatus(error.status), error.message || 'The request could not be served.');
  // Classes and SQLSTATEs only: a message may quote the query's parameters (a login name, a message's text).
  const fields = { path: c.req.path, status: 500, code: 'internal_error', error: errorClasses(error) };
  (c.var.log ?? createLogger({}, { env: c.env })).error('request-error', fields);
  return errorResponse(c, 'internal_error', 'Something went wrong on our side.');
};

/** `DrizzleQueryError < error(22P02)`: each error's class along the cause chain, with its SQLSTATE when it has one. */
export function errorClasses(error: unknown): string {
  const names: string[] = [];
  for (
    let current = error;
    current !== undefined && current !== null && names.length < 5;
    current = current instanceof Error ? current.cause : undefined
  ) {
    // `name`, or the class's own where `name` stays 'Error' (Drizzle's query errors).
    const name =
      current instanceof Error
        ? current.name !== 'Error'
          ? current.name
          : current.constructor.name || 'Error'
        : typeof current;
    const code =
      typeof current === 'object' &&
      'code' in current &&
      typeof current.code === 'string' &&
      /^[\w-]{1,40}$/.test(current.code)
        ? `(${current.code})`
        : '';
    names.push(`${name}${code}`);
  }
  return names.join(' < ');
}

/** Unknown routes answer 404 in the same shape. */
export const handleNotFound: NotFoundHandler = (c) =>
  errorResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
