/**
 * The local stack behind the Worker, for `npm run dev`, migrations and tests:
 * Postgres (embedded PGlite, or the one at DATABASE_URL) behind a Neon-style
 * WebSocket proxy, and an Upstash-REST endpoint (backed by REDIS_URL or
 * memory) unless real Upstash credentials are given. It hands back the
 * variables the Worker needs to reach them.
 */
import { configSchema, ConfigError, toConfigError } from '../../worker/src/env.ts';
import { applyMigrations } from './migrate.ts';
import { startNeonProxy } from './neon-proxy.ts';
import { startEmbeddedPostgres } from './postgres.ts';
import { errorMessage, openRedisBackend, redactUrl } from './redis-backend.ts';
import { startUpstashRest } from './upstash-rest.ts';

/** What the stack reads: the user's environment (.env and process). */
export interface StackOptions {
  env: Record<string, string | undefined>;
  /** Where the embedded Postgres keeps its data; unset: in memory. */
  pgliteDir?: string;
  /** Drop and recreate the schema of DATABASE_URL before migrating (test databases only). */
  resetDatabase?: boolean;
  log: (line: string) => void;
}

/** The variables the Worker needs to reach the stack. */
export interface WorkerConnection {
  DATABASE_URL: string;
  NEON_WS_PROXY?: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

/** A running stack. */
export interface Stack {
  connection: WorkerConnection;
  /** One line per part, for the startup banner. */
  summary: string[];
  stop(): Promise<void>;
}

/** A fixed token for the local endpoint: it listens on loopback only. */
export const LOCAL_UPSTASH_TOKEN = 'chimera-local-token';

/** Validates what the stack will use; throws ConfigError naming the variable. */
export function checkStackEnv(env: Record<string, string | undefined>): void {
  const known = Object.fromEntries(Object.entries(env).filter(([name, value]) => name in configSchema.shape && value));
  const parsed = configSchema.partial().safeParse(known);
  if (!parsed.success) throw toConfigError(parsed.error);
  if (env.REDIS_URL && !/^rediss?:\/\/[^/]/.test(env.REDIS_URL)) {
    throw new ConfigError('REDIS_URL', 'is not a valid redis:// URL (expected redis://host:6379)');
  }
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    const missing = env.UPSTASH_REDIS_REST_URL ? 'UPSTASH_REDIS_REST_TOKEN' : 'UPSTASH_REDIS_REST_URL';
    throw new ConfigError(missing, 'must be set together with its pair');
  }
}

/** Starts what is not configured, applies migrations, and returns the Worker's connection. */
export async function startStack(options: StackOptions): Promise<Stack> {
  checkStackEnv(options.env);
  const database = await startDatabase(options);
  try {
    const redis = await startRedis(options);
    return {
      connection: { ...database.connection, ...redis.connection },
      summary: [...database.summary, ...redis.summary],
      async stop() {
        await redis.stop();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

type Part<T> = { connection: T; summary: string[]; stop(): Promise<void> };
type DatabaseConnection = Pick<WorkerConnection, 'DATABASE_URL' | 'NEON_WS_PROXY'>;
type RedisConnection = Pick<WorkerConnection, 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'>;

/** Neon is reached directly; any other Postgres through a WebSocket proxy. */
function isNeon(url: string): boolean {
  return new URL(url).hostname.endsWith('.neon.tech');
}

/** Postgres (embedded unless DATABASE_URL is set), its proxy, and every migration applied. */
export async function startDatabase(options: StackOptions): Promise<Part<DatabaseConnection>> {
  const { env } = options;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopPart of stops.reverse()) await stopPart().catch(() => {});
  };
  try {
    let url = env.DATABASE_URL;
    let summary: string;
    if (url) {
      summary = `database   ${redactUrl(url)}`;
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: options.pgliteDir });
      stops.push(embedded.stop);
      url = embedded.url;
      summary = `database   embedded PGlite (${options.pgliteDir ?? 'in memory'})`;
    }
    let wsProxy = env.NEON_WS_PROXY || undefined;
    if (!wsProxy && !isNeon(url)) {
      const target = new URL(url);
      const proxy = await startNeonProxy({ host: target.hostname, port: Number(target.port || 5432) });
      stops.push(proxy.stop);
      wsProxy = proxy.wsProxy;
    }
    const connection = { DATABASE_URL: url, NEON_WS_PROXY: wsProxy };
    await applyMigrations(connection, { reset: options.resetDatabase }).catch((error: unknown) => {
      throw new ConfigError('DATABASE_URL', `could not be reached or migrated: ${errorMessage(error)}`);
    });
    return { connection, summary: [wsProxy ? `${summary} via ws://${wsProxy}` : summary], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startRedis({ env, log }: StackOptions): Promise<Part<RedisConnection>> {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return {
      connection: {
        UPSTASH_REDIS_REST_URL: env.UPSTASH_REDIS_REST_URL,
        UPSTASH_REDIS_REST_TOKEN: env.UPSTASH_REDIS_REST_TOKEN,
      },
      summary: [`redis      Upstash at ${env.UPSTASH_REDIS_REST_URL}`],
      stop: async () => {},
    };
  }
  const backend = await openRedisBackend(env.REDIS_URL || undefined, log);
  const rest = await startUpstashRest(backend, { token: LOCAL_UPSTASH_TOKEN });
  const store = backend.kind === 'redis' ? redactUrl(env.REDIS_URL ?? '') : 'in-memory store';
  return {
    connection: { UPSTASH_REDIS_REST_URL: rest.url, UPSTASH_REDIS_REST_TOKEN: rest.token },
    summary: [`redis      Upstash REST endpoint ${rest.url} -> ${store}`],
    async stop() {
      await rest.stop();
      await backend.close();
    },
  };
}
