/** The typed API client: every call to the Worker goes through `api`. */
import { hc } from 'hono/client';
import type { AppType } from '../../../worker/src/app.ts';
import type { Health } from '../../../worker/src/routes/health.ts';

export const api = hc<AppType>('/');

/** `GET /api/health`; it answers 503 with the same body when a dependency is down. */
export async function fetchHealth(): Promise<Health> {
  const response = await api.api.health.$get();
  if (response.status !== 200 && response.status !== 503) throw new Error(`Health check failed with HTTP ${response.status}`);
  return response.json();
}
