import { index, integer, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The audience's reactions, as exact counts per message and kind. The room
 * keeps the counts and writes them behind through its outbox (the latest
 * counts of a message replace the row's, never one write per reaction).
 */
export const messageReactions = pgTable(
  'message_reactions',
  {
    messageId: uuid('message_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    /** One of REACTION_EMOJI (contract/audience.ts). */
    emoji: varchar('emoji', { length: 16 }).notNull(),
    count: integer('count').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.messageId, table.emoji] }),
    index('message_reactions_conversation_idx').on(table.conversationId),
  ],
);

/**
 * The best of each round: one pick per signed-in user per round of a
 * conversation. The picked message wins over each of `rivals` (the round's
 * other AI messages); the leaderboard fits its ratings to these wins.
 */
export const roundPicks = pgTable(
  'round_picks',
  {
    conversationId: uuid('conversation_id').notNull(),
    round: integer('round').notNull(),
    userId: uuid('user_id').notNull(),
    messageId: uuid('message_id').notNull(),
    rivals: uuid('rivals').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.conversationId, table.round, table.userId] }),
    index('round_picks_created_at_idx').on(table.createdAt),
  ],
);
