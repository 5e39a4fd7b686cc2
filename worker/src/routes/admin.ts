/**
 * `/api/admin`: the operator's figures, for admins only (auth/admin.ts).
 * `GET /stats?window=hour|day|week` sums the provider call log in Postgres,
 * asks the live rooms for their viewers and outbox backlog, and reports this
 * isolate's circuits and the spend limits; the answer is cached in Redis for
 * ADMIN_STATS_CACHE_SECONDS per window (`X-Cache: hit|miss`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly } from '../auth/admin.ts';
import { CACHE_KEYS, readThrough } from '../cache/json-cache.ts';
import { isoTime } from '../date-schema.ts';
import { computeStats } from '../observability/stats.ts';
import { adminStatsSchema } from '../observability/stats-schema.ts';
import { loadProviderRegistry } from '../providers/registry.ts';
import { documentedRoutes, errorResponses, jsonResponse, SESSION_SECURITY } from './openapi.ts';

/** How long one window's stats are reused. */
export const ADMIN_STATS_CACHE_SECONDS = 10;

const StatsQuerySchema = z.object({
  window: z
    .enum(['hour', 'day', 'week'])
    .default('hour')
    .openapi({ description: 'The span the call-log figures cover, ending now (or at `until`).' }),
  until: isoTime({ offset: true }).optional().openapi({
    description: 'The end of the span (ISO 8601), for looking back; default now. Live figures are always now.',
  }),
});

const stats = createRoute({
  method: 'get',
  path: '/stats',
  summary:
    'Operator figures: calls, errors, latency, tokens and cost per provider and model; the costliest conversations; live rooms; circuits; spend limits',
  tags: ['admin'],
  security: SESSION_SECURITY,
  middleware: [adminOnly] as const,
  request: { query: StatsQuerySchema },
  responses: {
    200: jsonResponse(adminStatsSchema, 'The figures of the window.'),
    ...errorResponses(400, 401, 403, 429),
  },
});

/** The admin routes, mounted at `/api/admin`. */
export const admin = documentedRoutes().openapi(stats, async (c) => {
  const { window, until } = c.req.valid('query');
  const { services } = c.var;
  const { value, cache } = await readThrough(
    services,
    {
      key: CACHE_KEYS.adminStats(window, until ?? 'now'),
      ttlSeconds: ADMIN_STATS_CACHE_SECONDS,
      schema: adminStatsSchema,
    },
    async () =>
      computeStats(
        services,
        c.env,
        await loadProviderRegistry(services.config, services.db),
        window,
        until ? new Date(until) : new Date(),
      ),
  );
  c.header('X-Cache', cache);
  c.header('Cache-Control', 'no-store');
  return c.json(value, 200);
});
