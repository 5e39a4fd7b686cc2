/** `GET /api/health`: the state of the database, Redis and each configured provider. */
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Services } from '../env.ts';
import { loadProviderRegistry } from '../providers/registry.ts';
import {
  databaseTimeout,
  redisTimeout,
  CIRCUIT_STATES,
  type CircuitState,
  type Deadline,
} from '../resilience/index.ts';
import { redactSecrets } from '../security/redact.ts';
import { PROVIDER_IDS, type ProviderId } from '../providers/types.ts';
import { documentedRoutes, errorResponses, jsonResponse } from './openapi.ts';

/** The result of one dependency check. */
export interface Check {
  status: 'ok' | 'error';
  latencyMs: number;
  error?: string;
}

/**
 * A configured provider as health reports it: `ok` while its circuit is
 * closed, `degraded` while it is open or half-open. Live probes of each
 * provider are GET /api/providers' job.
 */
export interface ProviderHealth {
  id: ProviderId;
  status: 'ok' | 'degraded';
  circuit: CircuitState;
}

/** The body of `GET /api/health`, 200 when database and Redis are ok, else 503. */
export interface Health {
  status: 'ok' | 'degraded';
  database: Check;
  redis: Check;
  providers: ProviderHealth[];
}

const CHECK_TIMEOUT_MS = 5000;

const CheckSchema = z.object({ status: z.enum(['ok', 'error']), latencyMs: z.number(), error: z.string().optional() });

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: CheckSchema,
    redis: CheckSchema,
    providers: z.array(
      z.object({
        id: z.enum(PROVIDER_IDS),
        status: z.enum(['ok', 'degraded']),
        circuit: z.enum(CIRCUIT_STATES),
      }),
    ),
  })
  .openapi('Health') satisfies z.ZodType<Health>;

const check = createRoute({
  method: 'get',
  path: '/',
  summary: 'The state of the database, Redis and each configured provider',
  tags: ['health'],
  responses: {
    200: jsonResponse(HealthSchema, 'Database and Redis answer.'),
    503: jsonResponse(HealthSchema, 'The database or Redis does not answer; the failing variable is named.'),
    ...errorResponses(429),
  },
});

export const health = documentedRoutes().openapi(check, async (c) => {
  const { services } = c.var;
  const [database, redis] = await Promise.all([checkDatabase(services), checkRedis(services)]);
  const body: Health = {
    status: database.status === 'ok' && redis.status === 'ok' ? 'ok' : 'degraded',
    database,
    redis,
    providers: await configuredProviders(services),
  };
  return body.status === 'ok' ? c.json(body, 200) : c.json(body, 503);
});

async function configuredProviders(services: Services): Promise<ProviderHealth[]> {
  const registry = await loadProviderRegistry(services.config, services.db);
  return registry.available().map((id) => {
    const circuit = registry.circuit(id);
    return { id, status: circuit === 'closed' ? 'ok' : 'degraded', circuit };
  });
}

function checkDatabase(services: Services): Promise<Check> {
  return timed(services, 'DATABASE_URL', databaseTimeout(CHECK_TIMEOUT_MS), async () => {
    await services.db.execute(sql`select 1`);
  });
}

function checkRedis(services: Services): Promise<Check> {
  return timed(services, 'UPSTASH_REDIS_REST_URL', redisTimeout(CHECK_TIMEOUT_MS), async () => {
    const pong = await services.redis.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(pong)}`);
  });
}

/** Runs `probe` under `limit`; a failure names the variable and never echoes a configured secret. */
async function timed(
  services: Services,
  variable: string,
  limit: Deadline,
  probe: () => Promise<void>,
): Promise<Check> {
  const started = Date.now();
  try {
    await limit.execute(probe);
    return { status: 'ok', latencyMs: Date.now() - started };
  } catch (error) {
    const reason = redactSecrets(services.config, describe(error));
    return { status: 'error', latencyMs: Date.now() - started, error: `${variable}: ${reason}` };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 300);
}
