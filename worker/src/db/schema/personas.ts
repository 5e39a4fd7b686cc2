import { doublePrecision, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** Users' own personas; the seed personas live in code (personas/seed.ts), never here. */
export const personas = pgTable(
  'personas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Slug, unique per owner and never a seed persona's: stored in messages.persona. */
    name: varchar('name', { length: 50 }).notNull(),
    displayName: varchar('display_name', { length: 60 }).notNull(),
    systemPrompt: text('system_prompt').notNull(),
    temperature: doublePrecision('temperature').notNull(),
    style: varchar('style', { length: 40 }).notNull(),
    avgLength: integer('avg_length').notNull(),
    traits: text('traits').array().notNull(),
    avatar: varchar('avatar', { length: 16 }).notNull(),
    color: varchar('color', { length: 7 }).notNull(),
    defaultProvider: varchar('default_provider', { length: 50 }).notNull(),
    defaultModel: varchar('default_model', { length: 100 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('personas_user_id_name_idx').on(table.userId, table.name)],
);
