/**
 * `npm run admin:grant -- <username>`: makes an existing account an admin
 * (users.is_admin) in DATABASE_URL's database, or in the embedded development
 * database when DATABASE_URL is unset (stop `npm run dev` first: the embedded
 * database, in CHIMERA_DATA_DIR as for `npm run dev`, has one user at a
 * time). Reads .env if present; applies pending
 * migrations first, so the column exists. Exits 1 when there is no such account.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { grantAdmin } from '../worker/src/auth/admin.ts';
import { openDatabase } from '../worker/src/db/client.ts';
import { ConfigError } from '../worker/src/env.ts';
import { checkStackEnv, startDatabase } from './stack/stack.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(`${root}.env`)) process.loadEnvFile(`${root}.env`);
const dataDir = process.env.CHIMERA_DATA_DIR ?? `${root}.data`;

const username = process.argv[2]?.trim();
if (!username || process.argv.length > 3) {
  console.error('Usage: npm run admin:grant -- <username>');
  process.exit(2);
}

try {
  checkStackEnv(process.env);
  const database = await startDatabase({ env: process.env, pgliteDir: `${dataDir}/pglite`, log: () => {} });
  const { db, close } = openDatabase(database.connection);
  let granted: boolean;
  try {
    granted = await grantAdmin(db, username);
  } finally {
    await close();
    await database.stop();
  }
  if (!granted) {
    console.error(`No account named "${username}": register it first, then grant it.`);
    process.exit(1);
  }
  console.log(`"${username}" is now an admin (${database.summary.join('; ')}).`);
} catch (error) {
  console.error(
    error instanceof ConfigError ? `Configuration error: ${error.message}` : `Grant failed: ${String(error)}`,
  );
  process.exit(1);
}
