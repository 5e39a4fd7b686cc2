/**
 * `npm run dev` as a newcomer runs it: the whole app on embedded defaults (or
 * on TEST_DATABASE_URL / REDIS_URL when CI sets them), served at the printed
 * URL, stopped cleanly by Ctrl-C; bad configuration refused by name; and
 * what a dev killed hard leaves running ended by the next start.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../worker/src/db/client.ts';
import { API_CONTENT_SECURITY_POLICY, APP_CONTENT_SECURITY_POLICY } from '../worker/src/security/headers.ts';
import { groupAlive } from './stack/dev-processes.ts';
import { startNeonProxy } from './stack/neon-proxy.ts';
import { freePort, startDev as startDevProcess } from './test/dev-process.ts';

const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(`${tmpdir()}/chimera-dev-`);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startDev(env: Record<string, string>) {
  return startDevProcess({ CHIMERA_DATA_DIR: dataDir, ...env });
}

describe('npm run dev', { timeout: 150_000 }, () => {
  it('serves the shell and a healthy API at the printed URL, and stops every child on Ctrl-C', async () => {
    const port = await freePort();
    const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
    // Its web build is its own, in the data dir: web/dist (npm run build's, which another dev may be serving) stays as it was.
    mkdirSync(join(root, 'web/dist'), { recursive: true });
    const marker = join(root, 'web/dist', `dev-test-${process.pid}`);
    writeFileSync(marker, '');
    onTestFinished(() => rmSync(marker, { force: true }));
    const dev = startDev({ PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? '' });
    const [, url] = await dev.waitFor(/Chimera is running at (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(join(dataDir, 'web/index.html'))).toBe(true);

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'ok' }, redis: { status: 'ok' } });
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const shell = await page.text();
    expect(shell).toContain('<div id="root">');
    // Written whole before wrangler started: the shell's own script is there.
    const script = shell.match(/<script type="module" crossorigin src="([^"]+)"/)?.[1] ?? '';
    expect((await fetch(`${url}${script}`)).status).toBe(200);
    // The static assets carry the app's policy through the build's _headers; the API its own.
    expect(page.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('content-security-policy')).toBe(API_CONTENT_SECURITY_POLICY);
    // Without SECRET_KEY, sessions work on localhost with the development key.
    const username = `dev-${Date.now()}`;
    const registered = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: 'correct horse battery' }),
    });
    expect(registered.status).toBe(201);
    const me = await fetch(`${url}/api/auth/me`, {
      headers: { cookie: (registered.headers.get('set-cookie') ?? '').split(';')[0] ?? '' },
    });
    expect(await me.json()).toMatchObject({ user: { username } });
    const deepLink = await fetch(`${url}/rooms/some-room`, { headers: { 'sec-fetch-mode': 'navigate' } });
    expect(await deepLink.text()).toContain('<div id="root">');

    if (databaseUrl) {
      // Rows land in the configured Postgres: the migration journal is there.
      const proxy = await startNeonProxy({
        host: new URL(databaseUrl).hostname,
        port: Number(new URL(databaseUrl).port || 5432),
      });
      const { db, close } = openDatabase({ DATABASE_URL: databaseUrl, NEON_WS_PROXY: proxy.wsProxy });
      const journal = await db.execute<{ count: string }>(sql`select count(*) from drizzle.__drizzle_migrations`);
      expect(Number(journal.rows[0]?.count)).toBeGreaterThan(0);
      await close();
      await proxy.stop();
    }

    dev.interrupt();
    expect([0, 'SIGINT']).toContain(await dev.exited);
    // dev prints this only once every child (vite, wrangler, workerd) has exited and the stack is down.
    expect(dev.output()).toContain('[dev] stopped.');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('ends the children a dev killed with SIGKILL left running, so the next start gets its port', async () => {
    const port = await freePort();
    const first = startDev({ PORT: String(port) });
    await first.waitFor(/Chimera is running at/, 90_000);
    const { groups } = z
      .object({ groups: z.array(z.int()) })
      .parse(JSON.parse(readFileSync(`${dataDir}/dev-processes.json`, 'utf8')));
    expect(groups).toHaveLength(2);
    const alive = () => groups.filter(groupAlive);
    let second: ReturnType<typeof startDev> | undefined;
    try {
      // The whole npm process group at once, as a closed terminal or an OOM kill would: dev gets no chance to clean up.
      process.kill(-first.child.pid!, 'SIGKILL');
      await first.exited;
      // vite, wrangler and workerd outlive it in their own groups, holding the port...
      expect(alive().length).toBeGreaterThan(0);

      // ...until the next start ends them and serves on that very port.
      second = startDev({ PORT: String(port) });
      await second.waitFor(/Chimera is running at/, 90_000);
      expect(second.output()).toMatch(/ended \d process group\(s\) left running by an earlier npm run dev/);
      expect(alive()).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      second.interrupt();
      expect([0, 'SIGINT']).toContain(await second.exited);
      expect(second.output()).toContain('[dev] stopped.');
    } finally {
      for (const group of alive()) process.kill(-group, 'SIGKILL');
      second?.interrupt();
      await second?.exited;
    }
  });

  it('refuses a malformed DATABASE_URL with a message naming it, not a stack trace', async () => {
    const dev = startDev({ PORT: String(await freePort()), DATABASE_URL: 'postgres//oops' });
    expect(await dev.exited).toBe(1);
    expect(dev.output()).toContain('[dev] Configuration error: DATABASE_URL is not a valid postgres:// URL');
    expect(dev.output()).not.toMatch(/^\s+at /m);
  });

  it('falls back to memory, saying so, when REDIS_URL does not answer', async () => {
    const port = await freePort();
    const dev = startDev({ PORT: String(port), REDIS_URL: 'redis://127.0.0.1:9' });
    await dev.waitFor(/Chimera is running at/, 90_000);
    expect(dev.output()).toContain('REDIS_URL (redis://127.0.0.1:9) did not answer');
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toMatchObject({ redis: { status: 'ok' } });
    dev.interrupt();
    expect([0, 'SIGINT']).toContain(await dev.exited);
    expect(dev.output()).toContain('[dev] stopped.');
  });
});
