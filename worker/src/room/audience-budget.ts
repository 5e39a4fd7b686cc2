/**
 * The audience's budgets inside a room: each frame of a kind (react, vote,
 * suggest, upvote, pick) spends one unit of that budget (cache/rate-limit.ts
 * BUDGETS), per viewer: a signed-in user across all their sockets, an
 * anonymous viewer per socket. The room is the one place its frames arrive,
 * so it counts them in its own memory (cache/local-limiter.ts), without a
 * round trip to Redis on the way of a frame.
 */
import { type AudienceBudget, BUDGETS, type Caller } from '../cache/rate-limit.ts';
import { consumeLocally } from '../cache/local-limiter.ts';

/** A budget's verdict on one frame. */
export type BudgetVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

/** Spends one unit of `budget` for the viewer `identifier` (`user:<id>` or `socket:<id>`) in `room`. */
export function spendAudienceBudget(
  room: string,
  budget: AudienceBudget,
  caller: Caller,
  identifier: string,
  now = Date.now(),
): BudgetVerdict {
  const rule = BUDGETS[budget][caller];
  const result = consumeLocally(`room:${room}:${budget}:${identifier}`, rule, now);
  if (result.allowed) return { allowed: true };
  const retryAfterSeconds = Math.max(1, Math.ceil((result.resetAt - now) / 1000));
  return {
    allowed: false,
    retryAfterSeconds,
    message: `Too many ${budget} frames (${rule.limit} per ${rule.windowSeconds} s); try again in ${retryAfterSeconds} s.`,
  };
}
