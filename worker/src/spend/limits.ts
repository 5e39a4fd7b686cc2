/**
 * The configured spend limits (DAILY_SPEND_LIMIT_USD, CONVERSATION_SPEND_LIMIT_USD,
 * SPEND_WARNING_RATIO) and how close a spend is to them. The day is the UTC
 * day; its spend is summed from the provider call log in Postgres. The room
 * (room/spend-guard.ts) enforces the limits; the admin stats report them.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Config } from '../env.ts';

/** How close a spend is to its limit. */
export type SpendLevel = 'ok' | 'warning' | 'exceeded';

/** The limits in force; a limit of 0 is off. */
export interface SpendLimits {
  dailyUsd: number;
  conversationUsd: number;
  warningRatio: number;
}

/** The limits of a configuration. */
export function spendLimitsOf(
  config: Pick<Config, 'DAILY_SPEND_LIMIT_USD' | 'CONVERSATION_SPEND_LIMIT_USD' | 'SPEND_WARNING_RATIO'>,
): SpendLimits {
  return {
    dailyUsd: config.DAILY_SPEND_LIMIT_USD,
    conversationUsd: config.CONVERSATION_SPEND_LIMIT_USD,
    warningRatio: config.SPEND_WARNING_RATIO,
  };
}

/** `exceeded` once `spentUsd` reaches a (non-zero) limit, `warning` from `ratio` of it, else `ok`. */
export function spendLevel(spentUsd: number, limitUsd: number, ratio: number): SpendLevel {
  if (limitUsd <= 0) return 'ok';
  if (spentUsd >= limitUsd) return 'exceeded';
  return spentUsd >= limitUsd * ratio ? 'warning' : 'ok';
}

/** The start of the UTC day of `now`. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** USD spent by every provider call logged in Postgres from the start of `now`'s UTC day up to `now`. */
export async function dailySpendUsd(db: Database, now: Date = new Date()): Promise<number> {
  const since = startOfUtcDay(now).toISOString();
  const result = await db.execute<{ spent: string | number | null }>(
    sql`SELECT coalesce(sum(cost_usd), 0) AS spent FROM provider_calls WHERE started_at >= ${since}::timestamptz AND started_at < ${now.toISOString()}::timestamptz`,
  );
  return Number(result.rows[0]?.spent ?? 0);
}
