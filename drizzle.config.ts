import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates SQL migrations into drizzle/ from the schema; `npm run db:migrate` applies them. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './worker/src/db/schema/index.ts',
  out: process.env.DRIZZLE_OUT ?? './drizzle',
});
