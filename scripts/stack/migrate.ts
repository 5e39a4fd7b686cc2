/** Applies drizzle/ to a database through the Neon driver: the same path the Worker uses. */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { openDatabase, type DatabaseConfig } from '../../worker/src/db/client.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Runs every pending migration; `reset` first drops the public and drizzle schemas (test databases only). */
export async function applyMigrations(config: DatabaseConfig, options: { reset?: boolean } = {}): Promise<void> {
  const { db, close } = openDatabase(config);
  try {
    if (options.reset) {
      await db.execute(
        sql.raw('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'),
      );
    }
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await close();
  }
}
