/**
 * Sessions: a random 32-byte token in an HttpOnly, Secure, SameSite=Strict
 * cookie; the `sessions` row is keyed by its HMAC under SECRET_KEY. Logout
 * deletes the row and its Redis copy, so a copied cookie stops working at
 * once. The copy in Redis (SESSION_CACHE_SECONDS) spares Postgres a lookup
 * per request, so a reconnect storm of signed-in viewers, or a Postgres
 * outage, does not stop them being recognised.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { tryRedis } from '../cache/redis-guard.ts';
import { sessions, users } from '../db/schema/index.ts';
import type { AppEnv, SessionUser } from '../env.ts';
import { hmacHex, secretKey } from './secret-key.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'chimera_session';

/** Sessions last 30 days from sign-in. */
const SESSION_SECONDS = 30 * 24 * 60 * 60;

/** Tokens are 43 base64url characters; anything else is not worth a lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * How long Redis keeps a session's copy: long enough that a viewer who only
 * watched for a while is still known when their socket reconnects; bounded,
 * because a logout while Redis is unreachable cannot drop the copy.
 */
export const SESSION_CACHE_SECONDS = 3600;

const cachedSessionSchema = z.object({ id: z.uuid(), username: z.string(), expiresAt: z.number() }).strict();

const cacheKey = (sessionId: string) => `cache:session:${sessionId}`;

/** Opens a session for `userId` and sets its cookie. */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_SECONDS * 1000);
  await c.var.services.db.insert(sessions).values({ id: await sessionId(c, token), userId, expiresAt });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_SECONDS,
  });
}

/** The signed-in user of the request's cookie, or null (no cookie, unknown, expired or revoked). */
export async function readSession(c: Context<AppEnv>): Promise<SessionUser | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token === undefined || !TOKEN_PATTERN.test(token)) return null;
  const id = await sessionId(c, token);
  const { services } = c.var;
  const cached = await tryRedis(services, (redis) => redis.get<unknown>(cacheKey(id)));
  const copy = cached.ok ? cachedSessionSchema.safeParse(cached.value) : undefined;
  if (copy?.success && copy.data.expiresAt > Date.now())
    return { id: copy.data.id, username: copy.data.username, sessionId: id };
  const [row] = await services.db
    .select({ id: users.id, username: users.username, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row) return null;
  const expiresAt = row.expiresAt.getTime();
  const seconds = Math.min(SESSION_CACHE_SECONDS, Math.floor((expiresAt - Date.now()) / 1000));
  if (cached.ok && seconds > 0) {
    const value = JSON.stringify({ id: row.id, username: row.username, expiresAt });
    await tryRedis(services, (redis) => redis.set(cacheKey(id), value, { ex: seconds }));
  }
  return { id: row.id, username: row.username, sessionId: id };
}

/** Deletes the session row (revoking it everywhere) and clears the cookie. */
export async function endSession(c: Context<AppEnv>, user: SessionUser | null): Promise<void> {
  if (user) {
    await c.var.services.db.delete(sessions).where(eq(sessions.id, user.sessionId));
    await tryRedis(c.var.services, (redis) => redis.del(cacheKey(user.sessionId)));
  }
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
}

/** True when the request carries a session cookie at all (valid or not). */
export function hasSessionCookie(c: Context): boolean {
  return getCookie(c, SESSION_COOKIE) !== undefined;
}

async function sessionId(c: Context<AppEnv>, token: string): Promise<string> {
  return hmacHex(await secretKey(c.var.services.config, c.req.url), token);
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
