/**
 * The one mapping from what an SDK or fetch throws to a ProviderError kind,
 * shared by every adapter: HTTP statuses, Retry-After, aborts, broken streams.
 * Each adapter only extracts the status, headers and message from its SDK's
 * own error class and hands them here.
 */
import { ProviderError, type ProviderErrorKind, type ProviderId } from './types.ts';

/** What an HTTP failure carried, whichever SDK reported it. */
export interface HttpFailure {
  status: number;
  message: string;
  headers?: Headers | Record<string, string | null | undefined>;
  /** A wait the body asked for (Gemini's RetryInfo), when the headers carry none. */
  retryAfterMs?: number;
  /** What the body says the failure is, when it says more than the status (Gemini's 400 API_KEY_INVALID is `auth`). */
  kind?: ProviderErrorKind;
}

/** The kind of an HTTP status: 401/403 auth, 429 rate-limit, 5xx server, other 4xx bad-request. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** A ProviderError for an HTTP failure; a 429's wait comes from `retry-after-ms`, `Retry-After` (seconds or a date) or the body. */
export function httpError(provider: ProviderId, failure: HttpFailure, cause?: unknown): ProviderError {
  const kind = failure.kind ?? kindOfStatus(failure.status);
  const retryAfterMs =
    kind === 'rate-limit' || kind === 'server' ? (retryAfterFrom(failure.headers) ?? failure.retryAfterMs) : undefined;
  return new ProviderError(provider, kind, `${provider} answered ${failure.status}: ${shorten(failure.message)}`, {
    status: failure.status,
    retryAfterMs,
    cause,
  });
}

/** Milliseconds to wait from `retry-after-ms` or `Retry-After`, if either is present and sane. */
export function retryAfterFrom(headers: HttpFailure['headers'], now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const read = (name: string) =>
    (headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()])) ?? undefined;
  const milliseconds = Number(read('retry-after-ms'));
  if (read('retry-after-ms') !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = read('retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Anything else an adapter caught: an abort (ours or the caller's), a chunk
 * that is not JSON, or a connection that failed or broke mid-stream.
 */
export function thrownError(provider: ProviderId, error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return new ProviderError(provider, 'aborted', 'The call was cancelled.', { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const kind: ProviderErrorKind = error instanceof SyntaxError ? 'malformed' : 'network';
  return new ProviderError(provider, kind, `${provider}: ${shorten(message)}`, { cause: error });
}

/** A ProviderError for a reply that does not have the shape of the provider's API. */
export function malformed(provider: ProviderId, what: string): ProviderError {
  return new ProviderError(provider, 'malformed', `${provider} sent ${what}.`);
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
