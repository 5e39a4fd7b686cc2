/**
 * Who is an admin: an account the operator marked (`users.is_admin`, set by
 * `npm run admin:grant -- <username>` against DATABASE_URL); and, on a
 * development server reached on loopback only, the first account ever
 * registered (by creation time, then id) and the usernames in
 * ADMIN_USERNAMES, so `npm run dev` needs no command.
 * Nothing a visitor can do makes an admin: no username is reserved for one,
 * and no race to register first exists on a deployment. Admins may read
 * `/api/admin/*`; everyone else signed in gets 403 `not_admin`.
 */
import { asc, eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import type { AppEnv, Services } from '../env.ts';
import { ApiError } from '../errors.ts';
import { requireUser } from './middleware.ts';
import { isLoopbackUrl } from './secret-key.ts';

/** The first account's id; accounts are never re-created with an earlier time, so once known it holds for the isolate. */
let firstAccountId: string | undefined;

/** True when the account is an admin: marked by the operator, or (loopback development server only) first or named in ADMIN_USERNAMES. */
export async function isAdmin(
  services: Services,
  requestUrl: string,
  account: { id: string; username: string; isAdmin?: boolean },
): Promise<boolean> {
  const marked =
    account.isAdmin ??
    (await services.db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, account.id)).limit(1))[0]
      ?.isAdmin;
  if (marked) return true;
  if (!isLoopbackUrl(requestUrl)) return false;
  if (services.config.ADMIN_USERNAMES.includes(account.username.toLowerCase())) return true;
  if (firstAccountId === undefined) {
    const [first] = await services.db
      .select({ id: users.id })
      .from(users)
      .orderBy(asc(users.createdAt), asc(users.id))
      .limit(1);
    if (!first) return false;
    firstAccountId = first.id;
  }
  return firstAccountId === account.id;
}

/** Marks the account `username` (case-insensitive) an admin; false when there is no such account. */
export async function grantAdmin(db: Database, username: string): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ isAdmin: true })
    .where(eq(users.username, username.trim().toLowerCase()))
    .returning({ id: users.id });
  return updated.length > 0;
}

/** The signed-in admin, or 401 `unauthenticated` / 403 `not_admin`. */
export async function requireAdmin(c: Context<AppEnv>): Promise<void> {
  const user = requireUser(c);
  if (!(await isAdmin(c.var.services, c.req.url, user))) {
    throw new ApiError(
      403,
      'not_admin',
      'Only admins may see this: the operator grants it with `npm run admin:grant -- <username>`.',
    );
  }
}

/** Route middleware: only admins pass, before any input is validated. */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  await requireAdmin(c);
  await next();
};
