/** A conversation's finished messages from the REST API, as the room's frames carry them (for the earlier pages a snapshot leaves out). */
import { PAGE_LIMITS, parseMessageMetadata, type RoomMessage } from '../../../worker/src/contract/index.ts';
import { api, readApiError } from './api.ts';

/** A message as `GET /api/conversations/:id/messages` answers it. */
export interface StoredMessage {
  id: string;
  order: number;
  senderType: 'user' | 'ai' | 'system';
  senderId: string | null;
  persona: string | null;
  content: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

/** The stored message as the room would have sent it: seq and author come from its metadata (the room's outbox puts them there). */
export function toRoomMessage(stored: StoredMessage): RoomMessage {
  const seq = typeof stored.metadata.seq === 'number' ? stored.metadata.seq : stored.order;
  const author =
    typeof stored.metadata.author === 'string'
      ? stored.metadata.author
      : (stored.persona ?? (stored.senderType === 'system' ? 'Moderator' : 'Viewer'));
  return {
    id: stored.id,
    seq,
    senderType: stored.senderType,
    senderId: stored.senderId,
    persona: stored.persona,
    author,
    content: stored.content,
    createdAt: stored.createdAt,
    metadata: parseMessageMetadata(stored.metadata) ?? {},
  };
}

/** One page of stored messages, and the cursor of the next (null after the last). */
export interface MessagePage {
  messages: RoomMessage[];
  nextCursor: number | null;
}

/** One page (PAGE_LIMITS.messages.max messages): `asc` from the first message or after `cursor`, `desc` from the newest or before `cursor`; throws ApiError on a refused request. */
export async function fetchMessagePage(
  conversationId: string,
  order: 'asc' | 'desc',
  cursor: number | null,
): Promise<MessagePage> {
  const query: { limit: string; order: 'asc' | 'desc'; cursor?: string } = {
    limit: String(PAGE_LIMITS.messages.max),
    order,
  };
  if (cursor !== null) query.cursor = String(cursor);
  const response = await api.api.conversations[':id'].messages.$get({ param: { id: conversationId }, query });
  if (!response.ok) throw await readApiError(response);
  const body = await response.json();
  return { messages: body.messages.map(toRoomMessage), nextCursor: body.nextCursor };
}

/** Every page of a conversation's stored messages, oldest first, as each arrives: as many pages as the conversation has. */
export async function* messagePages(conversationId: string): AsyncGenerator<RoomMessage[]> {
  let cursor: number | null = null;
  do {
    const page = await fetchMessagePage(conversationId, 'asc', cursor);
    yield page.messages;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Every finished message of a conversation, oldest first; throws ApiError on a refused request. */
export async function fetchAllMessages(conversationId: string): Promise<RoomMessage[]> {
  const messages: RoomMessage[] = [];
  for await (const page of messagePages(conversationId)) messages.push(...page);
  return messages;
}

/** Where paging back through a conversation stands: the cursor of the next older page (null: from the newest), and whether the first message was reached. */
export interface EarlierCursor {
  cursor: number | null;
  reachedFirst: boolean;
}

/**
 * Pages back from `from` until a page brings a message older than `oldestSeq`
 * (the first the viewer has), or the first message is reached: the newest pages
 * may hold only what the snapshot already showed. Returns the messages read and
 * where to continue.
 */
export async function fetchEarlier(
  conversationId: string,
  from: EarlierCursor,
  oldestSeq: number,
): Promise<{ messages: RoomMessage[]; next: EarlierCursor }> {
  const messages: RoomMessage[] = [];
  let next = from;
  while (!next.reachedFirst) {
    const page = await fetchMessagePage(conversationId, 'desc', next.cursor);
    messages.push(...page.messages);
    next = { cursor: page.nextCursor, reachedFirst: page.nextCursor === null };
    if (page.messages.some((message) => message.seq < oldestSeq)) break;
  }
  return { messages, next };
}
