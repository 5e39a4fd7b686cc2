import { describe, expect, it } from 'vitest';
import { classifyWriteError } from './write-errors.ts';

class DatabaseError extends Error {
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/** A driver error wrapped as Drizzle wraps it: the query and its parameters in the message, the driver's error as the cause. */
function wrapped(cause: unknown): Error {
  return new Error('Failed query: insert into "messages" ... params: a whole reply', { cause });
}

describe('classifyWriteError', () => {
  it('reads the SQLSTATE along the cause chain, never the message', () => {
    expect(
      classifyWriteError(wrapped(new DatabaseError('invalid byte sequence for encoding "UTF8": 0x00', '22021'))),
    ).toEqual({ kind: 'refused', errorClass: 'DatabaseError', sqlstate: '22021' });
    expect(classifyWriteError(wrapped(new DatabaseError('duplicate key', '23505')))).toMatchObject({
      kind: 'refused',
      sqlstate: '23505',
    });
    expect(classifyWriteError(new DatabaseError('violates foreign key constraint', '23503'))).toMatchObject({
      kind: 'orphaned',
    });
    // A message that reads like a refusal changes nothing: without a refusing SQLSTATE it is retried.
    expect(classifyWriteError(new Error('invalid byte sequence for encoding "UTF8": 0x00'))).toEqual({
      kind: 'transient',
      errorClass: 'Error',
      sqlstate: null,
    });
  });

  it('retries connection failures, timeouts and every other SQLSTATE', () => {
    expect(
      classifyWriteError(wrapped(new DatabaseError('the database system is shutting down', '57P03'))),
    ).toMatchObject({ kind: 'transient', sqlstate: '57P03' });
    expect(classifyWriteError(new DatabaseError('connection failure', '08006'))).toMatchObject({ kind: 'transient' });
    expect(classifyWriteError(new DatabaseError('read-only transaction', '25006'))).toMatchObject({
      kind: 'transient',
    });
    expect(classifyWriteError(new Error('no answer within 15000 ms'))).toMatchObject({
      kind: 'transient',
      sqlstate: null,
    });
    expect(classifyWriteError('not an error')).toEqual({ kind: 'transient', errorClass: 'string', sqlstate: null });
    expect(classifyWriteError({ code: 'ECONNREFUSED' })).toMatchObject({ kind: 'transient', sqlstate: null });
  });
});
