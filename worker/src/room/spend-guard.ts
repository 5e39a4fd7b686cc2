/**
 * The configured spend limits, checked by the room before each new turn and
 * on start. The conversation's spend is the room's own counter (exact, flushed
 * or not); the day's spend is Postgres's provider call log since 00:00 UTC
 * plus this room's calls not yet flushed (other rooms flush after each of
 * their turns, so the day's figure lags by at most one turn per running room).
 * This module only answers: `spendDecision` says whether the turn goes ahead,
 * a warning is due (once per limit and day, from the warning ratio) or the
 * room must stop (reason `spend-limit`, with the Moderator's words); the room
 * acts on the answer. When Postgres cannot be read the daily limit is not
 * enforced for that turn (logged): a database outage must not stop every room.
 */
import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../logging/logger.ts';
import { databaseTimeout } from '../resilience/index.ts';
import { dailySpendUsd, spendLevel, startOfUtcDay, type SpendLevel, type SpendLimits } from '../spend/limits.ts';

/** A limit that is reached (or close). */
export interface SpendCheck {
  limit: 'daily' | 'conversation';
  level: Exclude<SpendLevel, 'ok'>;
  spentUsd: number;
  limitUsd: number;
}

/** What a spend check reads. */
export interface SpendInputs {
  limits: SpendLimits;
  /** The conversation's own spend (the room's counter). */
  conversationSpentUsd: number;
  /** USD of this room's provider calls not yet in Postgres that started at or after `sinceIso`. */
  pendingCallCostSince(sinceIso: string): number;
  openDatabase(): DatabaseHandle;
  log: Logger;
  now: Date;
}

/** What the room does about the spend before a turn. */
export type SpendDecision =
  | { kind: 'go' }
  | { kind: 'warn'; key: string; fields: SpendFields }
  | { kind: 'stop'; check: SpendCheck; fields: SpendFields; message: string };

/** A limit's figures as logged. */
export type SpendFields = {
  limit: SpendCheck['limit'];
  spentUsd: number;
  limitUsd: number;
};

const DAILY_QUERY_TIMEOUT_MS = 3_000;
/** Warning keys kept: enough for every limit over the last days. */
const WARNINGS_KEPT = 10;

/** The most severe limit reached or near, or null when both are far (or off). */
export async function checkSpend(inputs: SpendInputs): Promise<SpendCheck | null> {
  const { limits } = inputs;
  const checks: SpendCheck[] = [];
  const conversationSpent = inputs.conversationSpentUsd;
  const conversationLevel = spendLevel(conversationSpent, limits.conversationUsd, limits.warningRatio);
  if (conversationLevel !== 'ok')
    checks.push({
      limit: 'conversation',
      level: conversationLevel,
      spentUsd: conversationSpent,
      limitUsd: limits.conversationUsd,
    });
  if (limits.dailyUsd > 0) {
    const daily = await readDailySpend(inputs);
    if (daily !== null) {
      const level = spendLevel(daily, limits.dailyUsd, limits.warningRatio);
      if (level !== 'ok') checks.push({ limit: 'daily', level, spentUsd: daily, limitUsd: limits.dailyUsd });
    }
  }
  return checks.find((check) => check.level === 'exceeded') ?? checks[0] ?? null;
}

/**
 * Before a new turn: `stop` past a limit, `warn` near one when this limit's
 * warning of this day (`warned` lists those given) was not logged yet, else `go`.
 */
export function spendDecision(check: SpendCheck | null, warned: string[], now: Date): SpendDecision {
  if (!check) return { kind: 'go' };
  const fields = { limit: check.limit, spentUsd: round(check.spentUsd), limitUsd: check.limitUsd };
  if (check.level === 'exceeded') return { kind: 'stop', check, fields, message: spendLimitMessage(check) };
  const key = `${check.limit}:${check.limit === 'daily' ? startOfUtcDay(now).toISOString().slice(0, 10) : 'all'}`;
  return warned.includes(key) ? { kind: 'go' } : { kind: 'warn', key, fields };
}

/** The warnings to keep after logging `key`. */
export function withWarning(warned: string[], key: string): string[] {
  return [...warned.slice(-WARNINGS_KEPT), key];
}

/** What the Moderator says (and `start` answers) when a limit is reached. */
export function spendLimitMessage(check: Pick<SpendCheck, 'limit' | 'spentUsd' | 'limitUsd'>): string {
  const which =
    check.limit === 'daily'
      ? `The daily spend limit of $${check.limitUsd.toFixed(2)} for all conversations`
      : `This conversation's spend limit of $${check.limitUsd.toFixed(2)}`;
  return `${which} is reached ($${check.spentUsd.toFixed(4)} spent): the conversation stops here.`;
}

async function readDailySpend(inputs: SpendInputs): Promise<number | null> {
  const { now } = inputs;
  const pending = inputs.pendingCallCostSince(startOfUtcDay(now).toISOString());
  const database = inputs.openDatabase();
  try {
    return (await databaseTimeout(DAILY_QUERY_TIMEOUT_MS).execute(() => dailySpendUsd(database.db, now))) + pending;
  } catch (error) {
    inputs.log.warn('spend-check-failed', { error });
    return null;
  } finally {
    void database.close().catch(() => {});
  }
}

function round(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}
