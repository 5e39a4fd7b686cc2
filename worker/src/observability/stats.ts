/** Assembles `GET /api/admin/stats`: the call log's figures (Postgres), the live rooms (RPC), the circuits (this isolate) and the spend limits; private conversations by their figures only. */
import type { Services } from '../env.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { dailySpendUsd, spendLevel, spendLimitsOf } from '../spend/limits.ts';
import { modelStats, providerSeries, spanOf, topConversations } from './call-log-stats.ts';
import { readLiveRooms } from './live-rooms.ts';
import { spendStops } from './spend-stops.ts';
import { disclosed, type AdminStats, type StatsWindow } from './stats-schema.ts';

/** Every figure of the dashboard for `window` ending at `until`. */
export async function computeStats(
  services: Services,
  env: Env,
  registry: ProviderRegistry,
  window: StatsWindow,
  until: Date,
): Promise<AdminStats> {
  const span = spanOf(window, until);
  const limits = spendLimitsOf(services.config);
  const { db } = services;
  const [models, series, conversations, live, dailySpentUsd, stops] = await Promise.all([
    modelStats(db, span),
    providerSeries(db, span),
    topConversations(db, span, limits),
    readLiveRooms(env, db),
    dailySpendUsd(db, until),
    spendStops(db, span),
  ]);
  const viewersOf = new Map(live.rooms.map((room) => [room.conversationId, room.viewers]));
  const sum = (pick: (model: (typeof models)[number]) => number) =>
    models.reduce((total, model) => total + pick(model), 0);
  return {
    window,
    from: span.from.toISOString(),
    until: span.until.toISOString(),
    generatedAt: new Date().toISOString(),
    bucketSeconds: span.bucketSeconds,
    buckets: span.buckets.map((bucket) => bucket.toISOString()),
    totals: {
      calls: sum((model) => model.calls),
      errors: sum((model) => model.errors),
      costUsd: sum((model) => model.costUsd),
      inputTokens: sum((model) => model.inputTokens),
      outputTokens: sum((model) => model.outputTokens),
    },
    models,
    series,
    conversations: conversations.map((conversation) =>
      disclosed({ ...conversation, viewers: viewersOf.get(conversation.conversationId ?? '') ?? 0 }),
    ),
    system: {
      liveRooms: live.rooms.filter((room) => room.status === 'running').length,
      viewers: live.rooms.reduce((total, room) => total + room.viewers, 0),
      outboxBacklog: live.rooms.reduce((total, room) => total + room.outboxPending, 0),
      quarantinedRows: live.rooms.reduce((total, room) => total + room.outboxQuarantined, 0),
      rooms: live.rooms.map(disclosed),
      roomsUnreachable: live.unreachable,
      circuits: registry
        .entries()
        .map((entry) => ({ provider: entry.id, configured: entry.configured, state: registry.circuit(entry.id) })),
    },
    spend: {
      dailySpentUsd,
      dailyLimitUsd: limits.dailyUsd,
      dailyLevel: spendLevel(dailySpentUsd, limits.dailyUsd, limits.warningRatio),
      conversationLimitUsd: limits.conversationUsd,
      warningRatio: limits.warningRatio,
      stops: stops.map(disclosed),
    },
  };
}
