/** createApp(): the Hono app with its error handling, shared middleware, routes and OpenAPI document. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { session, sessionUnverified } from './auth/middleware.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';
import { rateLimit } from './cache/rate-limit.ts';
import { databaseUnavailable, isDatabaseUnavailable } from './db/availability.ts';
import type { AppEnv } from './env.ts';
import { ApiError, errorClasses, handleError, handleNotFound } from './errors.ts';
import { requestLogging } from './logging/request-id.ts';
import { admin } from './routes/admin.ts';
import { auth } from './routes/auth.ts';
import { conversationControl } from './routes/conversation-control.ts';
import { conversations } from './routes/conversations.ts';
import { health } from './routes/health.ts';
import { leaderboard } from './routes/leaderboard.ts';
import { OPENAPI_INFO, rejectInvalidInput } from './routes/openapi.ts';
import { personas } from './routes/personas.ts';
import { providers } from './routes/providers.ts';
import { rooms } from './routes/rooms.ts';
import { csrfProtection } from './security/csrf.ts';
import { bodySizeLimit, corsFromConfig, securityHeaders } from './security/middleware.ts';
import { services } from './services.ts';

/** The whole app; routes are chained so their types reach the web client. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalidInput });
  // A Postgres outage is a 503 with Retry-After wherever it surfaces, not a 500; nor a 401 for a session it kept us from checking.
  app.onError((error, c) => {
    const unverifiedSession = error instanceof ApiError && error.status === 401 && sessionUnverified(c);
    if (!unverifiedSession && !isDatabaseUnavailable(error)) return handleError(error, c);
    c.var.log?.warn('database-unavailable', { path: c.req.path, error: errorClasses(error) });
    return handleError(databaseUnavailable(), c);
  });
  app.notFound(handleNotFound);
  app.use(requestLogging());
  app.use(securityHeaders());
  app.use('/api/*', corsFromConfig());
  app.use(bodySizeLimit());
  app.use(services());
  app.use(csrfProtection());
  app.use(session());
  // Reads and writes each spend their own budget; creation, interjections and WebSocket connects add their own on their routes.
  app.use(
    '/api/*',
    rateLimit((c) =>
      c.req.method === 'OPTIONS' ? null : c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write',
    ),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
  });
  return app
    .route('/api/health', health)
    .route('/api/auth', auth)
    .route('/api/personas', personas)
    .route('/api/providers', providers)
    .route('/api/conversations', conversations)
    .route('/api/conversations', conversationControl)
    .route('/api/admin', admin)
    .route('/api/leaderboard', leaderboard)
    .route('/ws', rooms)
    .doc('/api/openapi.json', OPENAPI_INFO);
}

/** The app's type, for `hc<AppType>` in the web client. */
export type AppType = ReturnType<typeof createApp>;
