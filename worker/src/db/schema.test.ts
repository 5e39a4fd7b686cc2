import { env } from 'cloudflare:workers';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import * as schema from './schema/index.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

const tables: PgTable[] = Object.values(schema).flatMap((value) => (is(value, PgTable) ? [value] : []));

/** drizzle's SQL type as Postgres' format_type() prints it. */
function postgresType(sqlType: string): string {
  return sqlType
    .replace(/^varchar\((\d+)\)$/, 'character varying($1)')
    .replace(/^numeric\((\d+), (\d+)\)$/, 'numeric($1,$2)')
    .replace(/^bigserial$/, 'bigint');
}

describe('the migrated database', () => {
  it('has exactly the tables of the Drizzle schema', async () => {
    const result = await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const expected = tables.map((table) => getTableConfig(table).name).sort();
    expect(result.rows.map((row) => row.table_name)).toEqual(expected);
  });

  it.each(tables.map((table) => [getTableConfig(table).name, table] as const))(
    'matches the schema for %s',
    async (name, table) => {
      const result = await db.execute<{ name: string; type: string; not_null: boolean; has_default: boolean }>(sql`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, a.atthasdef as has_default
      from pg_attribute a
      where a.attrelid = ${`public.${name}`}::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attname`);
      const expected = getTableConfig(table)
        .columns.map((column) => ({
          name: column.name,
          type: postgresType(column.getSQLType()),
          not_null: column.notNull,
          has_default: column.hasDefault || column.getSQLType() === 'bigserial',
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(result.rows).toEqual(expected);
    },
  );

  it('applies the defaults of SPEC.md and numbers messages in order', async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const [user] = await db
      .insert(schema.users)
      .values({ username: `ada-${suffix}`, email: `ada-${suffix}@example.com` })
      .returning();
    const [conversation] = await db
      .insert(schema.conversations)
      .values({ userId: user!.id, title: 'On being' })
      .returning();
    expect(conversation).toMatchObject({ aiParticipants: [], activePersonas: {}, conversationMode: 'sequential' });
    const inserted = await db
      .insert(schema.messages)
      .values([
        { conversationId: conversation!.id, senderType: 'user', content: 'Hello' },
        {
          conversationId: conversation!.id,
          senderType: 'ai',
          senderId: 'demo/demo-voice',
          persona: 'comedian',
          content: 'Hi!',
        },
      ])
      .returning();
    expect(inserted[0]!.metadata).toEqual({});
    expect(inserted[1]!.messageOrder).toBeGreaterThan(inserted[0]!.messageOrder);
    const stored = await db.select().from(schema.messages).where(eq(schema.messages.conversationId, conversation!.id));
    expect(stored.map((message) => message.content).sort()).toEqual(['Hello', 'Hi!']);
  });

  it('rejects a message for a conversation that does not exist', async () => {
    await expect(
      db.insert(schema.messages).values({ conversationId: crypto.randomUUID(), senderType: 'user', content: 'orphan' }),
    ).rejects.toThrow();
  });
});
