/** A conversation's finished messages from the REST API, as the room's frames carry them (for the earlier pages a snapshot leaves out). */
import { parseMessageMetadata, type RoomMessage } from '../../../worker/src/contract/index.ts';
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
  const author = typeof stored.metadata.author === 'string' ? stored.metadata.author : (stored.persona ?? (stored.senderType === 'system' ? 'Moderator' : 'Viewer'));
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

/** The most pages one call reads (100 messages each): a room stops after at most 200 turns plus interjections. */
const MAX_PAGES = 20;

/** Every finished message of a conversation, oldest first; throws ApiError on a refused request. */
export async function fetchAllMessages(conversationId: string): Promise<RoomMessage[]> {
  const messages: RoomMessage[] = [];
  let cursor: number | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query: { limit: string; order: 'asc'; cursor?: string } = { limit: '100', order: 'asc' };
    if (cursor !== null) query.cursor = String(cursor);
    const response = await api.api.conversations[':id'].messages.$get({ param: { id: conversationId }, query });
    if (!response.ok) throw await readApiError(response);
    const body = await response.json();
    messages.push(...body.messages.map(toRoomMessage));
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return messages;
}
