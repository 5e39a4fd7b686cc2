/**
 * Global setup of the browser tests: `npm run dev` on its embedded defaults,
 * as a newcomer runs it, in a scratch data directory, for the whole run; its
 * URL goes to the tests as `appUrl`. It never shares TEST_DATABASE_URL with
 * the worker tests, whose rooms and accounts would show up in its lobby.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { freePort, startDev } from './dev-process.ts';

/** The username web/e2e/admin.e2e.test.ts signs up with; the dev server makes it an admin. */
export const E2E_ADMIN = 'e2e-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(`${tmpdir()}/chimera-e2e-`);
  const dev = startDev({
    PORT: String(await freePort()),
    CHIMERA_DATA_DIR: dataDir,
    // The dashboard test's admin: the first account of this shared server may be any test file's.
    ADMIN_USERNAMES: E2E_ADMIN,
  });
  const [, url] = await dev.waitFor(/Chimera is running at (http:\/\/127\.0\.0\.1:\d+)/, 120_000);
  project.provide('appUrl', url!);
  return async () => {
    dev.interrupt();
    await dev.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}
