/** Conversations and their messages in Postgres, with visibility and ownership enforced on every read. */
import { and, asc, desc, eq, gt, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  CACHE_KEYS,
  CACHE_TTL_SECONDS,
  invalidateLobby,
  lobbyVersion,
  readThrough,
  type CacheOutcome,
} from '../cache/json-cache.ts';
import { forgetRoomAccess } from '../cache/room-access.ts';
import { conversations, messageReactions, messages, users } from '../db/schema/index.ts';
import type { Services, SessionUser } from '../env.ts';
import { ApiError } from '../errors.ts';
import type { RoomPersona, RoomSettings } from '../room/contract.ts';
import { reactionsOf } from './reactions.ts';
import {
  ActivePersonasSchema,
  ConversationPageSchema,
  ConversationSchema,
  DEMO_CONVERSATION_ID,
  encodeListCursor,
  MessageSchema,
  type ApiConversation,
  type ListQuery,
} from './schema.ts';

type ConversationRow = typeof conversations.$inferSelect;

/** A conversation row with what the API shows of its owner. */
export interface StoredConversation {
  row: ConversationRow;
  owner: { id: string; username: string } | null;
}

/** What a new conversation holds. */
export interface NewConversation {
  title: string;
  topic: string;
  personas: RoomPersona[];
  mode: RoomSettings['mode'];
  maxTurns: number;
  budgetUsd: number;
  visibility: ConversationRow['visibility'];
  replyCache: boolean;
  voteNext: boolean;
  suggestionEvery: number;
}

/** Timestamps to the microsecond, as cursors carry them. */
const cursorTime = sql<string>`to_char(${conversations.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const selection = { row: conversations, ownerId: users.id, ownerName: users.username, cursorTime };

/** The columns of a new conversation. */
export function conversationValues(conversation: NewConversation) {
  return {
    title: conversation.title,
    topic: conversation.topic,
    aiParticipants: conversation.personas.map((persona) => `${persona.provider}/${persona.model}`),
    activePersonas: { personas: conversation.personas },
    conversationMode: conversation.mode,
    maxTurns: conversation.maxTurns,
    budgetUsd: conversation.budgetUsd,
    visibility: conversation.visibility,
    replyCache: conversation.replyCache,
    voteNext: conversation.voteNext,
    suggestionEvery: conversation.suggestionEvery,
  } satisfies Partial<typeof conversations.$inferInsert>;
}

/** Inserts a conversation owned by `user`; the lobby cache is retired when it is public. */
export async function insertConversation(
  services: Services,
  user: SessionUser,
  conversation: NewConversation,
): Promise<ApiConversation> {
  const [row] = await services.db
    .insert(conversations)
    .values({ userId: user.id, ...conversationValues(conversation) })
    .returning();
  if (!row) throw new Error('insert returned no row');
  if (row.visibility === 'public') await invalidateLobby(services);
  return toApiConversation({ row, owner: { id: user.id, username: user.username } });
}

/** The conversation if `user` may see it: public and unlisted ones for anyone, private ones for their owner; else 404. */
export async function findVisible(
  services: Services,
  id: string,
  user: SessionUser | null,
): Promise<StoredConversation> {
  const [found] = await services.db
    .select(selection)
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.userId))
    .where(eq(conversations.id, id))
    .limit(1);
  const stored = found ? toStored(found) : undefined;
  if (!stored || (stored.row.visibility === 'private' && stored.row.userId !== user?.id)) {
    throw new ApiError(404, 'not_found', `No conversation with the id "${id}".`);
  }
  return stored;
}

/** The conversation if `user` owns it; 404 when they cannot see it, 403 `not_owner` when they can but do not own it. */
export async function findOwned(services: Services, id: string, user: SessionUser): Promise<StoredConversation> {
  const stored = await findVisible(services, id, user);
  if (stored.row.userId !== user.id)
    throw new ApiError(403, 'not_owner', 'Only the owner of this conversation may do that.');
  return stored;
}

/** A page of the lobby (public, cached) or of the caller's own conversations (`mine`); the demo room is left out when DEMO_ROOM is off. */
export async function listConversations(services: Services, query: ListQuery, user: SessionUser | null) {
  if (query.mine) {
    if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to list your own conversations.');
    return { page: await loadPage(services, query, eq(conversations.userId, user.id)), cache: 'none' as const };
  }
  const version = await lobbyVersion(services);
  const withDemo = services.config.DEMO_ROOM === 'on';
  const key = CACHE_KEYS.lobbyPage(
    version,
    JSON.stringify([query.status, query.mode, query.persona, query.limit, query.cursor?.t, query.cursor?.id, withDemo]),
  );
  const scope = withDemo
    ? eq(conversations.visibility, 'public')
    : and(eq(conversations.visibility, 'public'), ne(conversations.id, DEMO_CONVERSATION_ID));
  const cached = await readThrough(
    services,
    { key, ttlSeconds: CACHE_TTL_SECONDS.lobby, schema: ConversationPageSchema },
    () => loadPage(services, query, scope),
  );
  return { page: cached.value, cache: cached.cache satisfies CacheOutcome };
}

async function loadPage(services: Services, query: ListQuery, scope: SQL | undefined) {
  const filters: (SQL | undefined)[] = [scope];
  if (query.status) filters.push(eq(conversations.status, query.status));
  if (query.mode) filters.push(eq(conversations.conversationMode, query.mode));
  if (query.persona)
    filters.push(
      sql`${conversations.activePersonas}->'personas' @> ${JSON.stringify([{ name: query.persona }])}::jsonb`,
    );
  if (query.cursor) {
    const at = sql`${query.cursor.t}::timestamptz`;
    filters.push(
      or(lt(conversations.createdAt, at), and(eq(conversations.createdAt, at), lt(conversations.id, query.cursor.id))),
    );
  }
  const rows = await services.db
    .select(selection)
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.userId))
    .where(and(...filters))
    .orderBy(desc(conversations.createdAt), desc(conversations.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeListCursor({ t: last.cursorTime, id: last.row.id }) : null;
  return { conversations: page.map((found) => toApiConversation(toStored(found))), nextCursor };
}

/** A page of a conversation's messages by message_order. */
export async function listMessages(
  services: Services,
  conversationId: string,
  query: { cursor?: number; limit: number; order: 'asc' | 'desc' },
) {
  const ascending = query.order === 'asc';
  const after =
    query.cursor === undefined
      ? undefined
      : ascending
        ? gt(messages.messageOrder, query.cursor)
        : lt(messages.messageOrder, query.cursor);
  const rows = await services.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), after))
    .orderBy(ascending ? asc(messages.messageOrder) : desc(messages.messageOrder))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const reactions = await reactionsOf(
    services.db,
    page.map((row) => row.id),
  );
  return {
    messages: page.map((row) =>
      MessageSchema.parse({
        ...row,
        reactions: reactions.get(row.id) ?? {},
        order: row.messageOrder,
        metadata: row.metadata ?? {},
        createdAt: (row.createdAt ?? new Date(0)).toISOString(),
      }),
    ),
    nextCursor: rows.length > query.limit && last ? last.messageOrder : null,
  };
}

/** Deletes a conversation, its messages and their reactions. */
export async function deleteConversation(services: Services, stored: StoredConversation): Promise<void> {
  await services.db.transaction(async (transaction) => {
    await transaction.delete(messageReactions).where(eq(messageReactions.conversationId, stored.row.id));
    await transaction.delete(messages).where(eq(messages.conversationId, stored.row.id));
    await transaction.delete(conversations).where(eq(conversations.id, stored.row.id));
  });
  await forgetRoomAccess(services, stored.row.id);
  if (stored.row.visibility === 'public') await invalidateLobby(services);
}

/** Stores new audience settings (absent ones stay) and answers the conversation as the API shows it. */
export async function updateAudienceSettings(
  services: Services,
  stored: StoredConversation,
  changes: Partial<Pick<NewConversation, 'voteNext' | 'suggestionEvery'>>,
): Promise<ApiConversation> {
  const [row] = await services.db
    .update(conversations)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(conversations.id, stored.row.id))
    .returning();
  if (!row) throw new ApiError(404, 'not_found', `No conversation with the id "${stored.row.id}".`);
  if (row.visibility === 'public') await invalidateLobby(services);
  return toApiConversation({ row, owner: stored.owner });
}

/** The settings the room runs this conversation with. */
export function roomSettings(stored: StoredConversation): RoomSettings {
  const api = toApiConversation(stored);
  return {
    conversationId: stored.row.id,
    title: api.title,
    topic: api.topic,
    mode: api.mode,
    personas: personasOf(stored.row),
    maxTurns: api.maxTurns,
    budgetUsd: api.budgetUsd,
    replyCache: api.replyCache,
    voteNext: api.voteNext,
    suggestionEvery: api.suggestionEvery,
  };
}

/** The conversation as the API shows it. */
export function toApiConversation(stored: StoredConversation): ApiConversation {
  const { row } = stored;
  return ConversationSchema.parse({
    ...row,
    title: row.title ?? '',
    mode: row.conversationMode ?? 'sequential',
    demo: row.id === DEMO_CONVERSATION_ID,
    owner: stored.owner,
    personas: personasOf(row).map(({ systemPrompt: _systemPrompt, ...persona }) => persona),
    createdAt: (row.createdAt ?? new Date(0)).toISOString(),
    updatedAt: (row.updatedAt ?? new Date(0)).toISOString(),
  });
}

function personasOf(row: ConversationRow): RoomPersona[] {
  const parsed = ActivePersonasSchema.safeParse(row.activePersonas);
  return parsed.success ? parsed.data.personas : [];
}

function toStored(found: {
  row: ConversationRow;
  ownerId: string | null;
  ownerName: string | null;
}): StoredConversation {
  return {
    row: found.row,
    owner: found.ownerId && found.ownerName ? { id: found.ownerId, username: found.ownerName } : null,
  };
}
