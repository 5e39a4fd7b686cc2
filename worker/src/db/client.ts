/**
 * Postgres through the Neon serverless driver (WebSockets) and Drizzle: the
 * same path in production (Neon), in local development (the WebSocket proxy in
 * front of PGlite or any Postgres) and in Node scripts (migrations).
 */
import { Pool, neonConfig, type Client, type PoolClient } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { markConnectFailure } from './availability.ts';
import * as schema from './schema/index.ts';

/** The Drizzle database with the app's schema. */
export type Database = NeonDatabase<typeof schema>;

/** Where Postgres is: its URL and, off Neon, the WebSocket proxy in front of it. */
export interface DatabaseConfig {
  DATABASE_URL: string;
  NEON_WS_PROXY?: string;
}

/** An open database; `close` ends its connections (call it once the work is done). */
export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

/**
 * Each database's proxy by its `host:port`. neonConfig is global to the isolate,
 * and one isolate may open several databases (a room whose Postgres is cut off
 * in a test, beside others that are not): the driver asks per connection.
 */
const proxies = new Map<string, string>();

/** How long opening a connection may take: a Postgres behind a black hole fails the request instead of hanging it. */
export const CONNECT_TIMEOUT_MS = 5000;

type ConnectCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/** A pool whose failures to connect are marked as such (db/availability.ts): an outage answers 503, not 500. */
class MarkedPool extends Pool {
  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: the pool's own overloaded signature, callback or promise
  override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
    if (callback)
      return super.connect((error, client, done) => callback(error && markConnectFailure(error), client, done));
    return super.connect().catch((error: unknown) => {
      throw markConnectFailure(error);
    });
  }
}

/** Opens a pool; in a Worker, one per request, closed in `waitUntil`. */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const proxy = config.NEON_WS_PROXY;
  if (proxy) {
    const url = new URL(config.DATABASE_URL);
    proxies.set(`${url.hostname}:${url.port || 5432}`, proxy);
    // Used verbatim, without the driver's `?address=host:port`: neondatabase/wsproxy
    // (APPEND_PORT) and our local proxy each know their one upstream.
    neonConfig.wsProxy = (host, port) => proxies.get(`${host}:${port}`) ?? proxy;
    neonConfig.useSecureWebSocket = false;
    // Plain ws:// on a private hop, no TLS inside it, and any auth method (nothing pipelined).
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new MarkedPool({
    connectionString: config.DATABASE_URL,
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client that loses its socket emits on the pool; the next query reconnects.
  pool.on('error', () => {});
  // pg ends a connection with `stream.write(Terminate, callback)`, which the driver's
  // socket reads as (data, encoding): the callback that closes its WebSocket never
  // runs, leaving the hang-up to the server. PGlite's socket server never hangs up,
  // and an open socket keeps a Durable Object from being evicted or hibernating:
  // so `close` destroys the sockets itself.
  const sockets = new Set<{ destroy(): unknown }>();
  pool.on('connect', (client: Client) => sockets.add(client.neonConfig));
  return {
    db: drizzle({ client: pool, schema }),
    async close() {
      await pool.end();
      // The driver coalesces writes on a zero-delay timer: let the goodbye go out first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const socket of sockets) socket.destroy();
    },
  };
}
