/**
 * Whether a failure means "Postgres is not reachable" (an outage: 503
 * `database_unavailable` with Retry-After) rather than "Postgres refused this
 * statement" (a bug or bad data: 500). The pool marks every connection it
 * could not open (db/client.ts); a server that is shutting down, starting up
 * or out of connections says so with its SQLSTATE.
 */
import { ApiError } from '../errors.ts';

/** Seconds a client should wait before retrying during an outage. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const connectFailures = new WeakSet<object>();

/** SQLSTATEs of a server that cannot serve now: class 08 (connection), 53300 (too many connections), 57P01..57P05 (shutdown, cannot connect now). */
const UNAVAILABLE_STATE = /^(08...|53300|57P0[1-5])$/;

/** Marks `error` as a failure to connect; returns it. */
export function markConnectFailure<T>(error: T): T {
  if (typeof error === 'object' && error !== null) connectFailures.add(error);
  return error;
}

/** True when `error` (or one of its causes) says Postgres could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 8; depth += 1) {
    if (connectFailures.has(current)) return true;
    if (current instanceof ApiError) return current.code === 'database_unavailable';
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && UNAVAILABLE_STATE.test(code)) return true;
    // pg's words for a connection that dropped while a query was on it.
    if (current instanceof Error && current.message.startsWith('Connection terminated')) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

/** The 503 of a request that needs Postgres while it is unreachable. */
export function databaseUnavailable(): ApiError {
  return new ApiError(
    503,
    'database_unavailable',
    'The database is not reachable right now; try again shortly.',
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  );
}
