/** The audience's reaction counts of stored messages, as Postgres has them (written behind by each room's outbox). */
import { inArray } from 'drizzle-orm';
import { REACTION_EMOJI, type ReactionCounts } from '../contract/index.ts';
import type { Database } from '../db/client.ts';
import { messageReactions } from '../db/schema/index.ts';

/** The counts of each of `messageIds`, by message id (`{}` for a message nobody reacted to), in REACTION_EMOJI's order. */
export async function reactionsOf(db: Database, messageIds: string[]): Promise<Map<string, ReactionCounts>> {
  const byMessage = new Map<string, ReactionCounts>(messageIds.map((id) => [id, {}]));
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({ messageId: messageReactions.messageId, emoji: messageReactions.emoji, count: messageReactions.count })
    .from(messageReactions)
    .where(inArray(messageReactions.messageId, messageIds));
  for (const emoji of REACTION_EMOJI) {
    for (const row of rows) {
      const counts = byMessage.get(row.messageId);
      if (counts && row.emoji === emoji && row.count > 0) counts[emoji] = row.count;
    }
  }
  return byMessage;
}
