/**
 * Who is an admin: the first account ever registered (by creation time, then
 * id) and every username listed in ADMIN_USERNAMES. Admins may read
 * `/api/admin/*`; everyone else signed in gets 403 `not_admin`.
 */
import { asc } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { users } from '../db/schema/index.ts';
import type { AppEnv, Services } from '../env.ts';
import { ApiError } from '../errors.ts';
import { requireUser } from './middleware.ts';

/** The first account's id; accounts are never re-created with an earlier time, so once known it holds for the isolate. */
let firstAccountId: string | undefined;

/** True when `user` is an admin under `services.config`. */
export async function isAdmin(services: Services, user: { id: string; username: string }): Promise<boolean> {
  if (services.config.ADMIN_USERNAMES.includes(user.username.toLowerCase())) return true;
  if (firstAccountId === undefined) {
    const [first] = await services.db.select({ id: users.id }).from(users).orderBy(asc(users.createdAt), asc(users.id)).limit(1);
    if (!first) return false;
    firstAccountId = first.id;
  }
  return firstAccountId === user.id;
}

/** The signed-in admin, or 401 `unauthenticated` / 403 `not_admin`. */
export async function requireAdmin(c: Context<AppEnv>): Promise<void> {
  const user = requireUser(c);
  if (!(await isAdmin(c.var.services, user))) throw new ApiError(403, 'not_admin', 'Only admins may see this: the first account, or one named in ADMIN_USERNAMES.');
}

/** Route middleware: only admins pass, before any input is validated. */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  await requireAdmin(c);
  await next();
};
