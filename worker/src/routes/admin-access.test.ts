import { env } from 'cloudflare:workers';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAdmin } from '../auth/admin.ts';
import { openDatabase } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { readConfig } from '../env.ts';
import { adminClient, grantAdmin, type AdminClient } from '../testing/admin.ts';
import { signedInClient, testClient, testEnv } from '../testing/client.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

let admin: AdminClient;
beforeAll(async () => {
  admin = await adminClient();
});

const asAdmin = (path: string) => admin.asAdmin(path);

describe('who is an admin', () => {
  it('is an account the operator granted, and /api/auth/me says so', async () => {
    expect((await asAdmin('/api/auth/me')).body.user).toMatchObject({ username: admin.user.username, isAdmin: true });
    const other = await signedInClient('viewer');
    expect((await other.get('/api/auth/me')).body.user.isAdmin).toBe(false);
    expect((await other.get('/api/admin/stats')).status).toBe(403);
    await grantAdmin(other.user.username);
    expect((await other.get('/api/auth/me')).body.user.isAdmin).toBe(true);
    expect((await other.get('/api/admin/stats')).status).toBe(200);
  });

  it('is never a username named in ADMIN_USERNAMES that someone registers on a deployment', async () => {
    const squatter = await signedInClient('squatter');
    const env = { ADMIN_USERNAMES: squatter.user.username };
    expect((await squatter.get('/api/auth/me', { env })).body.user.isAdmin).toBe(false);
    expect((await squatter.get('/api/admin/stats', { env })).status).toBe(403);
  });

  it('is the first account ever registered, or one in ADMIN_USERNAMES, on a loopback development server only', async () => {
    const [first] = await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).limit(1);
    const other = await signedInClient('viewer');
    const services = {
      config: readConfig({ ...testEnv, ADMIN_USERNAMES: 'named-one' }),
      db,
      redis: undefined as never,
    };
    const firstAccount = { ...first!, isAdmin: false };
    expect(await isAdmin(services, 'http://127.0.0.1:8787/api/auth/me', firstAccount)).toBe(true);
    expect(await isAdmin(services, 'http://localhost:8787/api/auth/me', { ...other.user, username: 'Named-One' })).toBe(
      true,
    );
    expect(await isAdmin(services, 'http://127.0.0.1:8787/api/auth/me', other.user)).toBe(false);
    expect(await isAdmin(services, 'https://chimera.example/api/auth/me', firstAccount)).toBe(false);
    expect(
      await isAdmin(services, 'https://chimera.example/api/auth/me', { ...other.user, username: 'named-one' }),
    ).toBe(false);
  });

  it('answers 401 to anonymous callers and 403 not_admin to signed-in non-admins', async () => {
    const anonymous = await testClient().get('/api/admin/stats');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
    const other = await signedInClient('viewer');
    const refused = await other.get('/api/admin/stats');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'not_admin', message: expect.stringContaining('admin:grant') });
  });

  it("answers with the request's id: Cloudflare's cf-ray when present, else a new one", async () => {
    const traced = await admin.get('/api/admin/stats?window=month', { headers: { 'cf-ray': '8f1c2d3e4a5b6c7d-AMS' } });
    expect(traced.headers.get('x-request-id')).toBe('8f1c2d3e4a5b6c7d-AMS');
    const fresh = [await admin.get('/api/auth/me'), await admin.get('/api/auth/me')].map((response) =>
      response.headers.get('x-request-id'),
    );
    expect(fresh[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh[1]).not.toBe(fresh[0]);
  });

  it('refuses an unknown window or a malformed end with 400', async () => {
    expect((await asAdmin('/api/admin/stats?window=month')).body.error.code).toBe('validation_failed');
    expect((await asAdmin('/api/admin/stats?until=yesterday')).status).toBe(400);
  });
});
