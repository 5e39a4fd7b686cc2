/**
 * The room's own storage: the Durable Object's SQLite. It holds the settings
 * and lifecycle record, every finished message (the source of truth until the
 * outbox has copied it to Postgres), and the tables of the frame log, the
 * schedule and the outbox, which their modules read and write.
 */
import { z } from 'zod';
import { EMPTY_SUMMARY, type RunningSummary } from './context.ts';
import { roomSettingsSchema, type RoomSettings } from './contract.ts';
import { INITIAL_CONTROL, type ControlRecord } from './control.ts';
import { parseRoomMessage, type RoomInfo, type RoomMessage } from '../contract/index.ts';

const TABLES = [
  'CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_frames (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_schedule (key TEXT PRIMARY KEY, due_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS room_quarantine (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, error_class TEXT NOT NULL, sqlstate TEXT, quarantined_at INTEGER NOT NULL)',
];

/** The meta keys of the room's facts, each behind a typed accessor. */
const KEYS = {
  settings: 'settings',
  control: 'control',
  turn: 'turn-in-progress',
  summary: 'summary',
  replyTo: 'reply-to',
  nudges: 'nudge',
  spendWarnings: 'spend-warned',
  seqReservation: 'seq-reservation',
  outboxFailures: 'outbox-failures',
  reportedStatus: 'reported-status',
} as const;

/** The turn in progress: a room restarted with it set lost that turn. */
export interface TurnMarker {
  persona: string;
  messageId: string;
}
const turnMarkerSchema = z.object({ persona: z.string(), messageId: z.string() }) satisfies z.ZodType<TurnMarker>;

const summarySchema = z.object({ text: z.string(), throughSeq: z.int() }) satisfies z.ZodType<RunningSummary>;

/** The moderator's nudges: the one the next speaker takes up, those given, and the turn of the last. */
export interface NudgeRecord {
  pending: string | null;
  given: string[];
  atTurn: number;
}
const nudgeSchema = z.object({
  pending: z.string().nullable(),
  given: z.array(z.string()),
  atTurn: z.int(),
}) satisfies z.ZodType<NudgeRecord>;
const NO_NUDGES: NudgeRecord = { pending: null, given: [], atTurn: 0 };

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
  #readMeta<T>(key: string, schema: z.ZodType<T>): T | undefined {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM room_meta WHERE key = ?', key).toArray()[0];
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  #writeMeta(key: string, value: unknown): void {
    this.sql.exec(
      'INSERT INTO room_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }

  #deleteMeta(key: string): void {
    this.sql.exec('DELETE FROM room_meta WHERE key = ?', key);
  }

  settings(): RoomSettings | null {
    return this.#readMeta(KEYS.settings, roomSettingsSchema) ?? null;
  }

  writeSettings(settings: RoomSettings): void {
    this.#writeMeta(KEYS.settings, settings);
  }

  /** What viewers see of the settings; null before the room is configured. */
  roomInfo(): RoomInfo | null {
    const settings = this.settings();
    if (!settings) return null;
    const { title, topic, mode, maxTurns, budgetUsd, voteNext = false, suggestionEvery = 0 } = settings;
    const personas = settings.personas.map(({ name, displayName, avatar, color, provider, model }) => ({
      name,
      displayName,
      avatar,
      color,
      provider,
      model,
    }));
    return { title, topic, mode, personas, maxTurns, budgetUsd, voteNext, suggestionEvery };
  }

  control(): ControlRecord {
    return this.#readMeta(KEYS.control, controlSchema) ?? INITIAL_CONTROL;
  }

  writeControl(control: ControlRecord): void {
    this.#writeMeta(KEYS.control, control);
  }

  /** The turn in progress, or null between turns. */
  turnMarker(): TurnMarker | null {
    return this.#readMeta(KEYS.turn, turnMarkerSchema) ?? null;
  }

  writeTurnMarker(marker: TurnMarker | null): void {
    if (marker) this.#writeMeta(KEYS.turn, marker);
    else this.#deleteMeta(KEYS.turn);
  }

  /** The running summary of older turns. */
  summary(): RunningSummary {
    return this.#readMeta(KEYS.summary, summarySchema) ?? EMPTY_SUMMARY;
  }

  writeSummary(summary: RunningSummary): void {
    this.#writeMeta(KEYS.summary, summary);
  }

  /** The id of the interjection the next speaker answers, if any. */
  replyTo(): string | null {
    return this.#readMeta(KEYS.replyTo, z.string().nullable()) ?? null;
  }

  writeReplyTo(messageId: string | null): void {
    this.#writeMeta(KEYS.replyTo, messageId);
  }

  nudges(): NudgeRecord {
    return this.#readMeta(KEYS.nudges, nudgeSchema) ?? NO_NUDGES;
  }

  writeNudges(record: NudgeRecord): void {
    this.#writeMeta(KEYS.nudges, record);
  }

  /** The spend warnings already logged (`limit:day`), newest last. */
  spendWarnings(): string[] {
    return this.#readMeta(KEYS.spendWarnings, z.array(z.string())) ?? [];
  }

  writeSpendWarnings(keys: string[]): void {
    this.#writeMeta(KEYS.spendWarnings, keys);
  }

  /** The seq up to which frames held in memory may reach (frame-log.ts); null when none are held. */
  seqReservation(): number | null {
    return this.#readMeta(KEYS.seqReservation, z.int()) ?? null;
  }

  writeSeqReservation(through: number | null): void {
    if (through === null) this.#deleteMeta(KEYS.seqReservation);
    else this.#writeMeta(KEYS.seqReservation, through);
  }

  /** Consecutive failed outbox flushes since the last success. */
  outboxFailures(): number {
    return this.#readMeta(KEYS.outboxFailures, z.int()) ?? 0;
  }

  writeOutboxFailures(failures: number): void {
    if (failures === 0) this.#deleteMeta(KEYS.outboxFailures);
    else this.#writeMeta(KEYS.outboxFailures, failures);
  }

  /** The status Postgres last acknowledged for this room's conversation (outbox.ts), if any. */
  reportedStatus(): string | null {
    return this.#readMeta(KEYS.reportedStatus, z.string()) ?? null;
  }

  writeReportedStatus(status: string): void {
    this.#writeMeta(KEYS.reportedStatus, status);
  }

  insertMessage(message: RoomMessage): void {
    this.sql.exec(
      'INSERT INTO room_messages (seq, id, body) VALUES (?, ?, ?)',
      message.seq,
      message.id,
      JSON.stringify(message),
    );
  }

  /** The last `limit` finished messages, oldest first. */
  recentMessages(limit: number): RoomMessage[] {
    const rows = this.sql
      .exec<{ body: string }>('SELECT body FROM room_messages ORDER BY seq DESC LIMIT ?', limit)
      .toArray();
    return rows.reverse().map((row) => parseRoomMessage(JSON.parse(row.body)));
  }

  /** The ids of the last `limit` finished messages, oldest first (no body parsed: a resume asks for them). */
  recentMessageIds(limit: number): string[] {
    const rows = this.sql.exec<{ id: string }>('SELECT id FROM room_messages ORDER BY seq DESC LIMIT ?', limit);
    return rows
      .toArray()
      .reverse()
      .map((row) => row.id);
  }

  /** Finished messages with seq in (after, through], oldest first. */
  messagesBetween(after: number, through: number): RoomMessage[] {
    const rows = this.sql
      .exec<{ body: string }>('SELECT body FROM room_messages WHERE seq > ? AND seq <= ? ORDER BY seq', after, through)
      .toArray();
    return rows.map((row) => parseRoomMessage(JSON.parse(row.body)));
  }

  messageCount(): number {
    return this.sql.exec<{ count: number }>('SELECT count(*) AS count FROM room_messages').one().count;
  }

  /** The highest seq of any stored message or frame; 0 for a new room. */
  highestStoredSeq(): number {
    const row = this.sql
      .exec<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM (SELECT max(seq) AS seq FROM room_messages UNION ALL SELECT max(seq) FROM room_frames)',
      )
      .one();
    return row.seq ?? 0;
  }
}
