import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import { toMessageRow } from './outbox.ts';
import type { RoomMessage } from '../contract/index.ts';
import {
  demoSettings,
  finished,
  insideRoom,
  isStopped,
  openRoom,
  postgresMessages,
  reachablePostgres,
  roomOf,
} from './testing.ts';

/** The words of a row Postgres refuses for good: text may not hold a NUL byte (invalid byte sequence, SQLSTATE 22021). */
const REFUSED_TEXT = 'before\u0000after: a secret reply nobody may log';

/** Every JSON line written to the console while `spy`-ed. */
function logLines(...spies: { mock: { calls: unknown[][] } }[]): Record<string, unknown>[] {
  return spies.flatMap((spy) =>
    spy.mock.calls.flatMap((call) => {
      try {
        const parsed: unknown = JSON.parse(String(call[0]));
        return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    }),
  );
}

/** A message whose content Postgres refuses. */
function refusedRow(): RoomMessage {
  return {
    id: crypto.randomUUID(),
    seq: 0,
    senderType: 'user',
    senderId: 'u1',
    persona: null,
    author: 'ada',
    content: REFUSED_TEXT,
    createdAt: new Date().toISOString(),
    metadata: {},
  };
}

async function storedStatus(conversationId: string): Promise<string | undefined> {
  const { db, close } = openDatabase(env);
  try {
    return (
      await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, conversationId))
    )[0]?.status;
  } finally {
    await close();
  }
}

/** Null on a real Postgres; why not, on the embedded PGlite (one session, no per-connection settings). */
async function needsRealPostgres(): Promise<string | null> {
  const { db, close } = openDatabase(env);
  try {
    const [server] = await db
      .execute<{ version: string }>(sql`select version() as version`)
      .then((result) => result.rows);
    return /emscripten|wasm|emcc/i.test(String(server?.version))
      ? 'needs a real Postgres (TEST_DATABASE_URL): the embedded PGlite has one session'
      : null;
  } finally {
    await close();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('the outbox and a row Postgres refuses for good', () => {
  it('sets the row aside in quarantine, logs it once by class and ids, and every other row (and every later one) lands', async () => {
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    const { id, room, viewer } = await openRoom({ maxTurns: 2 });
    const refused = refusedRow();
    await insideRoom(id, (conversation) => {
      const row = toMessageRow(id, refused);
      conversation.store.sql.exec(
        "INSERT INTO room_outbox (id, kind, body, created_at) VALUES (?, 'message', ?, ?)",
        row.id,
        JSON.stringify(row),
        Date.now(),
      );
    });
    await room.start();
    await viewer.until(isStopped);
    await expect
      .poll(() => insideRoom(id, (conversation) => conversation.outbox.pending()), { timeout: 10_000 })
      .toBe(0);
    const messages = finished(viewer);
    expect(messages).toHaveLength(2);
    expect((await postgresMessages(id)).map((row) => row.id)).toEqual(messages.map((message) => message.id));
    await expect.poll(() => storedStatus(id)).toBe('stopped');

    const quarantine = await insideRoom(id, (conversation) => ({
      count: conversation.outbox.quarantined(),
      rows: conversation.store.sql
        .exec<{ id: string; error_class: string; sqlstate: string | null }>(
          'SELECT id, error_class, sqlstate FROM room_quarantine',
        )
        .toArray(),
    }));
    expect(quarantine.count).toBe(1);
    expect(quarantine.rows).toEqual([
      { id: refused.id, error_class: expect.any(String), sqlstate: expect.stringMatching(/^22/) },
    ]);
    expect(await roomOf(id).metrics()).toMatchObject({ outboxPending: 0, outboxQuarantined: 1 });

    // The room's later messages still land, and the quarantined row is not tried (nor logged) again.
    await room.configure(demoSettings(id, { maxTurns: 3 }));
    const from = viewer.frames.length;
    await room.start();
    await viewer.until((frames) => isStopped(frames.slice(from)));
    const third = finished(viewer).at(-1)!;
    await expect
      .poll(async () => (await postgresMessages(id)).map((row) => row.id), { timeout: 10_000 })
      .toContain(third.id);
    const lines = logLines(error, warn);
    expect(lines.filter((line) => line.event === 'outbox-row-quarantined')).toEqual([
      expect.objectContaining({
        conversationId: id,
        rowId: refused.id,
        kind: 'message',
        sqlstate: expect.stringMatching(/^22/),
      }),
    ]);
    expect(lines.some((line) => line.event === 'outbox-flush-failed')).toBe(false);
    expect(JSON.stringify(lines)).not.toContain('a secret reply');
    viewer.close();
  });

  it('retries a transient failure instead: a Postgres that cannot take writes quarantines nothing, and its log line names the class, not the text', async (context) => {
    const skip = await needsRealPostgres();
    if (skip) return context.skip(skip);
    const warn = vi.spyOn(console, 'warn');
    const { id, room, viewer } = await openRoom({ maxTurns: 20 });
    // A real Postgres that refuses every write for now (25006 read_only_sql_transaction): transient, a later attempt may succeed.
    const readOnly = {
      DATABASE_URL: withOptions(env.DATABASE_URL, '-c default_transaction_read_only=on'),
      NEON_WS_PROXY: env.NEON_WS_PROXY,
    };
    await insideRoom(id, (conversation) =>
      conversation.useDependencies({ openDatabase: () => openDatabase(readOnly) }),
    );
    const accepted = await room.interject({ userId: 'u1', username: 'ada', text: 'A private aside, never logged' });
    expect(accepted.ok).toBe(true);
    await insideRoom(id, (conversation) => conversation.flushOutbox());
    const during = await insideRoom(id, (conversation) => ({
      pending: conversation.outbox.pending(),
      quarantined: conversation.outbox.quarantined(),
      retryAt: conversation.schedule.dueAt('outbox'),
    }));
    expect(during).toEqual({ pending: 1, quarantined: 0, retryAt: expect.any(Number) });
    const failed = logLines(warn).filter((line) => line.event === 'outbox-flush-failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]).toMatchObject({
      conversationId: id,
      pending: 1,
      sqlstate: '25006',
      errorClass: expect.any(String),
    });
    expect(JSON.stringify(failed)).not.toContain('A private aside');
    expect(JSON.stringify(failed)).not.toMatch(/params|insert into/i);

    await insideRoom(id, async (conversation) => {
      conversation.useDependencies(reachablePostgres());
      await conversation.flushOutbox();
    });
    expect((await postgresMessages(id)).map((row) => row.content)).toEqual(['A private aside, never logged']);
    viewer.close();
  });
});

describe('the outbox after a crash', () => {
  it('delivers the final message of a room killed while its flush was under way, with no viewer or request', async (context) => {
    // A real Postgres session holds the messages table: the room's flush of its final message waits on the lock, as on a slow database.
    const skip = await needsRealPostgres();
    if (skip) return context.skip(skip);
    const { db, close } = openDatabase(env);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = (_holder: number) => {};
    const lockTaken = new Promise<number>((resolve) => {
      locked = resolve;
    });
    const lock = db.transaction(async (transaction) => {
      await transaction.execute(sql`lock table messages in access exclusive mode`);
      const [holder] = await transaction
        .execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)
        .then((result) => result.rows);
      locked(Number(holder?.pid));
      await held;
    });
    const holder = await lockTaken;

    const { id, room, viewer } = await openRoom({ maxTurns: 1 });
    try {
      await room.start();
      // Seen by a viewer: stored for good (the room's output gate opens only once its writes are durable).
      const [final] = await viewer
        .until((frames) => finished({ ...viewer, frames }).length === 1)
        .then((frames) => finished({ ...viewer, frames }));
      viewer.close();
      // The instance dies with its flush unfinished; the statement it may have sent never commits.
      await runInDurableObject(roomOf(id), (_instance, state) => state.abort('killed during the final flush')).catch(
        () => {},
      );
      await db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))`,
      );
      release();
      await lock;
      // Nothing asks the room anything from here on: only its own alarm can bring the message to Postgres.
      await expect
        .poll(async () => (await postgresMessages(id)).map((row) => row.id), { timeout: 20_000, interval: 500 })
        .toEqual([final!.id]);
      await expect.poll(() => storedStatus(id), { timeout: 10_000 }).toBe('stopped');
    } finally {
      release();
      await lock.catch(() => {});
      await close();
    }
  });
});

/** A connection string with libpq `options` (server settings for the session). */
function withOptions(url: string, options: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', options);
  return parsed.toString();
}
