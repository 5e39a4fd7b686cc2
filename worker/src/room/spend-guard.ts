/**
 * The configured spend limits, checked by the room before each new turn and
 * on start. The conversation's spend is the room's own counter (exact, flushed
 * or not); the day's spend is Postgres's provider call log since 00:00 UTC
 * plus this room's calls not yet flushed (other rooms flush after each of
 * their turns, so the day's figure lags by at most one turn per running room).
 * Past a limit the room stops with reason `spend-limit` and the Moderator says
 * why; from the warning ratio a `spend-warning` line is logged once per limit
 * and day. When Postgres cannot be read the daily limit is not enforced for
 * that turn (logged): a database outage must not stop every room.
 */
import { z } from 'zod';
import { openDatabase } from '../db/client.ts';
import { createLogger } from '../logging/logger.ts';
import { databaseTimeout } from '../resilience/index.ts';
import { dailySpendUsd, spendLevel, startOfUtcDay, type SpendLevel } from '../spend/limits.ts';
import type { Conversation } from './conversation.ts';

/** A limit that is reached (or close). */
export interface SpendCheck {
  limit: 'daily' | 'conversation';
  level: Exclude<SpendLevel, 'ok'>;
  spentUsd: number;
  limitUsd: number;
}

const WARNED_KEY = 'spend-warned';
const warnedSchema = z.array(z.string());
const DAILY_QUERY_TIMEOUT_MS = 3_000;

/** The most severe limit reached or near, or null when both are far (or off). */
export async function checkSpend(room: Conversation, now: Date = new Date()): Promise<SpendCheck | null> {
  const limits = room.spendLimits;
  const checks: SpendCheck[] = [];
  const conversationSpent = room.store.control().costUsd;
  const conversationLevel = spendLevel(conversationSpent, limits.conversationUsd, limits.warningRatio);
  if (conversationLevel !== 'ok') checks.push({ limit: 'conversation', level: conversationLevel, spentUsd: conversationSpent, limitUsd: limits.conversationUsd });
  if (limits.dailyUsd > 0) {
    const daily = await readDailySpend(room, now);
    if (daily !== null) {
      const level = spendLevel(daily, limits.dailyUsd, limits.warningRatio);
      if (level !== 'ok') checks.push({ limit: 'daily', level, spentUsd: daily, limitUsd: limits.dailyUsd });
    }
  }
  return checks.find((check) => check.level === 'exceeded') ?? checks[0] ?? null;
}

/**
 * Before a new turn: stops a room past a limit (true: no turn now) and logs a
 * warning near one. A stopped room's Moderator message tells viewers which limit.
 */
export async function enforceSpendLimits(room: Conversation): Promise<boolean> {
  const check = await checkSpend(room);
  if (!check) return false;
  const log = createLogger({ conversationId: room.store.settings()?.conversationId ?? null }, { env: room.config });
  const fields = { limit: check.limit, spentUsd: round(check.spentUsd), limitUsd: check.limitUsd };
  if (check.level === 'warning') {
    const key = `${check.limit}:${check.limit === 'daily' ? startOfUtcDay(new Date()).toISOString().slice(0, 10) : 'all'}`;
    const warned = room.store.readMeta(WARNED_KEY, warnedSchema) ?? [];
    if (!warned.includes(key)) {
      log.warn('spend-warning', fields);
      room.store.writeMeta(WARNED_KEY, [...warned.slice(-10), key]);
    }
    return false;
  }
  log.warn('spend-limit-reached', fields);
  room.storeMessage({ senderType: 'system', senderId: null, persona: null, author: 'Moderator', content: spendLimitMessage(check), metadata: { spendLimit: check.limit } });
  await room.apply('spend-limit');
  return true;
}

/** What the Moderator says (and `start` answers) when a limit is reached. */
export function spendLimitMessage(check: Pick<SpendCheck, 'limit' | 'spentUsd' | 'limitUsd'>): string {
  const which = check.limit === 'daily' ? `The daily spend limit of $${check.limitUsd.toFixed(2)} for all conversations` : `This conversation's spend limit of $${check.limitUsd.toFixed(2)}`;
  return `${which} is reached ($${check.spentUsd.toFixed(4)} spent): the conversation stops here.`;
}

async function readDailySpend(room: Conversation, now: Date): Promise<number | null> {
  const pending = room.outbox.pendingCallCostSince(startOfUtcDay(now).toISOString());
  const database = openDatabase(room.config);
  try {
    return (await databaseTimeout(DAILY_QUERY_TIMEOUT_MS).execute(() => dailySpendUsd(database.db, now))) + pending;
  } catch (error) {
    createLogger({ conversationId: room.store.settings()?.conversationId ?? null }, { env: room.config }).warn('spend-check-failed', { error });
    return null;
  } finally {
    void database.close().catch(() => {});
  }
}

function round(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}
