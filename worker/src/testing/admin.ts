/** Admins for the worker tests: fresh accounts the operator's grant (auth/admin.ts grantAdmin) marked, as `npm run admin:grant` does. */
import { env } from 'cloudflare:workers';
import { grantAdmin as grant } from '../auth/admin.ts';
import { openDatabase } from '../db/client.ts';
import { signedInClient, type TestClient } from './client.ts';

/** Marks the existing account `username` an admin in the test database. */
export async function grantAdmin(username: string): Promise<void> {
  const { db, close } = openDatabase(env);
  try {
    if (!(await grant(db, username))) throw new Error(`no account named ${username}`);
  } finally {
    await close();
  }
}

/** A signed-in admin whose `asAdmin` requests run with `extraEnv` (e.g. spend limits). */
export async function adminClient(extraEnv: Record<string, string> = {}) {
  const client = await signedInClient('admin');
  await grantAdmin(client.user.username);
  const env = { ...extraEnv };
  return Object.assign(client, { adminEnv: env, asAdmin: (path: string) => client.get(path, { env }) });
}

/** What adminClient answers. */
export type AdminClient = Awaited<ReturnType<typeof adminClient>> & TestClient;
