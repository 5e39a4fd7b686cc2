/**
 * The outbox: rows bound for Postgres, stored in the room's SQLite in the same
 * transaction as the message they describe, and copied to Postgres later
 * (write-behind). A flush writes everything pending in a few statements and
 * deletes the rows only once Postgres has them; a failed flush leaves them
 * for the next attempt. Every write is idempotent (keyed by the row's id), so
 * a flush repeated after a crash between the insert and the delete writes
 * nothing twice.
 */
import { z } from 'zod';
import { openDatabase, type DatabaseConfig } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
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

/** Rows one flush takes at most. */
const FLUSH_BATCH = 200;
/** A flush that takes longer is abandoned (and retried): a dead Postgres must not hold the room. */
const FLUSH_TIMEOUT_MS = 15_000;
const FAILURES_KEY = 'outbox-failures';

/** The outcome of one flush. */
export interface FlushResult {
  /** Rows now in Postgres. */
  written: number;
  /** Rows still waiting (after a failure, or beyond this batch). */
  pending: number;
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
    this.#store.sql.exec(
      'INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      row.id,
      'message',
      JSON.stringify(row),
      Date.now(),
    );
  }

  /** Rows not yet in Postgres. */
  pending(): number {
    return this.#store.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_outbox').one().count;
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
    if (rows.length === 0) return { written: 0, pending: 0 };
    const messageRows = rows.flatMap((row) => {
      const parsed = row.kind === 'message' ? messageRowSchema.safeParse(JSON.parse(row.body)) : undefined;
      return parsed?.success ? [parsed.data] : [];
    });
    try {
      await withTimeout(this.#write(messageRows), FLUSH_TIMEOUT_MS);
    } catch (error) {
      const failures = this.failures() + 1;
      this.#store.writeMeta(FAILURES_KEY, failures);
      return { written: 0, pending: this.pending(), error: error instanceof Error ? error.message : String(error) };
    }
    this.#store.transaction(() => {
      for (const row of rows) this.#store.sql.exec('DELETE FROM room_outbox WHERE id = ?', row.id);
      this.#store.deleteMeta(FAILURES_KEY);
    });
    return { written: rows.length, pending: this.pending() };
  }

  async #write(rows: MessageRow[]): Promise<void> {
    if (rows.length === 0) return;
    const database = openDatabase(this.target);
    try {
      await database.db
        .insert(messages)
        .values(rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })))
        .onConflictDoNothing({ target: messages.id });
    } finally {
      await database.close().catch(() => {});
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}
