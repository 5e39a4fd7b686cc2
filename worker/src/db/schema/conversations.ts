import { jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** Rooms: who owns them, which personas take part and how turns are chosen. */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').references(() => users.id),
  title: varchar('title', { length: 255 }),
  aiParticipants: text('ai_participants').array().default([]),
  activePersonas: jsonb('active_personas').$type<Record<string, unknown>>().default({}),
  conversationMode: varchar('conversation_mode', { length: 50 }).default('sequential'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow(),
});
