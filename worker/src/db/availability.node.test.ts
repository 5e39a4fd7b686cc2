import { createServer, type AddressInfo, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startNeonProxy } from '../../../scripts/stack/neon-proxy.ts';
import { startEmbeddedPostgres } from '../../../scripts/stack/postgres.ts';
import { isDatabaseUnavailable } from './availability.ts';
import { openDatabase } from './client.ts';

const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failureOf(
  config: { DATABASE_URL: string; NEON_WS_PROXY: string },
  statement = sql`select 1`,
): Promise<unknown> {
  const { db, close } = openDatabase(config);
  try {
    await db.execute(statement);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await close();
  }
}

describe('a database failure', () => {
  it('is an outage when Postgres is gone behind a live proxy, or the proxy itself is gone', async () => {
    const port = await closedPort();
    const proxy = await startNeonProxy({ host: '127.0.0.1', port });
    stops.push(proxy.stop);
    const behindProxy = await failureOf({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      NEON_WS_PROXY: proxy.wsProxy,
    });
    expect(behindProxy).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(behindProxy)).toBe(true);
    const noProxy = await failureOf({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      NEON_WS_PROXY: `127.0.0.1:${port}/v1`,
    });
    expect(noProxy).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(noProxy)).toBe(true);
  });

  it('is an outage, within the connect timeout, when the database is a black hole (accepts, never answers)', async () => {
    const held: Socket[] = [];
    const hole = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    stops.push(async () => {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => hole.close(resolve));
    });
    const { port } = hole.address() as AddressInfo;
    // Without the pool's connect timeout this would wait for ever (the test's own timeout).
    const failure = await failureOf({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      NEON_WS_PROXY: `127.0.0.1:${port}/v1`,
    });
    expect(isDatabaseUnavailable(failure)).toBe(true);
  });

  it('is no outage when Postgres answers and refuses the statement', async () => {
    const postgres = await startEmbeddedPostgres();
    stops.push(postgres.stop);
    const target = new URL(postgres.url);
    const proxy = await startNeonProxy({ host: target.hostname, port: Number(target.port) });
    stops.push(proxy.stop);
    const refused = await failureOf(
      { DATABASE_URL: postgres.url, NEON_WS_PROXY: proxy.wsProxy },
      sql`select ${'not a number'}::int`,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(refused)).toBe(false);
  });
});
