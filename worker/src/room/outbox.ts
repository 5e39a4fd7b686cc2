/**
 * The outbox: rows bound for Postgres, stored in the room's SQLite in the same
 * transaction as the message they describe, and copied to Postgres later
 * (write-behind). A flush writes everything pending in a few statements and
 * deletes the rows only once Postgres has them; a failed flush leaves them
 * for the next attempt. Every write is idempotent (keyed by the row's id), so
 * a flush repeated after a crash between the insert and the delete writes
 * nothing twice.
 *
 * It also keeps `conversations.status` true: each flush compares the room's
 * status with the last one Postgres was told and writes it when they differ,
 * so a room that stops or pauses itself (max turns, budget, errors, no
 * viewers) is seen as such by the lobby, with the same retries as messages.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type Database, type DatabaseConfig } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { writeCallRecords } from '../providers/call-log.ts';
import { PROVIDER_ERROR_KINDS, PROVIDER_IDS, type ProviderCallRecord } from '../providers/types.ts';
import { databaseTimeout } from '../resilience/index.ts';
import type { RoomStatus } from './contract.ts';
import type { RoomMessage } from '../contract/index.ts';
import type { RoomStore } from './storage.ts';

/** A messages row as the outbox carries it. */
const messageRowSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  senderType: z.enum(['ai', 'user', 'system']),
  senderId: z.string().nullable(),
  persona: z.string().nullable(),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});
export type MessageRow = z.infer<typeof messageRowSchema>;

/** A provider_calls row as the outbox carries it: the call record with the id that makes its write idempotent. */
const callRowSchema = z.object({
  id: z.uuid(),
  conversationId: z.string().nullable(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  startedAt: z.string(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  outcome: z.enum(['ok', 'error', 'aborted']),
  errorClass: z.enum(PROVIDER_ERROR_KINDS).nullable(),
}) satisfies z.ZodType<ProviderCallRecord & { id: string }>;
type CallRow = z.infer<typeof callRowSchema>;

/** The Postgres row of a finished message. */
export function toMessageRow(conversationId: string, message: RoomMessage): MessageRow {
  return {
    id: message.id,
    conversationId,
    senderType: message.senderType,
    senderId: message.senderId,
    persona: message.persona,
    content: message.content,
    metadata: { ...message.metadata, seq: message.seq, author: message.author },
    createdAt: message.createdAt,
  };
}

/** Rows one flush takes at most. */
const FLUSH_BATCH = 200;
/** A flush that takes longer is abandoned (and retried): a dead Postgres must not hold the room. */
const FLUSH_TIMEOUT_MS = 15_000;
const FAILURES_KEY = 'outbox-failures';
/** Meta key of the status Postgres last acknowledged for this room's conversation. */
const REPORTED_STATUS_KEY = 'reported-status';

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
  /** The status written to `conversations.status` by this flush, if it wrote one. */
  statusReported?: RoomStatus;
  error?: string;
}

/** Milliseconds before retry `failures` (1, 2, 3...): 1 s doubling to 60 s, with ±20% jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

export class Outbox {
  readonly #store: RoomStore;
  /** Where Postgres is; replaced only by tests that cut it off. */
  target: DatabaseConfig;

  constructor(store: RoomStore, target: DatabaseConfig) {
    this.#store = store;
    this.target = target;
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

  #add(kind: 'message' | 'provider-call', id: string, body: unknown): void {
    this.#store.sql.exec('INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', id, kind, JSON.stringify(body), Date.now());
  }

  /** Rows not yet in Postgres. */
  pending(): number {
    return this.#store.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_outbox').one().count;
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
    return this.#store.readMeta(FAILURES_KEY, z.int()) ?? 0;
  }

  /** Writes up to one batch to Postgres; never throws. */
  async flush(): Promise<FlushResult> {
    const rows = this.#store.sql
      .exec<{ id: string; kind: string; body: string }>('SELECT id, kind, body FROM room_outbox ORDER BY rowid LIMIT ?', FLUSH_BATCH)
      .toArray();
    const status = this.#statusToReport();
    if (rows.length === 0 && !status) return { written: 0, pending: 0 };
    const messageRows = parseRows(rows, 'message', messageRowSchema);
    const callRows = parseRows(rows, 'provider-call', callRowSchema);
    try {
      await databaseTimeout(FLUSH_TIMEOUT_MS).execute(() => this.#write(messageRows, callRows, status));
    } catch (error) {
      const failures = this.failures() + 1;
      this.#store.writeMeta(FAILURES_KEY, failures);
      return { written: 0, pending: this.pending(), error: error instanceof Error ? error.message : String(error) };
    }
    this.#store.transaction(() => {
      for (const row of rows) this.#store.sql.exec('DELETE FROM room_outbox WHERE id = ?', row.id);
      this.#store.deleteMeta(FAILURES_KEY);
      if (status) this.#store.writeMeta(REPORTED_STATUS_KEY, status.status);
    });
    return { written: rows.length, pending: this.pending(), ...(status ? { statusReported: status.status } : {}) };
  }

  /** The room's status when Postgres has not been told it yet; null when it has, or the room has no conversation yet. */
  #statusToReport(): StatusReport | null {
    const settings = this.#store.settings();
    if (!settings) return null;
    const { status } = this.#store.control();
    return this.#store.readMeta(REPORTED_STATUS_KEY, z.string()) === status ? null : { conversationId: settings.conversationId, status };
  }

  /** Writes the rows, then the status. */
  async #write(messageRows: MessageRow[], callRows: CallRow[], status: StatusReport | null): Promise<void> {
    const database = openDatabase(this.target);
    try {
      if (messageRows.length > 0 || callRows.length > 0) await this.#writeRows(database.db, messageRows, callRows);
      if (status) {
        await database.db
          .update(conversations)
          .set({ status: status.status, updatedAt: new Date() })
          .where(and(eq(conversations.id, status.conversationId), ne(conversations.status, status.status)));
      }
    } finally {
      await database.close().catch(() => {});
    }
  }

  /** Inserts the rows; rows of a conversation deleted meanwhile are settled rather than retried forever. */
  async #writeRows(db: Database, messageRows: MessageRow[], callRows: CallRow[]): Promise<void> {
    try {
      await insertRows(db, messageRows, callRows);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      const gone = await deletedConversations(db, [...messageRows, ...callRows]);
      if (gone.size === 0) throw error;
      // Its messages have nowhere to go; its calls still count in the call log, without the conversation.
      const kept = messageRows.filter((row) => !gone.has(row.conversationId));
      console.warn(JSON.stringify({ event: 'outbox-orphans', conversationIds: [...gone], droppedMessages: messageRows.length - kept.length }));
      await insertRows(
        db,
        kept,
        callRows.map((row) => (row.conversationId !== null && gone.has(row.conversationId) ? { ...row, conversationId: null } : row)),
      );
    }
  }
}

/** Messages first (their order is message_order), then the call log; each one idempotent statement. */
async function insertRows(db: Database, messageRows: MessageRow[], callRows: CallRow[]): Promise<void> {
  if (messageRows.length > 0) {
    await db
      .insert(messages)
      .values(messageRows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })))
      .onConflictDoNothing({ target: messages.id });
  }
  await writeCallRecords(db, callRows);
}

/** Postgres' foreign_key_violation, possibly wrapped by Drizzle as the cause of a query error. */
function isForeignKeyViolation(error: unknown): boolean {
  for (let current = error; typeof current === 'object' && current !== null; current = 'cause' in current ? current.cause : undefined) {
    if ('code' in current && current.code === '23503') return true;
  }
  return false;
}

/** The conversations the rows name that no longer exist. */
async function deletedConversations(db: Database, rows: { conversationId: string | null }[]): Promise<Set<string>> {
  const named = [...new Set(rows.flatMap((row) => (row.conversationId === null ? [] : [row.conversationId])))];
  if (named.length === 0) return new Set();
  const existing = await db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, named));
  const present = new Set(existing.map((row) => row.id));
  return new Set(named.filter((id) => !present.has(id)));
}

/** The rows of one kind, parsed; a row that no longer parses is logged and dropped with the batch rather than blocking the outbox forever. */
function parseRows<T>(rows: { id: string; kind: string; body: string }[], kind: string, schema: z.ZodType<T>): T[] {
  return rows.flatMap((row) => {
    if (row.kind !== kind) return [];
    const parsed = schema.safeParse(JSON.parse(row.body));
    if (parsed.success) return [parsed.data];
    console.error(JSON.stringify({ event: 'outbox-row-invalid', id: row.id, kind, error: parsed.error.issues[0]?.message }));
    return [];
  });
}
