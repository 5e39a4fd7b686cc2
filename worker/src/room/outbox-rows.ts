/**
 * The rows the outbox carries to Postgres, as stored in the room's SQLite
 * (`room_outbox.body`, JSON), and their writes: messages, then the provider
 * call log, each one idempotent statement keyed by the row's id; and the
 * conversations they name that were deleted meanwhile.
 */
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { writeCallRecords } from '../providers/call-log.ts';
import { PROVIDER_ERROR_KINDS, PROVIDER_IDS, type ProviderCallRecord } from '../providers/types.ts';
import type { RoomMessage } from '../contract/index.ts';

/** A messages row as the outbox carries it. */
const messageRowSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  senderType: z.enum(['ai', 'user', 'system']),
  senderId: z.string().nullable(),
  persona: z.string().nullable(),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});
export type MessageRow = z.infer<typeof messageRowSchema>;

/** A provider_calls row as the outbox carries it: the call record with the id that makes its write idempotent. */
const callRowSchema = z.object({
  id: z.uuid(),
  conversationId: z.string().nullable(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  startedAt: z.string(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  outcome: z.enum(['ok', 'error', 'aborted', 'prefetched']),
  errorClass: z.enum(PROVIDER_ERROR_KINDS).nullable(),
}) satisfies z.ZodType<ProviderCallRecord & { id: string }>;
export type CallRow = z.infer<typeof callRowSchema>;

/** The Postgres row of a finished message. */
export function toMessageRow(conversationId: string, message: RoomMessage): MessageRow {
  return {
    id: message.id,
    conversationId,
    senderType: message.senderType,
    senderId: message.senderId,
    persona: message.persona,
    content: message.content,
    metadata: { ...message.metadata, seq: message.seq, author: message.author },
    createdAt: message.createdAt,
  };
}

/** The kinds of outbox rows. */
export type RowKind = 'message' | 'provider-call';

/** An outbox row as stored. */
export type StoredRow = {
  id: string;
  kind: string;
  body: string;
};

/** The rows of a batch, parsed; `invalid` lists those that no longer parse. */
export interface ParsedRows {
  messages: MessageRow[];
  calls: CallRow[];
  invalid: StoredRow[];
}

/** Parses a batch of stored rows. */
export function parseRows(rows: StoredRow[]): ParsedRows {
  const parsed: ParsedRows = { messages: [], calls: [], invalid: [] };
  for (const row of rows) {
    const body = parseJson(row.body);
    if (row.kind === 'message') {
      const message = messageRowSchema.safeParse(body);
      if (message.success) parsed.messages.push(message.data);
      else parsed.invalid.push(row);
    } else {
      const call = callRowSchema.safeParse(body);
      if (row.kind === 'provider-call' && call.success) parsed.calls.push(call.data);
      else parsed.invalid.push(row);
    }
  }
  return parsed;
}

/** Messages first (their order is message_order), then the call log; each one idempotent statement. */
export async function insertRows(db: Database, messageRows: MessageRow[], callRows: CallRow[]): Promise<void> {
  if (messageRows.length > 0) {
    await db
      .insert(messages)
      .values(messageRows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })))
      .onConflictDoNothing({ target: messages.id });
  }
  await writeCallRecords(db, callRows);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The conversations the rows name that no longer exist. */
export async function deletedConversations(
  db: Database,
  rows: { conversationId: string | null }[],
): Promise<Set<string>> {
  const named = [...new Set(rows.flatMap((row) => (row.conversationId === null ? [] : [row.conversationId])))];
  if (named.length === 0) return new Set();
  const existing = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(inArray(conversations.id, named));
  const present = new Set(existing.map((row) => row.id));
  return new Set(named.filter((id) => !present.has(id)));
}
