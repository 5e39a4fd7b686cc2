/** `/api/auth`: register, login, logout and me, with sessions in an HttpOnly cookie (auth/sessions.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { eq, or } from 'drizzle-orm';
import { isAdmin } from '../auth/admin.ts';
import { requireUser } from '../auth/middleware.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../auth/password.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import { throttleLogin } from '../cache/rate-limit.ts';
import { ACCOUNT_LIMITS, USERNAME_PATTERN } from '../contract/index.ts';
import { users } from '../db/schema/index.ts';
import type { Services } from '../env.ts';
import { ApiError } from '../errors.ts';
import { plainText } from '../text-schema.ts';
import { documentedRoutes, errorResponses, jsonBody, jsonResponse, SESSION_SECURITY } from './openapi.ts';

const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    USERNAME_PATTERN,
    `must be ${ACCOUNT_LIMITS.username.min} to ${ACCOUNT_LIMITS.username.max} letters, digits, _ or -`,
  );

const { password } = ACCOUNT_LIMITS;
const PasswordSchema = z
  .string()
  .min(password.min, `must be at least ${password.min} characters`)
  .max(password.max, `must be at most ${password.max} characters`);

const RegisterSchema = z
  .object({
    username: UsernameSchema,
    email: z.email().max(ACCOUNT_LIMITS.email.max).toLowerCase(),
    password: PasswordSchema,
  })
  .strict()
  .openapi('Register', { example: { username: 'ada', email: 'ada@example.com', password: 'correct horse battery' } });

const LoginSchema = z
  .object({
    /** A username or an email address. */
    login: plainText(ACCOUNT_LIMITS.login.min, ACCOUNT_LIMITS.login.max).toLowerCase(),
    password: z.string().min(1).max(password.max),
  })
  .strict()
  .openapi('Login', { example: { login: 'ada', password: 'correct horse battery' } });

const UserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string(),
    createdAt: z.string(),
    /** May open the admin dashboard (auth/admin.ts). */
    isAdmin: z.boolean(),
  })
  .openapi('User');

const UserBodySchema = z.object({ user: UserSchema }).openapi('UserBody');

/** The answer of register and login alike. */
const SIGNED_IN = jsonResponse(UserBodySchema, 'Signed in: the session cookie is set.');

type UserRow = Pick<typeof users.$inferSelect, 'id' | 'username' | 'email' | 'createdAt' | 'isAdmin'>;

const register = createRoute({
  method: 'post',
  path: '/register',
  summary: 'Create an account and sign in',
  tags: ['auth'],
  request: { body: jsonBody(RegisterSchema) },
  responses: {
    201: SIGNED_IN,
    ...errorResponses(400, 403, 409, 413, 415, 429),
  },
});

const login = createRoute({
  method: 'post',
  path: '/login',
  summary: 'Sign in with a username or email and a password',
  tags: ['auth'],
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: SIGNED_IN,
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  summary: 'Sign out: the session is revoked and the cookie cleared',
  tags: ['auth'],
  responses: { 204: { description: 'Signed out (also when no session was open).' }, ...errorResponses(403, 429) },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in user',
  tags: ['auth'],
  security: SESSION_SECURITY,
  responses: { 200: jsonResponse(UserBodySchema, 'The signed-in user.'), ...errorResponses(401, 429) },
});

/** The session check of the web app: 200 for everyone, so an anonymous page load logs no 401. */
const session = createRoute({
  method: 'get',
  path: '/session',
  summary: 'Who is signed in: the user, or null for an anonymous caller',
  tags: ['auth'],
  responses: {
    200: jsonResponse(z.object({ user: UserSchema.nullable() }).openapi('SessionBody'), 'The signed-in user, or null.'),
    ...errorResponses(429),
  },
});

export const auth = documentedRoutes()
  .openapi(register, async (c) => {
    const { username, email, password } = c.req.valid('json');
    const { services } = c.var;
    await assertAvailable(services, username, email);
    const passwordHash = await hashPassword(password);
    const [created] = await services.db
      .insert(users)
      .values({ username, email, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ApiError(409, 'account_exists', 'That username or email is already registered.');
    await startSession(c, created.id);
    return c.json({ user: await toUser(services, c.req.url, created) }, 201);
  })
  .openapi(login, async (c) => {
    const { login: name, password } = c.req.valid('json');
    await throttleLogin(c, name);
    const [account] = await c.var.services.db
      .select()
      .from(users)
      .where(or(eq(users.username, name), eq(users.email, name)))
      .limit(1);
    const valid = account?.passwordHash
      ? await verifyPassword(password, account.passwordHash)
      : await verifyAgainstDecoy(password);
    if (!account || !valid) throw new ApiError(401, 'invalid_credentials', 'Wrong username, email or password.');
    await startSession(c, account.id);
    return c.json({ user: await toUser(c.var.services, c.req.url, account) }, 200);
  })
  .openapi(logout, async (c) => {
    await endSession(c, c.var.user);
    return c.body(null, 204);
  })
  .openapi(me, async (c) => {
    const user = requireUser(c);
    const [account] = await c.var.services.db.select().from(users).where(eq(users.id, user.id)).limit(1);
    if (!account) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
    return c.json({ user: await toUser(c.var.services, c.req.url, account) }, 200);
  })
  .openapi(session, async (c) => {
    const user = c.var.user;
    const [account] = user ? await c.var.services.db.select().from(users).where(eq(users.id, user.id)).limit(1) : [];
    return c.json({ user: account ? await toUser(c.var.services, c.req.url, account) : null }, 200);
  });

async function assertAvailable(services: Services, username: string, email: string) {
  const taken = await services.db
    .select({ username: users.username, email: users.email })
    .from(users)
    .where(or(eq(users.username, username), eq(users.email, email)));
  if (taken.some((row) => row.username === username))
    throw new ApiError(409, 'username_taken', `The username "${username}" is taken.`);
  if (taken.length > 0) throw new ApiError(409, 'email_taken', 'That email address is already registered.');
}

async function toUser(services: Services, requestUrl: string, row: UserRow) {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    createdAt: (row.createdAt ?? new Date(0)).toISOString(),
    isAdmin: await isAdmin(services, requestUrl, row),
  };
}
