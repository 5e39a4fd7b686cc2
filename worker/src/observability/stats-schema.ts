/** The body of `GET /api/admin/stats`, as a zod schema (validation of the Redis copy, OpenAPI) and its type. */
import { z } from '@hono/zod-openapi';
import { PROVIDER_IDS } from '../providers/types.ts';

/** The windows the stats cover, ending now (or at `until`). */
export const STATS_WINDOWS = {
  hour: { seconds: 3_600, bucketSeconds: 300 },
  day: { seconds: 86_400, bucketSeconds: 3_600 },
  week: { seconds: 604_800, bucketSeconds: 21_600 },
} as const;
/** A window the stats cover. */
export type StatsWindow = keyof typeof STATS_WINDOWS;

const percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
const level = z.enum(['ok', 'warning', 'exceeded']);

/** One provider and model over the window. */
export const modelStatsSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  calls: z.int(),
  ok: z.int(),
  errors: z.int(),
  aborted: z.int(),
  /** Failed calls (outcome `error`) by error class. */
  errorsByClass: z.record(z.string(), z.int()),
  /** Over calls that streamed a first token; null when none did. */
  timeToFirstTokenMs: percentiles.nullable(),
  /** Over successful calls; null when none succeeded. */
  durationMs: percentiles.nullable(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  costUsd: z.number(),
});

/** One provider's figures per bucket, aligned with `buckets`. */
export const providerSeriesSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  calls: z.array(z.int()),
  errors: z.array(z.int()),
  costUsd: z.array(z.number()),
  /** Percentiles of successful calls' durations; null in a bucket without one. */
  durationP50Ms: z.array(z.number().nullable()),
  durationP95Ms: z.array(z.number().nullable()),
});

/**
 * Who a conversation is, as the dashboard may show it: a private one's id and
 * title are the owner's business, so both are null and `private` is true.
 */
const conversationRef = {
  conversationId: z.uuid().nullable(),
  title: z.string().nullable(),
  private: z.boolean().optional(),
};

/** Hides a private conversation's id and title; every list of the stats goes through it. */
export function disclosed<T extends { conversationId: string | null; title: string | null; private?: boolean }>(
  entry: T,
): T {
  return entry.private ? { ...entry, conversationId: null, title: null } : entry;
}

/** A conversation among the most expensive of the window. */
export const conversationStatsSchema = z.object({
  ...conversationRef,
  /** Turns answered by a provider in the window (successful calls). */
  turns: z.int(),
  calls: z.int(),
  costUsd: z.number(),
  /** Its spend up to the end of the window, against CONVERSATION_SPEND_LIMIT_USD. */
  totalCostUsd: z.number(),
  spendLevel: level,
  /** Viewers now, when its room is live; else 0. */
  viewers: z.int(),
});

/** A live room as it answered. */
export const roomStatsSchema = z.object({
  ...conversationRef,
  status: z.enum(['idle', 'running', 'paused', 'stopped']),
  viewers: z.int(),
  outboxPending: z.int(),
  /** Its outbox rows Postgres refused for good, set aside in the room's quarantine. */
  outboxQuarantined: z.int(),
  turns: z.int(),
  costUsd: z.number(),
});

/** A conversation a configured spend limit stopped. */
export const spendStopSchema = z.object({
  ...conversationRef,
  limit: z.enum(['daily', 'conversation']),
  at: z.string(),
});

/** The body of `GET /api/admin/stats`: every figure of the dashboard. */
export const adminStatsSchema = z
  .object({
    window: z.enum(['hour', 'day', 'week']),
    from: z.string(),
    until: z.string(),
    generatedAt: z.string(),
    bucketSeconds: z.int(),
    /** Each bucket's start, ISO. */
    buckets: z.array(z.string()),
    totals: z.object({
      calls: z.int(),
      errors: z.int(),
      costUsd: z.number(),
      inputTokens: z.int(),
      outputTokens: z.int(),
    }),
    models: z.array(modelStatsSchema),
    series: z.array(providerSeriesSchema),
    conversations: z.array(conversationStatsSchema),
    system: z.object({
      /** Rooms running now. */
      liveRooms: z.int(),
      viewers: z.int(),
      outboxBacklog: z.int(),
      /** Outbox rows Postgres refused for good, set aside by the rooms that answered (room/outbox.ts). */
      quarantinedRows: z.int(),
      rooms: z.array(roomStatsSchema),
      /** Rooms Postgres lists as running or paused that did not answer in time. */
      roomsUnreachable: z.int(),
      /** Circuit breakers of the answering isolate (each isolate keeps its own). */
      circuits: z.array(
        z.object({
          provider: z.enum(PROVIDER_IDS),
          configured: z.boolean(),
          state: z.enum(['closed', 'open', 'half-open']),
        }),
      ),
    }),
    spend: z.object({
      /** The UTC day of `until`, up to `until`. */
      dailySpentUsd: z.number(),
      dailyLimitUsd: z.number(),
      dailyLevel: level,
      conversationLimitUsd: z.number(),
      warningRatio: z.number(),
      /** Conversations a limit stopped in the window, newest first. */
      stops: z.array(spendStopSchema),
    }),
  })
  .openapi('AdminStats');

/** The body of `GET /api/admin/stats`. */
export type AdminStats = z.infer<typeof adminStatsSchema>;
/** One provider and model over the window. */
export type ModelStats = z.infer<typeof modelStatsSchema>;
/** One provider's figures per bucket. */
export type ProviderSeries = z.infer<typeof providerSeriesSchema>;
/** A conversation among the most expensive. */
export type ConversationStats = z.infer<typeof conversationStatsSchema>;
/** A live room's figures. */
export type RoomStats = z.infer<typeof roomStatsSchema>;
/** A conversation a spend limit stopped. */
export type SpendStop = z.infer<typeof spendStopSchema>;
