/**
 * `npm run db:migrate`: applies drizzle/ to DATABASE_URL (Neon directly, any
 * other Postgres through a local WebSocket proxy), or to the embedded
 * development database when DATABASE_URL is unset. Reads .env if present.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../worker/src/env.ts';
import { checkStackEnv, startDatabase } from './stack/stack.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(`${root}.env`)) process.loadEnvFile(`${root}.env`);

try {
  checkStackEnv(process.env);
  const database = await startDatabase({ env: process.env, pgliteDir: `${root}.data/pglite`, log: console.log });
  console.log(`Migrations applied: ${database.summary.join('; ')}`);
  await database.stop();
} catch (error) {
  console.error(
    error instanceof ConfigError ? `Configuration error: ${error.message}` : `Migration failed: ${String(error)}`,
  );
  process.exit(1);
}
