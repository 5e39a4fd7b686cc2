/** Which browser origins may act on the API: the app's own, plus CORS_ORIGINS. */
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/** True for the request's own origin and the configured CORS_ORIGINS. */
export function isAllowedOrigin(c: Context<AppEnv>, origin: string): boolean {
  return origin === new URL(c.req.url).origin || c.var.services.config.CORS_ORIGINS.includes(origin);
}
