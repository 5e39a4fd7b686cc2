/**
 * The live rooms as the operator sees them: the conversations Postgres lists
 * as running or paused (the most recently changed LIVE_ROOMS_LIMIT), each asked
 * over RPC for its viewers, outbox backlog and spend, at most
 * ROOM_TIMEOUT_MS each, in parallel. Rooms do not report on their own: the
 * stats are cached for a few seconds, so a dashboard costs at most one round
 * of calls per cache period, and an idle deployment costs nothing.
 */
import { desc, inArray } from 'drizzle-orm';
import { roomOf } from '../conversations/room-control.ts';
import type { Database } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import { roomRpcTimeout } from '../resilience/index.ts';
import type { RoomStats } from './stats-schema.ts';

/** Rooms asked at most per stats computation. */
export const LIVE_ROOMS_LIMIT = 50;
const ROOM_TIMEOUT_MS = 2_000;

/** The rooms that answered, and how many did not. */
export interface LiveRooms {
  rooms: RoomStats[];
  unreachable: number;
}

/** Asks each running or paused room for its figures. */
export async function readLiveRooms(env: Env, db: Database): Promise<LiveRooms> {
  const rows = await db
    .select({ id: conversations.id, title: conversations.title, visibility: conversations.visibility })
    .from(conversations)
    .where(inArray(conversations.status, ['running', 'paused']))
    .orderBy(desc(conversations.updatedAt))
    .limit(LIVE_ROOMS_LIMIT);
  const answers = await Promise.all(
    rows.map(async (row): Promise<RoomStats | null> => {
      try {
        const metrics = await roomRpcTimeout(ROOM_TIMEOUT_MS).execute(() => roomOf(env, row.id).metrics());
        return { conversationId: row.id, title: row.title, private: row.visibility === 'private', ...metrics };
      } catch {
        return null;
      }
    }),
  );
  const rooms = answers.filter((room): room is RoomStats => room !== null);
  return { rooms, unreachable: answers.length - rooms.length };
}
