/** createApp(): the Hono app with its error handling, shared middleware and routes. */
import { Hono } from 'hono';
import { handleError, handleNotFound } from './errors.ts';
import type { AppEnv } from './env.ts';
import { health } from './routes/health.ts';
import { providers } from './routes/providers.ts';
import { rooms } from './routes/rooms.ts';
import { services } from './services.ts';

/** The whole app; routes are chained so their types reach the web client. */
export function createApp() {
  return new Hono<AppEnv>()
    .onError(handleError)
    .notFound(handleNotFound)
    .use(services())
    .route('/api/health', health)
    .route('/api/providers', providers)
    .route('/ws', rooms);
}

/** The app's type, for `hc<AppType>` in the web client. */
export type AppType = ReturnType<typeof createApp>;
