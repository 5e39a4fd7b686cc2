/** `GET /api/health`: the state of the database, Redis and each configured provider. */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv, Config, Services } from '../env.ts';

/** The result of one dependency check. */
export interface Check {
  status: 'ok' | 'error';
  latencyMs: number;
  error?: string;
}

/** A provider as health reports it; live provider checks belong to the provider registry. */
export interface ProviderHealth {
  id: string;
  status: 'ok' | 'configured';
}

/** The body of `GET /api/health`, 200 when database and Redis are ok, else 503. */
export interface Health {
  status: 'ok' | 'degraded';
  database: Check;
  redis: Check;
  providers: ProviderHealth[];
}

const CHECK_TIMEOUT_MS = 5000;

/** Each provider and the variable that switches it on; the demo provider needs none. */
const PROVIDER_SWITCHES = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  deepseek: 'DEEPSEEK_API_KEY',
  gemini: 'GOOGLE_AI_API_KEY',
  'lm-studio': 'LM_STUDIO_URL',
  ollama: 'OLLAMA_URL',
} as const satisfies Record<string, keyof Config>;

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const { services } = c.var;
  const [database, redis] = await Promise.all([checkDatabase(services), checkRedis(services)]);
  const body: Health = {
    status: database.status === 'ok' && redis.status === 'ok' ? 'ok' : 'degraded',
    database,
    redis,
    providers: configuredProviders(services.config),
  };
  return c.json(body, body.status === 'ok' ? 200 : 503);
});

function configuredProviders(config: Config): ProviderHealth[] {
  const configured = Object.entries(PROVIDER_SWITCHES)
    .filter(([, variable]) => Boolean(config[variable]))
    .map(([id]): ProviderHealth => ({ id, status: 'configured' }));
  return [...configured, { id: 'demo', status: 'ok' }];
}

function checkDatabase(services: Services): Promise<Check> {
  return timed('DATABASE_URL', [services.config.DATABASE_URL], async () => {
    await services.db.execute(sql`select 1`);
  });
}

function checkRedis(services: Services): Promise<Check> {
  const { UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN } = services.config;
  return timed('UPSTASH_REDIS_REST_URL', [UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN], async () => {
    const pong = await services.redis.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(pong)}`);
  });
}

/** Runs `probe` under a timeout; a failure names the variable and never echoes `secrets`. */
async function timed(variable: string, secrets: string[], probe: () => Promise<void>): Promise<Check> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'ok', latencyMs: Date.now() - started };
  } catch (error) {
    const reason = redact(describe(error), secrets);
    return { status: 'error', latencyMs: Date.now() - started, error: `${variable}: ${reason}` };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 300);
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length > 3).reduce((result, secret) => result.replaceAll(secret, '***'), text);
}
