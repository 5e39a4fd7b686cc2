import { index, integer, numeric, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { ProviderCallRecord } from '../../providers/types.ts';
import { conversations } from './conversations.ts';

/** The provider call log: one row per attempt of a turn (providers/call-log.ts). Never a key, never a prompt. */
export const providerCalls = pgTable(
  'provider_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    provider: varchar('provider', { length: 50 }).notNull(),
    model: varchar('model', { length: 100 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    timeToFirstTokenMs: integer('time_to_first_token_ms'),
    durationMs: integer('duration_ms').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    /** USD, exact to a millionth of a cent. */
    costUsd: numeric('cost_usd', { precision: 14, scale: 8, mode: 'number' }).notNull(),
    outcome: varchar('outcome', { length: 20 }).$type<ProviderCallRecord['outcome']>().notNull(),
    errorClass: varchar('error_class', { length: 30 }).$type<NonNullable<ProviderCallRecord['errorClass']>>(),
  },
  (table) => [
    index('provider_calls_conversation_started_idx').on(table.conversationId, table.startedAt),
    index('provider_calls_started_idx').on(table.startedAt),
  ],
);
