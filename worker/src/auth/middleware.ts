/** The session middleware (sets `c.var.user`) and the guard of signed-in routes. */
import type { Context, MiddlewareHandler } from 'hono';
import { databaseUnavailable, isDatabaseUnavailable } from '../db/availability.ts';
import type { AppEnv, SessionUser } from '../env.ts';
import { ApiError, errorClasses } from '../errors.ts';
import { hasSessionCookie, readSession } from './sessions.ts';

/** Requests whose session cookie could not be checked because Postgres was unreachable. */
const unverified = new WeakSet<Request>();

/**
 * Resolves the session cookie, if any, into `c.var.user`. While Postgres is
 * unreachable the request goes on as anonymous (what needs no account still
 * works: health, watching a public room) and `requireUser` answers 503.
 */
export function session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let user: SessionUser | null = null;
    if (hasSessionCookie(c)) {
      try {
        user = await readSession(c);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        unverified.add(c.req.raw);
        c.var.log.warn('session-unverified', { error: errorClasses(error) });
      }
    }
    c.set('user', user);
    await next();
  };
}

/** True when the request carries a session cookie that could not be checked (Postgres unreachable). */
export function sessionUnverified(c: Context<AppEnv>): boolean {
  return unverified.has(c.req.raw);
}

/** Route middleware: anonymous requests stop here with 401, before their input is validated. */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};

/** The signed-in user, or a 401 `unauthenticated` (503 `database_unavailable` when the session could not be checked). */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const { user } = c.var;
  if (user) return user;
  if (sessionUnverified(c)) throw databaseUnavailable();
  throw new ApiError(401, 'unauthenticated', 'Sign in first.');
}
