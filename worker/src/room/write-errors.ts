/**
 * What a failed Postgres write means to the outbox, read from its SQLSTATE
 * (the driver's `code`, possibly on an error Drizzle wraps as the cause),
 * never from its message: the message of a failed query quotes the query's
 * parameters, so whole replies, and is never logged.
 *
 * - refused: the row itself is at fault and will be refused for ever (class
 *   22 data exception, e.g. 22021 a NUL byte; class 23 integrity constraint
 *   violation): set aside, the other rows go on.
 * - orphaned: 23503 foreign key violation, the conversation was deleted
 *   meanwhile: the outbox settles those rows (outbox.ts).
 * - transient: anything else (no connection, a timeout, an overloaded or
 *   restarting server): retried with backoff.
 */

/** How the outbox treats a failed write. */
export type WriteFailureKind = 'refused' | 'orphaned' | 'transient';

/** A failed write as the outbox logs it: the error's class and SQLSTATE, nothing of its text. */
export interface WriteFailure {
  kind: WriteFailureKind;
  /** The class name of the error (e.g. `DatabaseError`, `Error`). */
  errorClass: string;
  /** The Postgres SQLSTATE, when Postgres answered. */
  sqlstate: string | null;
}

/** SQLSTATE classes whose refusal no retry changes. */
const REFUSED_CLASSES = new Set(['22', '23']);
const FOREIGN_KEY_VIOLATION = '23503';

/** Classifies a failed write by the SQLSTATE found on the error or its causes. */
export function classifyWriteError(error: unknown): WriteFailure {
  const { sqlstate, errorClass } = findSqlstate(error);
  if (sqlstate === FOREIGN_KEY_VIOLATION) return { kind: 'orphaned', errorClass, sqlstate };
  const refused = sqlstate !== null && REFUSED_CLASSES.has(sqlstate.slice(0, 2));
  return { kind: refused ? 'refused' : 'transient', errorClass, sqlstate };
}

/** The first SQLSTATE-shaped `code` along the cause chain, and the class of the error that carries it (else of the outermost). */
function findSqlstate(error: unknown): { sqlstate: string | null; errorClass: string } {
  const outer = className(error);
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    if ('code' in current && typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return { sqlstate: current.code, errorClass: className(current) };
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return { sqlstate: null, errorClass: outer };
}

function className(value: unknown): string {
  if (value instanceof Error) return value.constructor.name || value.name;
  return typeof value;
}
