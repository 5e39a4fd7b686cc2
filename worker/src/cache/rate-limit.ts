/**
 * Rate limits with @upstash/ratelimit: one sliding-window budget per kind of
 * request (reads, writes, conversation creation, interjections, WebSocket
 * connects), counted per user when signed in and per IP otherwise; and login
 * attempts, counted per IP whatever the cookie and per target account. When Redis
 * does not answer, the same budgets are counted in this isolate's memory
 * (local-limiter.ts): limits stay on, only no longer shared between isolates.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis/cloudflare';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { consumeLocally } from './local-limiter.ts';
import { tryRedis } from './redis-guard.ts';

/** The separate budgets: the API's requests, and the audience's frames in a room (room/audience-budget.ts). */
export type Budget = 'read' | 'write' | 'create' | 'interject' | 'connect' | AudienceBudget;

/** The budgets of the audience's frames, counted by the room itself, per viewer. */
export type AudienceBudget = 'react' | 'vote' | 'suggest' | 'upvote' | 'pick';

/** Who is counted: a signed-in user, or an anonymous IP. */
export type Caller = 'user' | 'anonymous';

/** A budget: `limit` requests per sliding `windowSeconds`. */
export interface Rule {
  limit: number;
  windowSeconds: number;
}

/** Every budget, per kind of caller. Anonymous callers cannot create or interject (401), but are still counted. */
export const BUDGETS: Record<Budget, Record<Caller, Rule>> = {
  read: { anonymous: { limit: 120, windowSeconds: 60 }, user: { limit: 300, windowSeconds: 60 } },
  write: { anonymous: { limit: 20, windowSeconds: 60 }, user: { limit: 60, windowSeconds: 60 } },
  create: { anonymous: { limit: 10, windowSeconds: 3600 }, user: { limit: 10, windowSeconds: 3600 } },
  interject: { anonymous: { limit: 10, windowSeconds: 60 }, user: { limit: 10, windowSeconds: 60 } },
  connect: { anonymous: { limit: 30, windowSeconds: 60 }, user: { limit: 60, windowSeconds: 60 } },
  // The audience's frames: anonymous viewers only react; the others answer sign_in_required before counting.
  react: { anonymous: { limit: 10, windowSeconds: 30 }, user: { limit: 10, windowSeconds: 30 } },
  vote: { anonymous: { limit: 10, windowSeconds: 10 }, user: { limit: 10, windowSeconds: 10 } },
  suggest: { anonymous: { limit: 3, windowSeconds: 60 }, user: { limit: 3, windowSeconds: 60 } },
  upvote: { anonymous: { limit: 20, windowSeconds: 60 }, user: { limit: 20, windowSeconds: 60 } },
  pick: { anonymous: { limit: 10, windowSeconds: 60 }, user: { limit: 10, windowSeconds: 60 } },
};

/**
 * Login attempts (OWASP ASVS 2.2.1): per client address, whatever session
 * cookie the request carries, and per target account, so that neither a
 * cookie nor many addresses lift the limit. Every attempt counts, so a flood
 * against one account also holds back its owner until the window passes.
 */
export const LOGIN_BUDGETS = {
  ip: { limit: 10, windowSeconds: 60 },
  account: { limit: 10, windowSeconds: 900 },
} as const satisfies Record<string, Rule>;

/** The verdict on one request. */
export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window frees up. */
  resetAt: number;
  /** `redis` normally; `local` while Redis is down. */
  counter: 'redis' | 'local';
}

/** Identifiers already over a budget, per budget: blocked without a Redis round trip until their reset. */
const blocked = new Map<string, Map<string, number>>();

/** The Upstash limiter of one budget (tests use it to spend a budget in one call). */
export function limiterFor(budget: Budget, caller: Caller, redis: Redis): Ratelimit {
  return limiterOf(`ratelimit:${budget}:${caller}`, BUDGETS[budget][caller], redis);
}

/** The Upstash limiter of one login budget. */
export function loginLimiterFor(kind: keyof typeof LOGIN_BUDGETS, redis: Redis): Ratelimit {
  return limiterOf(`ratelimit:login:${kind}`, LOGIN_BUDGETS[kind], redis);
}

function limiterOf(prefix: string, rule: Rule, redis: Redis): Ratelimit {
  let cache = blocked.get(prefix);
  if (!cache) {
    cache = new Map();
    blocked.set(prefix, cache);
  }
  // timeout 0: tryRedis bounds the call and falls back to counting locally, instead of letting the request through.
  return new Ratelimit({
    redis,
    prefix,
    limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowSeconds} s`),
    ephemeralCache: cache,
    timeout: 0,
    analytics: false,
  });
}

/** Who a request counts against: `user:<id>` or `ip:<address>` (IPv6 by its /64, which one client holds whole). */
export function callerOf(c: Context<AppEnv>): { caller: Caller; identifier: string } {
  const { user } = c.var;
  if (user) return { caller: 'user', identifier: `user:${user.id}` };
  return { caller: 'anonymous', identifier: clientIpIdentifier(c) };
}

/** The identifier of the request's client address, whoever is signed in. */
export function clientIpIdentifier(c: Context<AppEnv>): string {
  return ipIdentifier(c.req.header('cf-connecting-ip') ?? 'unknown');
}

/** The identifier an anonymous caller's address counts as. */
export function ipIdentifier(address: string): string {
  return `ip:${networkOf(address)}`;
}

/** Counts one request against `budget`. */
export async function consume(c: Context<AppEnv>, budget: Budget): Promise<LimitResult> {
  const { caller, identifier } = callerOf(c);
  return count(c, `${budget}:${caller}`, BUDGETS[budget][caller], identifier, (redis) =>
    limiterFor(budget, caller, redis),
  );
}

/** Counts one login attempt at `login` (a username or email, as typed) against both login budgets; 429 when either is spent. */
export async function throttleLogin(c: Context<AppEnv>, login: string): Promise<void> {
  const account = `account:${login.trim().toLowerCase()}`;
  const [byIp, byAccount] = await Promise.all([
    count(c, 'login:ip', LOGIN_BUDGETS.ip, clientIpIdentifier(c), (redis) => loginLimiterFor('ip', redis)),
    count(c, 'login:account', LOGIN_BUDGETS.account, account, (redis) => loginLimiterFor('account', redis)),
  ]);
  for (const result of [byIp, byAccount]) if (!result.allowed) throw rateLimited('login', result);
}

async function count(
  c: Context<AppEnv>,
  key: string,
  rule: Rule,
  identifier: string,
  limiter: (redis: Redis) => Ratelimit,
): Promise<LimitResult> {
  const counted = await tryRedis(c.var.services, (redis) => limiter(redis).limit(identifier));
  if (counted.ok) {
    const { success, limit, remaining, reset } = counted.value;
    return { allowed: success, limit, remaining, resetAt: reset, counter: 'redis' };
  }
  return { ...consumeLocally(`${key}:${identifier}`, rule), counter: 'local' };
}

/** Middleware that spends one unit of `budget` (or of the budget `choose` picks) and answers 429 when it is spent. */
export function rateLimit(budget: Budget | ((c: Context<AppEnv>) => Budget | null)): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const chosen = typeof budget === 'function' ? budget(c) : budget;
    if (chosen !== null) {
      const result = await consume(c, chosen);
      if (!result.allowed) throw rateLimited(chosen, result);
    }
    await next();
  };
}

/** The 429 for a spent budget, with Retry-After in whole seconds (at least 1). */
export function rateLimited(budget: Budget | 'login', result: LimitResult): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil((result.resetAt - Date.now()) / 1000));
  return new ApiError(
    429,
    'rate_limited',
    `Too many ${budget} requests; try again in ${retryAfterSeconds} s.`,
    { budget, limit: result.limit, retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

function networkOf(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
