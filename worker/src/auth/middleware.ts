/** The session middleware (sets `c.var.user`) and the guard of signed-in routes. */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, SessionUser } from '../env.ts';
import { ApiError } from '../errors.ts';
import { hasSessionCookie, readSession } from './sessions.ts';

/** Resolves the session cookie, if any, into `c.var.user`. */
export function session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', hasSessionCookie(c) ? await readSession(c) : null);
    await next();
  };
}

/** Route middleware: anonymous requests stop here with 401, before their input is validated. */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};

/** The signed-in user, or a 401 `unauthenticated`. */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const { user } = c.var;
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return user;
}
