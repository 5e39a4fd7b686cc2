/** The typed API client: every call to the Worker goes through `api`. */
import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../worker/src/app.ts';
import type { Health } from '../../../worker/src/routes/health.ts';
import { isErrorCode, type ErrorCode } from '../../../worker/src/contract/errors.ts';

export const api = hc<AppType>('/');

/** The signed-in account as `/api/auth/me` returns it. */
export type User = InferResponseType<typeof api.api.auth.me.$get, 200>['user'];

/** One of the API's error codes, or `http_error` for an answer that is not in the API's error shape (a proxy's page, a dropped connection). */
export type ClientErrorCode = ErrorCode | 'http_error';

/** An API error in the one shape the Worker answers: `{"error": {"code", "message", "details?"}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly details?: unknown;

  constructor(status: number, code: ClientErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Reads a failed response as an ApiError, whatever its body turned out to be. */
export async function readApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === 'object' && 'error' in body && body.error && typeof body.error === 'object') {
    const error = body.error as { code?: unknown; message?: unknown; details?: unknown };
    if (isErrorCode(error.code) && typeof error.message === 'string') {
      return new ApiError(response.status, error.code, error.message, error.details);
    }
  }
  return new ApiError(response.status, 'http_error', `The server answered HTTP ${response.status}`);
}

/** `GET /api/health`; it answers 503 with the same body when a dependency is down. */
export async function fetchHealth(): Promise<Health> {
  const response = await api.api.health.$get();
  if (response.status !== 200 && response.status !== 503)
    throw new Error(`Health check failed with HTTP ${response.status}`);
  return response.json();
}
