/** An admin for the worker tests: a fresh account named in ADMIN_USERNAMES (the first account of the shared test database may be any file's). */
import { signedInClient, type TestClient } from './client.ts';

/** A signed-in client whose requests run with ADMIN_USERNAMES naming it (and `extraEnv`). */
export async function adminClient(extraEnv: Record<string, string> = {}) {
  // An account registered before this one: it can never be the first account ever.
  await signedInClient('earlier');
  const client = await signedInClient('admin');
  const env = { ADMIN_USERNAMES: `someone-else, ${client.user.username.toUpperCase()}`, ...extraEnv };
  return Object.assign(client, { adminEnv: env, asAdmin: (path: string) => client.get(path, { env }) });
}

/** What adminClient answers. */
export type AdminClient = Awaited<ReturnType<typeof adminClient>> & TestClient;
