/**
 * The provider call log summed up in Postgres for one window: per provider and
 * model (calls, errors by class, time to first token and duration
 * percentiles, tokens, cost), per provider per bucket (the charts' series),
 * and the most expensive conversations. Every figure is computed by Postgres
 * over `provider_calls` rows with `from <= started_at < until`, which the
 * `provider_calls_started_idx` index serves.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { PROVIDER_IDS, type ProviderId } from '../providers/types.ts';
import { spendLevel, type SpendLimits } from '../spend/limits.ts';
import {
  STATS_WINDOWS,
  type ConversationStats,
  type ModelStats,
  type ProviderSeries,
  type StatsWindow,
} from './stats-schema.ts';

/** The time span of a stats answer and its buckets. */
export interface StatsSpan {
  window: StatsWindow;
  from: Date;
  until: Date;
  bucketSeconds: number;
  /** Each bucket's start. */
  buckets: Date[];
}

/** How many conversations the stats list. */
export const TOP_CONVERSATIONS = 10;

/** The span of `window` ending at `until`. */
export function spanOf(window: StatsWindow, until: Date): StatsSpan {
  const { seconds, bucketSeconds } = STATS_WINDOWS[window];
  const from = new Date(until.getTime() - seconds * 1000);
  const buckets = Array.from(
    { length: seconds / bucketSeconds },
    (_, index) => new Date(from.getTime() + index * bucketSeconds * 1000),
  );
  return { window, from, until, bucketSeconds, buckets };
}

function inSpan(span: StatsSpan): SQL {
  return sql`started_at >= ${span.from.toISOString()}::timestamptz AND started_at < ${span.until.toISOString()}::timestamptz`;
}

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const isProvider = (value: unknown): value is ProviderId => PROVIDER_IDS.some((id) => id === value);

/** Figures per provider and model, ordered by provider then model. */
export async function modelStats(db: Database, span: StatsSpan): Promise<ModelStats[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT provider, model,
      count(*) AS calls,
      count(*) FILTER (WHERE outcome = 'ok') AS ok,
      count(*) FILTER (WHERE outcome = 'error') AS errors,
      count(*) FILTER (WHERE outcome = 'aborted') AS aborted,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_token_ms) FILTER (WHERE time_to_first_token_ms IS NOT NULL) AS ttft_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY time_to_first_token_ms) FILTER (WHERE time_to_first_token_ms IS NOT NULL) AS ttft_p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY time_to_first_token_ms) FILTER (WHERE time_to_first_token_ms IS NOT NULL) AS ttft_p99,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE outcome = 'ok') AS duration_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE outcome = 'ok') AS duration_p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE outcome = 'ok') AS duration_p99,
      sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd)::float8 AS cost_usd
    FROM provider_calls WHERE ${inSpan(span)}
    GROUP BY provider, model ORDER BY provider, model`);
  const classes = await db.execute<{ provider: string; model: string; error_class: string | null; count: unknown }>(sql`
    SELECT provider, model, error_class, count(*) AS count FROM provider_calls
    WHERE ${inSpan(span)} AND outcome = 'error' GROUP BY provider, model, error_class`);
  return rows.rows.flatMap((row): ModelStats[] => {
    if (!isProvider(row.provider)) return [];
    const errorsByClass: Record<string, number> = {};
    for (const entry of classes.rows) {
      if (entry.provider === row.provider && entry.model === row.model)
        errorsByClass[entry.error_class ?? 'unknown'] = num(entry.count);
    }
    const ttft = numOrNull(row.ttft_p50);
    const duration = numOrNull(row.duration_p50);
    return [
      {
        provider: row.provider,
        model: String(row.model),
        calls: num(row.calls),
        ok: num(row.ok),
        errors: num(row.errors),
        aborted: num(row.aborted),
        errorsByClass,
        timeToFirstTokenMs: ttft === null ? null : { p50: ttft, p95: num(row.ttft_p95), p99: num(row.ttft_p99) },
        durationMs:
          duration === null ? null : { p50: duration, p95: num(row.duration_p95), p99: num(row.duration_p99) },
        inputTokens: num(row.input_tokens),
        outputTokens: num(row.output_tokens),
        costUsd: num(row.cost_usd),
      },
    ];
  });
}

/** Per provider, one value per bucket of the span (dense: empty buckets are 0, or null for percentiles). */
export async function providerSeries(db: Database, span: StatsSpan): Promise<ProviderSeries[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT provider,
      floor(extract(epoch FROM started_at - ${span.from.toISOString()}::timestamptz) / ${span.bucketSeconds})::int AS bucket,
      count(*) AS calls,
      count(*) FILTER (WHERE outcome = 'error') AS errors,
      sum(cost_usd)::float8 AS cost_usd,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE outcome = 'ok') AS duration_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE outcome = 'ok') AS duration_p95
    FROM provider_calls WHERE ${inSpan(span)}
    GROUP BY provider, bucket ORDER BY provider, bucket`);
  const series = new Map<ProviderId, ProviderSeries>();
  const size = span.buckets.length;
  for (const row of rows.rows) {
    const bucket = num(row.bucket);
    if (!isProvider(row.provider) || bucket < 0 || bucket >= size) continue;
    let entry = series.get(row.provider);
    if (!entry) {
      entry = {
        provider: row.provider,
        calls: new Array<number>(size).fill(0),
        errors: new Array<number>(size).fill(0),
        costUsd: new Array<number>(size).fill(0),
        durationP50Ms: new Array<number | null>(size).fill(null),
        durationP95Ms: new Array<number | null>(size).fill(null),
      };
      series.set(row.provider, entry);
    }
    entry.calls[bucket] = num(row.calls);
    entry.errors[bucket] = num(row.errors);
    entry.costUsd[bucket] = num(row.cost_usd);
    entry.durationP50Ms[bucket] = numOrNull(row.duration_p50);
    entry.durationP95Ms[bucket] = numOrNull(row.duration_p95);
  }
  return [...series.values()];
}

/** The most expensive conversations of the span (then the busiest), with their spend up to its end against the conversation limit. */
export async function topConversations(
  db: Database,
  span: StatsSpan,
  limits: SpendLimits,
): Promise<Omit<ConversationStats, 'viewers'>[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    WITH top AS (
      SELECT conversation_id, count(*) FILTER (WHERE outcome = 'ok') AS turns, count(*) AS calls, sum(cost_usd)::float8 AS cost_usd
      FROM provider_calls WHERE ${inSpan(span)} AND conversation_id IS NOT NULL
      GROUP BY conversation_id ORDER BY cost_usd DESC, calls DESC, conversation_id LIMIT ${TOP_CONVERSATIONS}
    )
    SELECT top.*, conversations.title, conversations.visibility,
      (SELECT sum(cost_usd)::float8 FROM provider_calls all_calls
        WHERE all_calls.conversation_id = top.conversation_id AND all_calls.started_at < ${span.until.toISOString()}::timestamptz) AS total_cost_usd
    FROM top LEFT JOIN conversations ON conversations.id = top.conversation_id
    ORDER BY top.cost_usd DESC, top.calls DESC, top.conversation_id`);
  return rows.rows.map((row) => {
    const totalCostUsd = num(row.total_cost_usd);
    return {
      conversationId: String(row.conversation_id),
      title: row.title === null || row.title === undefined ? null : String(row.title),
      private: row.visibility === 'private',
      turns: num(row.turns),
      calls: num(row.calls),
      costUsd: num(row.cost_usd),
      totalCostUsd,
      spendLevel: spendLevel(totalCostUsd, limits.conversationUsd, limits.warningRatio),
    };
  });
}
