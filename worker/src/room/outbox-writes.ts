/**
 * The outbox's writes of one batch (outbox.ts decides when): all its rows in
 * a few idempotent statements; rows of a conversation deleted meanwhile
 * settled rather than retried for ever; and, when Postgres refuses the batch,
 * each row on its own, so that only the rows at fault are set aside.
 */
import type { Database } from '../db/client.ts';
import type { Logger } from '../logging/logger.ts';
import { deletedConversations, insertRows, rowIdsOf, type Batch, type StoredRow } from './outbox-rows.ts';
import { classifyWriteError, type WriteFailure } from './write-errors.ts';

/** A row Postgres refused for good, and why. */
export interface Refusal {
  row: StoredRow;
  failure: WriteFailure;
}

/** A batch Postgres refused: each row on its own, so that only the rows at fault are set aside; a transient failure still fails the flush. */
export async function writeOneByOne(db: Database, rows: StoredRow[], batch: Batch, log: Logger): Promise<Refusal[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const refused: Refusal[] = [];
  const none: Batch = { messages: [], calls: [], reactions: [] };
  const singles: Batch[] = [
    ...batch.messages.map((row) => ({ ...none, messages: [row] })),
    ...batch.calls.map((row) => ({ ...none, calls: [row] })),
    ...batch.reactions.map((row) => ({ ...none, reactions: [row] })),
  ];
  for (const single of singles) {
    try {
      await writeRows(db, single, log);
    } catch (error) {
      const failure = classifyWriteError(error);
      const row = byId.get(rowIdsOf(single)[0]!);
      if (failure.kind !== 'refused' || !row) throw error;
      refused.push({ row, failure });
    }
  }
  return refused;
}

/** Inserts the rows; rows of a conversation deleted meanwhile are settled rather than retried forever. */
export async function writeRows(db: Database, batch: Batch, log: Logger): Promise<void> {
  try {
    await insertRows(db, batch);
  } catch (error) {
    if (classifyWriteError(error).kind !== 'orphaned') throw error;
    const gone = await deletedConversations(db, [...batch.messages, ...batch.calls]);
    if (gone.size === 0) throw error;
    // Its messages have nowhere to go; its calls still count in the call log, without the conversation.
    const kept = batch.messages.filter((row) => !gone.has(row.conversationId));
    log.warn('outbox-orphans', { conversationIds: [...gone], droppedMessages: batch.messages.length - kept.length });
    await insertRows(db, {
      messages: kept,
      calls: batch.calls.map((row) =>
        row.conversationId !== null && gone.has(row.conversationId) ? { ...row, conversationId: null } : row,
      ),
      reactions: batch.reactions.filter((row) => !gone.has(row.conversationId)),
    });
  }
}
