/**
 * The embedded Postgres of local development and tests: PGlite served over the
 * Postgres wire protocol on loopback, so every client (the Neon driver behind
 * the WebSocket proxy, psql, drizzle-kit) talks to it as to a real server.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A running embedded Postgres. */
export interface EmbeddedPostgres {
  /** postgres:// URL of the server on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

/** Starts PGlite on a free loopback port; `dataDir` persists it, else it lives in memory. */
export async function startEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  // PGlite runs one query at a time; the server multiplexes connections onto it.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
