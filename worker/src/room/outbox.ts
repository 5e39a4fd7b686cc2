/**
 * The outbox: rows bound for Postgres, stored in the room's SQLite in the same
 * transaction as the message they describe, and copied to Postgres later
 * (write-behind). A flush writes everything pending in a few statements and
 * deletes the rows only once Postgres has them; a failed flush leaves them
 * for the next attempt. Every write is idempotent (keyed by the row's id), so
 * a flush repeated after a crash between the insert and the delete writes
 * nothing twice. Every row is stored with its flush task (schedule.ts) in the
 * same transaction, so pending rows always have a flush due, even when the
 * instance dies before its first attempt.
 *
 * A row Postgres refuses for good (write-errors.ts: a NUL byte, a violated
 * constraint) is found by writing the batch's rows one by one, set aside in
 * `room_quarantine` (logged once, by class and ids, and counted in the
 * room's metrics), and every other row goes on. Transient failures (no
 * connection, timeouts) leave the batch for the next attempt.
 *
 * It also keeps `conversations.status` true: each flush compares the room's
 * status with the last one Postgres was told and writes it when they differ,
 * so a room that stops or pauses itself (max turns, budget, errors, no
 * viewers) is seen as such by the lobby, with the same retries as messages.
 *
 * A message's reaction counts are one replaceable row (`setReactions`): each
 * change replaces its body, and rides on the next flush (at the latest the
 * backstop's, FLUSH_BACKSTOP_MS): a write per flush, never one per reaction.
 * A flush deletes a row only if its body is still the one it wrote; a row
 * replaced meanwhile waits for the next scheduled flush rather than making
 * this one go round again (a flood of reactions must not keep Postgres busy).
 */
import { and, eq, ne } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import type { Logger } from '../logging/logger.ts';
import type { ProviderCallRecord } from '../providers/types.ts';
import { databaseTimeout } from '../resilience/index.ts';
import type { RoomStatus } from './contract.ts';
import {
  parseRows,
  reactionsRowId,
  rowIdsOf,
  type Batch,
  type MessageRow,
  type ReactionsRow,
  type RowKind,
  type StoredRow,
} from './outbox-rows.ts';
import { writeOneByOne, writeRows, type Refusal } from './outbox-writes.ts';
import type { Schedule } from './schedule.ts';
import type { RoomStore } from './storage.ts';
import { classifyWriteError, type WriteFailure } from './write-errors.ts';

export { toMessageRow, type MessageRow } from './outbox-rows.ts';

/** Rows one flush takes at most. */
const FLUSH_BATCH = 200;
/** A flush that takes longer is abandoned (and retried): a dead Postgres must not hold the room. */
const FLUSH_TIMEOUT_MS = 15_000;
/**
 * When the flush stored with new rows is due: the room flushes at once after
 * storing them, so this task runs only if that flush never ended (the
 * instance died first) or failed (then it is moved to the retry's time).
 */
export const FLUSH_BACKSTOP_MS = 5_000;

/** A status change bound for `conversations.status`. */
interface StatusReport {
  conversationId: string;
  status: RoomStatus;
}

/** The outcome of one flush. */
export interface FlushResult {
  /** Rows now in Postgres. */
  written: number;
  /** Rows still waiting (after a failure, or beyond this batch). */
  pending: number;
  /** Of those, reactions rows replaced while this flush wrote them: they wait for the next scheduled flush. */
  replaced: number;
  /** The status written to `conversations.status` by this flush, if it wrote one. */
  statusReported?: RoomStatus;
  /** Why the flush failed (transient: retried), by class only. */
  failure?: WriteFailure;
}

/** What the outbox needs. */
export interface OutboxParts {
  store: RoomStore;
  schedule: Schedule;
  /** Opens Postgres (a test may cut it off). */
  openDatabase(): DatabaseHandle;
  now(): number;
  log(): Logger;
}

export class Outbox {
  readonly #parts: OutboxParts;
  readonly #store: RoomStore;

  constructor(parts: OutboxParts) {
    this.#parts = parts;
    this.#store = parts.store;
  }

  /** Queues a messages row; call inside the transaction that stores the message. */
  addMessage(row: MessageRow): void {
    this.#add('message', row.id, row);
  }

  /** Queues a provider call record (a provider_calls row); call inside the transaction of its turn. */
  addCall(record: ProviderCallRecord): void {
    const id = crypto.randomUUID();
    this.#add('provider-call', id, { ...record, id });
  }

  /** Queues (or replaces) a message's latest reaction counts; call inside the transaction that stores them. */
  setReactions(row: ReactionsRow): void {
    this.#store.sql.exec(
      'INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      reactionsRowId(row.messageId),
      'reactions' satisfies RowKind,
      JSON.stringify(row),
      this.#parts.now(),
    );
    this.#scheduleFlush();
  }

  /** The room's status changed: Postgres is told by a flush, scheduled here; call inside the transaction that writes it. */
  statusChanged(): void {
    this.#scheduleFlush();
  }

  #add(kind: RowKind, id: string, body: unknown): void {
    this.#store.sql.exec(
      'INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      id,
      kind,
      JSON.stringify(body),
      this.#parts.now(),
    );
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    this.#parts.schedule.ensure('outbox', this.#parts.now() + FLUSH_BACKSTOP_MS);
  }

  /** Rows not yet in Postgres. */
  pending(): number {
    return this.#store.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_outbox').one().count;
  }

  /** True when a flush has work: rows pending, or a status Postgres was not told yet. */
  hasWork(): boolean {
    return this.pending() > 0 || this.#statusToReport() !== null;
  }

  /** Rows Postgres refused for good, set aside. */
  quarantined(): number {
    return this.#store.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_quarantine').one().count;
  }

  /** USD of the provider calls still waiting for Postgres that started at or after `sinceIso` (spend limits count them too). */
  pendingCallCostSince(sinceIso: string): number {
    return this.#store.sql
      .exec<{ cost: number }>(
        "SELECT coalesce(sum(json_extract(body, '$.costUsd')), 0) AS cost FROM room_outbox WHERE kind = 'provider-call' AND json_extract(body, '$.startedAt') >= ?",
        sinceIso,
      )
      .one().cost;
  }

  /** Consecutive failed flushes since the last success. */
  failures(): number {
    return this.#store.outboxFailures();
  }

  /** Writes up to one batch to Postgres; never throws. */
  async flush(): Promise<FlushResult> {
    const rows = this.#store.sql
      .exec<StoredRow>('SELECT id, kind, body FROM room_outbox ORDER BY rowid LIMIT ?', FLUSH_BATCH)
      .toArray();
    const status = this.#statusToReport();
    if (rows.length === 0 && !status) return { written: 0, pending: 0, replaced: 0 };
    const parsed = parseRows(rows);
    let refused: Refusal[] = [];
    try {
      refused = await databaseTimeout(FLUSH_TIMEOUT_MS).execute(() => this.#write(rows, parsed, status));
    } catch (error) {
      const failures = this.failures() + 1;
      this.#store.writeOutboxFailures(failures);
      return { written: 0, pending: this.pending(), replaced: 0, failure: classifyWriteError(error) };
    }
    const invalid = parsed.invalid.map((row) => ({
      row,
      failure: { kind: 'refused', errorClass: 'InvalidRow', sqlstate: null } satisfies WriteFailure,
    }));
    const setAside = [...invalid, ...refused];
    const replaced = this.#store.transaction(() => {
      for (const { row, failure } of setAside) {
        this.#store.sql.exec(
          'INSERT INTO room_quarantine (id, kind, body, error_class, sqlstate, quarantined_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
          row.id,
          row.kind,
          row.body,
          failure.errorClass,
          failure.sqlstate,
          this.#parts.now(),
        );
      }
      for (const row of rows)
        this.#store.sql.exec('DELETE FROM room_outbox WHERE id = ? AND body = ?', row.id, row.body);
      this.#store.writeOutboxFailures(0);
      if (status) this.#store.writeReportedStatus(status.status);
      return this.#store.sql
        .exec<{ count: number }>(
          'SELECT count(*) AS count FROM room_outbox WHERE id IN (SELECT value FROM json_each(?))',
          JSON.stringify(rows.map((row) => row.id)),
        )
        .one().count;
    });
    for (const { row, failure } of setAside) {
      this.#parts.log().error('outbox-row-quarantined', {
        rowId: row.id,
        kind: row.kind,
        errorClass: failure.errorClass,
        sqlstate: failure.sqlstate,
      });
    }
    return {
      written: rows.length - setAside.length,
      pending: this.pending(),
      replaced,
      ...(status ? { statusReported: status.status } : {}),
    };
  }

  /** The room's status when Postgres has not been told it yet; null when it has, or the room has no conversation yet. */
  #statusToReport(): StatusReport | null {
    const settings = this.#store.settings();
    if (!settings) return null;
    const { status } = this.#store.control();
    return this.#store.reportedStatus() === status ? null : { conversationId: settings.conversationId, status };
  }

  /** Writes the rows, then the status; answers the rows Postgres refused for good. */
  async #write(rows: StoredRow[], batch: Batch, status: StatusReport | null): Promise<Refusal[]> {
    const database = this.#parts.openDatabase();
    try {
      let refused: Refusal[] = [];
      if (rowIdsOf(batch).length > 0) {
        try {
          await writeRows(database.db, batch, this.#parts.log());
        } catch (error) {
          if (classifyWriteError(error).kind !== 'refused') throw error;
          refused = await writeOneByOne(database.db, rows, batch, this.#parts.log());
        }
      }
      if (status) {
        await database.db
          .update(conversations)
          .set({ status: status.status, updatedAt: new Date() })
          .where(and(eq(conversations.id, status.conversationId), ne(conversations.status, status.status)));
      }
      return refused;
    } finally {
      await database.close().catch(() => {});
    }
  }
}
