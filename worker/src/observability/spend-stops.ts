/**
 * The conversations a configured spend limit stopped in a window: the
 * Moderator's notice (room/spend-guard.ts) carries `metadata.spendLimit`, and
 * the outbox copies it to `messages` like any message, so Postgres knows
 * which limit stopped which conversation, and when.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { StatsSpan } from './call-log-stats.ts';
import type { SpendStop } from './stats-schema.ts';

/** How many stops the stats list at most (newest first). */
export const SPEND_STOPS_LIMIT = 20;

/** The spend-limit stops of the span, newest first. */
export async function spendStops(db: Database, span: StatsSpan): Promise<SpendStop[]> {
  const rows = await db.execute<{
    conversation_id: string;
    title: string | null;
    visibility: string | null;
    spend_limit: string;
    created_at: string | Date;
  }>(sql`
    SELECT messages.conversation_id, conversations.title, conversations.visibility, messages.metadata->>'spendLimit' AS spend_limit, messages.created_at
    FROM messages LEFT JOIN conversations ON conversations.id = messages.conversation_id
    WHERE messages.sender_type = 'system' AND messages.metadata ? 'spendLimit'
      AND messages.created_at >= ${span.from.toISOString()}::timestamptz AND messages.created_at < ${span.until.toISOString()}::timestamptz
    ORDER BY messages.created_at DESC LIMIT ${SPEND_STOPS_LIMIT}`);
  return rows.rows.flatMap((row): SpendStop[] =>
    row.spend_limit === 'daily' || row.spend_limit === 'conversation'
      ? [
          {
            conversationId: row.conversation_id,
            title: row.title,
            private: row.visibility === 'private',
            limit: row.spend_limit,
            at: new Date(row.created_at).toISOString(),
          },
        ]
      : [],
  );
}
