/**
 * The provider call log: every attempt of a turn as a row of `provider_calls`
 * (written by the room's outbox through `writeCallRecords`) and as one
 * structured log line when it happens. A record holds ids, timings, token
 * counts, cost and the error class: never a key, never a prompt or reply.
 */
import type { Database } from '../db/client.ts';
import { providerCalls } from '../db/schema/index.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import type { ProviderCallRecord } from './types.ts';

/**
 * Inserts the records in one statement; returns how many were written. A
 * record with an `id` is written at most once: the room's outbox gives each
 * one an id, so a flush repeated after a crash duplicates nothing.
 */
export async function writeCallRecords(
  db: Database,
  records: readonly (ProviderCallRecord & { id?: string })[],
): Promise<number> {
  if (records.length === 0) return 0;
  const rows = await db
    .insert(providerCalls)
    .values(records.map((record) => ({ ...record, startedAt: new Date(record.startedAt) })))
    .onConflictDoNothing({ target: providerCalls.id })
    .returning({ id: providerCalls.id });
  return rows.length;
}

/** One `provider-call` JSON line per call on the Worker's log (Workers Logs / `wrangler tail`), with its conversation id. */
export function logCall(record: ProviderCallRecord, log: Logger = createLogger()): void {
  const { conversationId, ...fields } = record;
  const scoped = log.child({ conversationId });
  if (record.outcome === 'ok') scoped.info('provider-call', fields);
  else scoped.warn('provider-call', fields);
}
