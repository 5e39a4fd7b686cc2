/** Spends a whole rate-limit budget of an identifier in one call, through the same limiter the app uses. */
import { limiterFor, BUDGETS, type Budget, type Caller } from '../cache/rate-limit.ts';
import { openRedis } from '../cache/redis.ts';
import { testEnv } from './client.ts';

/** After this, the next request of `identifier` against `budget` is over the limit. */
export async function spendBudget(budget: Budget, caller: Caller, identifier: string): Promise<void> {
  const redis = openRedis({
    UPSTASH_REDIS_REST_URL: testEnv.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: testEnv.UPSTASH_REDIS_REST_TOKEN,
  });
  await limiterFor(budget, caller, redis).limit(identifier, { rate: BUDGETS[budget][caller].limit });
}
