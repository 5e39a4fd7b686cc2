/** The signed-in account, shared by every page: read once from `GET /api/auth/session` (200 with null for an anonymous visitor, so no console error), refreshed on sign-in and sign-out. */
import { createResource, createRoot } from 'solid-js';
import { api, type User } from '../lib/api.ts';

async function fetchMe(): Promise<User | null> {
  const response = await api.api.auth.session.$get();
  if (!response.ok) throw new Error(`Could not read the session (HTTP ${response.status})`);
  const body = await response.json();
  return body.user;
}

const [currentUser, { refetch: refreshSession, mutate: setCurrentUser }] = createRoot(() => createResource(fetchMe));

export { currentUser, refreshSession, setCurrentUser };
