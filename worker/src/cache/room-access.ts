/**
 * Who may watch a conversation, for the WebSocket route: its visibility and
 * owner. Both are set when the conversation is created and never change, so
 * they are kept in this isolate's memory and in Redis, and Postgres is read
 * only for a conversation neither knows. A reconnect storm thus costs no
 * Postgres connection, and a viewer can rejoin while Postgres is down.
 * Concurrent misses for one conversation share a single lookup.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { VISIBILITIES } from '../conversations/schema.ts';
import { conversations } from '../db/schema/index.ts';
import type { Services } from '../env.ts';
import { tryRedis } from './redis-guard.ts';

/** What decides who may watch. */
export interface RoomAccess {
  visibility: (typeof VISIBILITIES)[number];
  ownerId: string | null;
}

const accessSchema = z.object({ visibility: z.enum(VISIBILITIES), ownerId: z.uuid().nullable() }).strict();

/** How long Redis keeps an entry (a deleted conversation's entry is dropped by forgetRoomAccess). */
const REDIS_TTL_SECONDS = 7 * 24 * 3600;
/** How long this isolate trusts its own copy; short, so a deletion elsewhere is noticed soon. */
const MEMORY_TTL_MS = 60_000;
const MEMORY_ENTRIES = 10_000;

const memory = new Map<string, { access: RoomAccess; until: number }>();
const lookups = new Map<string, Promise<RoomAccess | null>>();

const redisKey = (conversationId: string) => `cache:room-access:${conversationId}`;

/** The conversation's visibility and owner, or null when it does not exist. Throws what Postgres throws when it must be asked. */
export async function roomAccess(services: Services, conversationId: string): Promise<RoomAccess | null> {
  const remembered = memory.get(conversationId);
  if (remembered && remembered.until > Date.now()) return remembered.access;
  const shared = lookups.get(conversationId);
  // Another request's lookup: should it fail (that request cancelled with its I/O), this one asks on its own.
  if (shared) return shared.catch(() => lookUp(services, conversationId));
  const lookup = lookUp(services, conversationId).finally(() => lookups.delete(conversationId));
  lookups.set(conversationId, lookup);
  return lookup;
}

/** May `userId` (null: anonymous) watch a conversation with `access`? Public and unlisted: anyone; private: its owner. */
export function mayWatch(access: RoomAccess, userId: string | null): boolean {
  return access.visibility !== 'private' || (access.ownerId !== null && access.ownerId === userId);
}

/** Drops the entry of a deleted conversation (this isolate at once, others within MEMORY_TTL_MS). */
export async function forgetRoomAccess(services: Services, conversationId: string): Promise<void> {
  memory.delete(conversationId);
  await tryRedis(services, (redis) => redis.del(redisKey(conversationId)));
}

async function lookUp(services: Services, conversationId: string): Promise<RoomAccess | null> {
  const cached = await tryRedis(services, (redis) => redis.get<unknown>(redisKey(conversationId)));
  const parsed = cached.ok ? accessSchema.safeParse(cached.value) : undefined;
  if (parsed?.success) return remember(conversationId, parsed.data);
  const [row] = await services.db
    .select({ visibility: conversations.visibility, ownerId: conversations.userId })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .limit(1);
  if (!row) return null;
  const access = remember(conversationId, { visibility: row.visibility, ownerId: row.ownerId });
  if (cached.ok)
    await tryRedis(services, (redis) =>
      redis.set(redisKey(conversationId), JSON.stringify(access), { ex: REDIS_TTL_SECONDS }),
    );
  return access;
}

function remember(conversationId: string, access: RoomAccess): RoomAccess {
  if (memory.size >= MEMORY_ENTRIES) {
    const oldest = memory.keys().next();
    if (!oldest.done) memory.delete(oldest.value);
  }
  memory.set(conversationId, { access, until: Date.now() + MEMORY_TTL_MS });
  return access;
}
