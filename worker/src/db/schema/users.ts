import { boolean, index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Accounts. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: varchar('username', { length: 100 }).unique().notNull(),
  email: varchar('email', { length: 255 }).unique().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  /** `pbkdf2-sha512$<iterations>$<salt>$<hash>` (auth/password.ts); null: the account cannot sign in with a password. */
  passwordHash: text('password_hash'),
  /** May open the admin dashboard; set only by the operator (`npm run admin:grant`, auth/admin.ts). */
  isAdmin: boolean('is_admin').notNull().default(false),
});

/**
 * Signed-in sessions, one row each, deleted on logout (revocation). The cookie
 * carries a random token; only its HMAC under SECRET_KEY is stored, so a copy
 * of this table signs nobody in.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** HMAC-SHA-256 of the cookie's token, hex. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);
