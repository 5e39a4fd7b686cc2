import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../worker/src/db/client.ts';
import { users } from '../worker/src/db/schema/index.ts';
import { startDatabase } from './stack/stack.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(`${tmpdir()}/chimera-admin-grant-`);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm run admin:grant -- <username>` on the scratch embedded database. */
async function grant(username: string): Promise<{ code: number; output: string }> {
  const env = { ...process.env, DATABASE_URL: '', NEON_WS_PROXY: '', CHIMERA_DATA_DIR: dataDir };
  try {
    const { stdout, stderr } = await run('node', ['scripts/admin-grant.ts', username], { env, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Opens the scratch database (the script must not hold it at the same time) and runs `work` on it. */
async function withDatabase<T>(work: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const database = await startDatabase({ env: {}, pgliteDir: `${dataDir}/pglite`, log: () => {} });
  const { db, close } = openDatabase(database.connection);
  try {
    return await work(db);
  } finally {
    await close();
    await database.stop();
  }
}

describe('npm run admin:grant', () => {
  it('marks an existing account admin, and refuses a username nobody registered', async () => {
    const absent = await grant('nobody-yet');
    expect(absent.code).toBe(1);
    expect(absent.output).toContain('No account named "nobody-yet"');

    await withDatabase((db) => db.insert(users).values({ username: 'ada', email: 'ada@example.com' }));
    const granted = await grant('ADA');
    expect(granted.code, granted.output).toBe(0);
    const [row] = await withDatabase((db) =>
      db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.username, 'ada')),
    );
    expect(row?.isAdmin).toBe(true);
  });
});
