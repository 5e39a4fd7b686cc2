import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** Who may see a conversation: everyone (and the lobby), whoever has the link, or its owner alone. */
export type Visibility = 'public' | 'unlisted' | 'private';

/**
 * Rooms: who owns them, which personas take part and how turns are chosen.
 * `ai_participants` holds each persona's `provider/model` in speaking order
 * and `active_personas` `{ personas: RoomPersona[] }`, the snapshot the room runs.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    title: varchar('title', { length: 255 }),
    aiParticipants: text('ai_participants').array().default([]),
    activePersonas: jsonb('active_personas').$type<Record<string, unknown>>().default({}),
    conversationMode: varchar('conversation_mode', { length: 50 }).default('sequential'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow(),
    topic: text('topic').notNull().default(''),
    visibility: varchar('visibility', { length: 20 }).$type<Visibility>().notNull().default('public'),
    /** The room's last known status (RoomStatus): idle, running, paused or stopped. */
    status: varchar('status', { length: 20 }).notNull().default('idle'),
    maxTurns: integer('max_turns').notNull().default(20),
    budgetUsd: doublePrecision('budget_usd').notNull().default(1),
    /** Opted into the exact-match reply cache (cache/reply-cache.ts). */
    replyCache: boolean('reply_cache').notNull().default(false),
    /** The audience votes on who speaks next. */
    voteNext: boolean('vote_next').notNull().default(false),
    /** The top audience suggestion becomes the Moderator's nudge every this many AI turns; 0: never. */
    suggestionEvery: integer('suggestion_every').notNull().default(0),
  },
  (table) => [
    index('conversations_lobby_idx').on(table.visibility, table.createdAt, table.id),
    index('conversations_user_id_idx').on(table.userId, table.createdAt),
  ],
);
