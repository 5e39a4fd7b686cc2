/**
 * The room's own storage: the Durable Object's SQLite. It holds the settings
 * and lifecycle record, every finished message (the source of truth until the
 * outbox has copied it to Postgres), and the tables of the frame log, the
 * schedule and the outbox, which their modules read and write.
 */
import { z } from 'zod';
import { roomSettingsSchema, type RoomSettings } from './contract.ts';
import { INITIAL_CONTROL, type ControlRecord } from './control.ts';
import { parseRoomMessage, type RoomMessage } from '../contract/index.ts';

const TABLES = [
  'CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_frames (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_schedule (key TEXT PRIMARY KEY, due_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)',
];

const controlSchema = z.object({
  status: z.enum(['idle', 'running', 'paused', 'stopped']),
  turns: z.int().min(0),
  costUsd: z.number().min(0),
  stopReason: z.enum(['owner', 'max-turns', 'budget', 'spend-limit', 'error']).nullable(),
  idlePaused: z.boolean(),
  closing: z.array(z.string()).nullable(),
  failures: z.int().min(0),
}) satisfies z.ZodType<ControlRecord>;

/** Typed access to the room's SQLite; every method is synchronous. */
export class RoomStore {
  readonly sql: SqlStorage;
  readonly #storage: DurableObjectStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.sql = storage.sql;
    for (const statement of TABLES) this.sql.exec(statement);
  }

  /** Runs `work` as one SQLite transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
    return this.#storage.transactionSync(work);
  }

  /** A meta value parsed by `schema`; undefined when absent or no longer valid. */
  readMeta<T>(key: string, schema: z.ZodType<T>): T | undefined {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM room_meta WHERE key = ?', key).toArray()[0];
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  writeMeta(key: string, value: unknown): void {
    this.sql.exec('INSERT INTO room_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, JSON.stringify(value));
  }

  deleteMeta(key: string): void {
    this.sql.exec('DELETE FROM room_meta WHERE key = ?', key);
  }

  settings(): RoomSettings | null {
    return this.readMeta('settings', roomSettingsSchema) ?? null;
  }

  writeSettings(settings: RoomSettings): void {
    this.writeMeta('settings', settings);
  }

  control(): ControlRecord {
    return this.readMeta('control', controlSchema) ?? INITIAL_CONTROL;
  }

  writeControl(control: ControlRecord): void {
    this.writeMeta('control', control);
  }

  insertMessage(message: RoomMessage): void {
    this.sql.exec('INSERT INTO room_messages (seq, id, body) VALUES (?, ?, ?)', message.seq, message.id, JSON.stringify(message));
  }

  /** The last `limit` finished messages, oldest first. */
  recentMessages(limit: number): RoomMessage[] {
    const rows = this.sql.exec<{ body: string }>('SELECT body FROM room_messages ORDER BY seq DESC LIMIT ?', limit).toArray();
    return rows.reverse().map((row) => parseRoomMessage(JSON.parse(row.body)));
  }

  /** Finished messages with seq in (after, through], oldest first. */
  messagesBetween(after: number, through: number): RoomMessage[] {
    const rows = this.sql.exec<{ body: string }>('SELECT body FROM room_messages WHERE seq > ? AND seq <= ? ORDER BY seq', after, through).toArray();
    return rows.map((row) => parseRoomMessage(JSON.parse(row.body)));
  }

  messageCount(): number {
    return this.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_messages').one().count;
  }

  /** The highest seq of any stored message or frame; 0 for a new room. */
  highestStoredSeq(): number {
    const row = this.sql
      .exec<{ seq: number | null }>('SELECT max(seq) AS seq FROM (SELECT max(seq) AS seq FROM room_messages UNION ALL SELECT max(seq) FROM room_frames)')
      .one();
    return row.seq ?? 0;
  }
}
