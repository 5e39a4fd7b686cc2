/** The Neon WebSocket proxy in front of the embedded Postgres, driven by the Neon driver as the Worker uses it. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../worker/src/db/client.ts';
import { startNeonProxy, type NeonProxy } from './neon-proxy.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres.ts';

describe('the Neon proxy over the embedded Postgres', () => {
  let postgres: EmbeddedPostgres;
  let proxy: NeonProxy;

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres();
    const target = new URL(postgres.url);
    proxy = await startNeonProxy({ host: target.hostname, port: Number(target.port) });
  });
  afterAll(async () => {
    await proxy.stop();
    await postgres.stop();
  });

  it('releases each closed pool’s connection, so more pools than the server’s connection limit come and go', async () => {
    for (let round = 0; round < 80; round++) {
      const { db, close } = openDatabase({ DATABASE_URL: postgres.url, NEON_WS_PROXY: proxy.wsProxy });
      const result = await db.execute<{ round: number }>(sql`select ${round}::int as round`);
      expect(result.rows[0]?.round).toBe(round);
      await close();
    }
  });
});
