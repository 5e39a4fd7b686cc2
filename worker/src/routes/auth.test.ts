import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';
import { signedInClient, testClient, testEnv } from '../testing/client.ts';
import { ipIdentifier, LOGIN_BUDGETS, loginLimiterFor } from '../cache/rate-limit.ts';
import { openRedis } from '../cache/redis.ts';
import { spendBudget } from '../testing/budgets.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());

function uniqueName(prefix = 'ada') {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

describe('POST /api/auth/register', () => {
  it('creates the account, stores a salted PBKDF2 hash and signs in with an HttpOnly, Secure, SameSite cookie', async () => {
    const client = testClient();
    const username = uniqueName();
    const response = await client.post('/api/auth/register', {
      username: username.toUpperCase(),
      email: `${username}@Example.com`,
      password: 'correct horse battery',
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ username, email: `${username}@example.com` });
    expect(response.text).not.toContain('pbkdf2');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^chimera_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const [stored] = await db.select().from(users).where(eq(users.username, username));
    expect(stored?.passwordHash).toMatch(/^pbkdf2-sha512\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(username);
  });

  it('gives two accounts with the same password different hashes', async () => {
    const first = await signedInClient();
    const second = await signedInClient();
    const rows = await db
      .select({ hash: users.passwordHash, id: users.id })
      .from(users)
      .where(eq(users.id, first.user.id));
    const others = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, second.user.id));
    expect(rows[0]?.hash).not.toBe(others[0]?.hash);
  });

  it('answers 409 for a taken username or email', async () => {
    const existing = await signedInClient();
    const client = testClient();
    const sameName = await client.post('/api/auth/register', {
      username: existing.user.username,
      email: `${uniqueName()}@example.com`,
      password: 'correct horse battery',
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe('username_taken');
    const sameEmail = await client.post('/api/auth/register', {
      username: uniqueName(),
      email: `${existing.user.username}@example.com`,
      password: 'correct horse battery',
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('email_taken');
  });

  it.each([
    [
      'a short username',
      { username: 'ab', email: 'ab@example.com', password: 'correct horse battery' },
      'json.username',
    ],
    [
      'a username with spaces',
      { username: 'a b c', email: 'abc@example.com', password: 'correct horse battery' },
      'json.username',
    ],
    ['a bad email', { username: 'valid-name', email: 'not-an-email', password: 'correct horse battery' }, 'json.email'],
    ['a short password', { username: 'valid-name', email: 'v@example.com', password: 'short' }, 'json.password'],
    [
      'an unknown field',
      { username: 'valid-name', email: 'v@example.com', password: 'correct horse battery', admin: true },
      'json',
    ],
    ['a missing field', { username: 'valid-name', password: 'correct horse battery' }, 'json.email'],
  ])('rejects %s with 400 validation_failed naming the field', async (_, body, path) => {
    const response = await testClient().post('/api/auth/register', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('rejects malformed JSON, a non-JSON body and an oversized body with a 4xx code', async () => {
    const client = testClient();
    const malformed = await client.request('POST', '/api/auth/register', {
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const form = await client.request('POST', '/api/auth/register', {
      body: 'username=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
    const huge = await client.post('/api/auth/register', {
      username: 'big-body',
      email: 'big@example.com',
      password: 'x'.repeat(40_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });
});

describe('POST /api/auth/login', () => {
  it('signs in by username or email and opens a separate session each time', async () => {
    const account = await signedInClient();
    const byName = testClient();
    const response = await byName.post('/api/auth/login', {
      login: account.user.username,
      password: 'correct horse battery',
    });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(account.user.id);
    const byEmail = testClient();
    expect(
      (
        await byEmail.post('/api/auth/login', {
          login: `${account.user.username}@example.com`,
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(200);
    const open = await db.select().from(sessions).where(eq(sessions.userId, account.user.id));
    expect(open).toHaveLength(3);
    expect(open.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true);
    expect(open.some((row) => byName.cookie?.endsWith(row.id))).toBe(false);
  });

  it('answers the same 401 for a wrong password and an unknown account', async () => {
    const account = await signedInClient();
    const wrong = await testClient().post('/api/auth/login', {
      login: account.user.username,
      password: 'not the password',
    });
    const unknown = await testClient().post('/api/auth/login', {
      login: uniqueName('nobody'),
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('rejects an empty password with 400', async () => {
    const response = await testClient().post('/api/auth/login', { login: 'someone', password: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('answers 429 with Retry-After once the anonymous write budget of the IP is spent', async () => {
    const client = testClient();
    await spendBudget('write', 'anonymous', ipIdentifier(client.ip));
    const response = await client.post('/api/auth/login', { login: 'someone', password: 'whatever-password' });
    expect(response.status).toBe(429);
    expect(response.body.error).toMatchObject({ code: 'rate_limited', details: { budget: 'write' } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('login throttling', () => {
  it('counts attempts per IP whatever session cookie they carry: 429 with Retry-After from a spent IP', async () => {
    const client = await signedInClient();
    await spendLogin('ip', ipIdentifier(client.ip));
    const response = await client.post('/api/auth/login', {
      login: uniqueName('target'),
      password: 'not the password',
    });
    expect(response.status).toBe(429);
    expect(response.body.error).toMatchObject({ code: 'rate_limited', details: { budget: 'login' } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('counts attempts per target account across addresses: once spent, even the right password from a fresh IP waits', async () => {
    const account = await signedInClient();
    for (let attempt = 0; attempt < LOGIN_BUDGETS.account.limit; attempt += 1) {
      const response = await testClient().post('/api/auth/login', {
        login: account.user.username.toUpperCase(),
        password: 'not the password',
      });
      expect(response.status).toBe(401);
    }
    const refused = await testClient().post('/api/auth/login', {
      login: account.user.username,
      password: 'correct horse battery',
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another account from the same kind of fresh address is not held back.
    const other = await signedInClient();
    expect(
      (await testClient().post('/api/auth/login', { login: other.user.username, password: 'correct horse battery' }))
        .status,
    ).toBe(200);
  });
});

/** Spends a login budget of `identifier` in one call, through the limiter the route uses. */
async function spendLogin(kind: keyof typeof LOGIN_BUDGETS, identifier: string) {
  const redis = openRedis({
    UPSTASH_REDIS_REST_URL: testEnv.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: testEnv.UPSTASH_REDIS_REST_TOKEN,
  });
  await loginLimiterFor(kind, redis).limit(identifier, { rate: LOGIN_BUDGETS[kind].limit });
}

describe('POST /api/auth/logout', () => {
  it('revokes the session: the old cookie no longer signs in', async () => {
    const client = await signedInClient();
    const stolen = client.cookie;
    const response = await client.post('/api/auth/logout');
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/chimera_session=;.*Max-Age=0/i);
    expect(await db.select().from(sessions).where(eq(sessions.userId, client.user.id))).toHaveLength(0);
    const replay = testClient();
    replay.cookie = stolen;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('is refused without an allowed Origin when it carries the cookie (CSRF)', async () => {
    const client = await signedInClient();
    const foreign = await client.request('POST', '/api/auth/logout', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_rejected');
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('answers 204 without a session', async () => {
    expect((await testClient().post('/api/auth/logout')).status).toBe(204);
  });
});

describe('GET /api/auth/session', () => {
  it('answers 200 with null for an anonymous or forged cookie, so the web app logs no error, and the user when signed in', async () => {
    const anonymous = await testClient().get('/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ user: null });
    const forged = testClient();
    forged.cookie = `chimera_session=${'A'.repeat(43)}`;
    expect((await forged.get('/api/auth/session')).body).toEqual({ user: null });
    const client = await signedInClient();
    const signedIn = await client.get('/api/auth/session');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).toBe(client.user.id);
  });
});

describe('GET /api/auth/me', () => {
  it('answers 401 unauthenticated without a cookie and with a forged one', async () => {
    const anonymous = await testClient().get('/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
    const forged = testClient();
    forged.cookie = `chimera_session=${'A'.repeat(43)}`;
    expect((await forged.get('/api/auth/me')).status).toBe(401);
  });

  it('answers 401 once the session has expired', async () => {
    const client = await signedInClient();
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, client.user.id));
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('answers 429 with Retry-After once the user read budget is spent', async () => {
    const client = await signedInClient();
    await spendBudget('read', 'user', `user:${client.user.id}`);
    const response = await client.get('/api/auth/me');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
