/**
 * The leaderboard of a window, from Postgres: one pass over the picks stored
 * in the window (round_picks, written behind by the rooms) joined to their
 * messages for each side's persona × provider × model, and each entity's
 * messages with their reactions (message_reactions); only public
 * conversations count. The fit itself is entries.ts and bradley-terry.ts.
 * Cached in Redis per window for LEADERBOARD_CACHE_SECONDS.
 */
import { sql, type SQL } from 'drizzle-orm';
import { CACHE_KEYS, readThrough, type CacheOutcome } from '../cache/json-cache.ts';
import { LEADERBOARD_WINDOWS, type LeaderboardWindow } from '../contract/index.ts';
import type { Database } from '../db/client.ts';
import type { Services } from '../env.ts';
import { rateEntries, type EntityActivity, type PickComparison } from './entries.ts';
import { leaderboardSchema, type Leaderboard } from './schema.ts';

/** How long a window's leaderboard is reused: picks arrive through the rooms' outboxes seconds late anyway. */
export const LEADERBOARD_CACHE_SECONDS = 30;

/** The window's leaderboard, from the cache or computed. */
export function readLeaderboard(
  services: Services,
  window: LeaderboardWindow,
): Promise<{ value: Leaderboard; cache: CacheOutcome }> {
  return readThrough(
    services,
    { key: CACHE_KEYS.leaderboard(window), ttlSeconds: LEADERBOARD_CACHE_SECONDS, schema: leaderboardSchema },
    () => computeLeaderboard(services.db, window, new Date()),
  );
}

/** The window's leaderboard as of `now`. */
export async function computeLeaderboard(db: Database, window: LeaderboardWindow, now: Date): Promise<Leaderboard> {
  const seconds = LEADERBOARD_WINDOWS[window];
  const since = seconds === null ? null : new Date(now.getTime() - seconds * 1000);
  const [comparisons, activity] = await Promise.all([pickComparisons(db, since), entityActivity(db, since)]);
  return { window, entries: rateEntries(comparisons, activity), generatedAt: now.toISOString() };
}

const after = (column: SQL, since: Date | null) =>
  since === null ? sql`TRUE` : sql`${column} >= ${since.toISOString()}::timestamptz`;

/** One row per pick and rival (one row with no rival for a pick without any), each side's entity from its message. */
async function pickComparisons(db: Database, since: Date | null): Promise<PickComparison[]> {
  const rows = await db.execute<Record<string, string | null>>(sql`
    SELECT p.conversation_id || ':' || p.round || ':' || p.user_id AS pick,
      w.persona AS w_persona, w.metadata->>'provider' AS w_provider, w.metadata->>'model' AS w_model,
      coalesce(w.metadata->>'author', w.persona) AS w_name,
      l.persona AS l_persona, l.metadata->>'provider' AS l_provider, l.metadata->>'model' AS l_model,
      coalesce(l.metadata->>'author', l.persona) AS l_name
    FROM round_picks p
    JOIN conversations c ON c.id = p.conversation_id AND c.visibility = 'public'
    JOIN messages w ON w.id = p.message_id AND w.sender_type = 'ai'
    LEFT JOIN LATERAL unnest(p.rivals) AS rival(id) ON TRUE
    LEFT JOIN messages l ON l.id = rival.id AND l.sender_type = 'ai'
    WHERE ${after(sql`p.created_at`, since)}`);
  return rows.rows.flatMap((row): PickComparison[] => {
    const winner = entityOf(row.pick, row.w_persona, row.w_provider, row.w_model, row.w_name);
    if (!winner) return [];
    return [
      { pick: String(row.pick), winner, loser: entityOf(true, row.l_persona, row.l_provider, row.l_model, row.l_name) },
    ];
  });
}

/** Each entity's AI messages in public rooms in the window, and the reactions on them. */
async function entityActivity(db: Database, since: Date | null): Promise<EntityActivity[]> {
  const rows = await db.execute<Record<string, string | number | null>>(sql`
    SELECT m.persona, m.metadata->>'provider' AS provider, m.metadata->>'model' AS model,
      (array_agg(coalesce(m.metadata->>'author', m.persona) ORDER BY m.message_order DESC))[1] AS name,
      count(*)::int AS messages, coalesce(sum(r.total), 0)::int AS reactions
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND c.visibility = 'public'
    LEFT JOIN (SELECT message_id, sum(count) AS total FROM message_reactions GROUP BY message_id) r
      ON r.message_id = m.id
    WHERE m.sender_type = 'ai' AND ${after(sql`m.created_at`, since)}
    GROUP BY 1, 2, 3`);
  return rows.rows.flatMap((row): EntityActivity[] => {
    const entity = entityOf(true, row.persona, row.provider, row.model, row.name);
    return entity ? [{ ...entity, messages: Number(row.messages), reactions: Number(row.reactions) }] : [];
  });
}

function entityOf(present: unknown, persona: unknown, provider: unknown, model: unknown, name: unknown) {
  if (!present || typeof persona !== 'string' || typeof provider !== 'string' || typeof model !== 'string') return null;
  return { persona, provider, model, displayName: typeof name === 'string' ? name : persona };
}
