import { bigserial, index, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { conversations } from './conversations.ts';

/** Who sent a message. */
export type SenderType = 'user' | 'ai' | 'system';

/** Finished messages of a conversation, in `message_order`. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    senderType: varchar('sender_type', { length: 20 }).$type<SenderType>().notNull(),
    /** `provider/model` for AI messages. */
    senderId: varchar('sender_id', { length: 100 }),
    persona: varchar('persona', { length: 50 }),
    content: text('content').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
    messageOrder: bigserial('message_order', { mode: 'number' }),
  },
  // The API pages a conversation's messages by message_order.
  (table) => [index('messages_conversation_order_idx').on(table.conversationId, table.messageOrder)],
);
