/**
 * The rows the outbox carries to Postgres, as stored in the room's SQLite
 * (`room_outbox.body`, JSON), and their writes: messages, then the provider
 * call log, then the latest reaction counts of messages, each one idempotent
 * statement keyed by the row's id; and the conversations they name that were
 * deleted meanwhile.
 */
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';
import { writeCallRecords } from '../providers/call-log.ts';
import { PROVIDER_ERROR_KINDS, PROVIDER_IDS, type ProviderCallRecord } from '../providers/types.ts';
import { REACTION_EMOJI, type RoomMessage } from '../contract/index.ts';

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

/** A message's latest reaction counts as the outbox carries them: one row per message, replaced by each change. */
const reactionsRowSchema = z.object({
  conversationId: z.uuid(),
  messageId: z.uuid(),
  counts: z.partialRecord(z.enum(REACTION_EMOJI), z.int().min(1)),
});
export type ReactionsRow = z.infer<typeof reactionsRowSchema>;

/** The outbox id of a message's reactions row: one per message, so that a change replaces it. */
export function reactionsRowId(messageId: string): string {
  return `reactions:${messageId}`;
}

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
export type RowKind = 'message' | 'provider-call' | 'reactions';

/** An outbox row as stored. */
export type StoredRow = {
  id: string;
  kind: string;
  body: string;
};

/** Rows bound for Postgres, by kind. */
export interface Batch {
  messages: MessageRow[];
  calls: CallRow[];
  reactions: ReactionsRow[];
}

/** The rows of a batch, parsed; `invalid` lists those that no longer parse. */
export interface ParsedRows extends Batch {
  invalid: StoredRow[];
}

/** Parses a batch of stored rows. */
export function parseRows(rows: StoredRow[]): ParsedRows {
  const parsed: ParsedRows = { messages: [], calls: [], reactions: [], invalid: [] };
  for (const row of rows) {
    const body = parseJson(row.body);
    if (row.kind === 'message') {
      const message = messageRowSchema.safeParse(body);
      if (message.success) parsed.messages.push(message.data);
      else parsed.invalid.push(row);
    } else if (row.kind === 'reactions') {
      const reactions = reactionsRowSchema.safeParse(body);
      if (reactions.success) parsed.reactions.push(reactions.data);
      else parsed.invalid.push(row);
    } else {
      const call = callRowSchema.safeParse(body);
      if (row.kind === 'provider-call' && call.success) parsed.calls.push(call.data);
      else parsed.invalid.push(row);
    }
  }
  return parsed;
}

/** The outbox id of each row of a batch, as stored. */
export function rowIdsOf(batch: Batch): string[] {
  return [
    ...batch.messages.map((row) => row.id),
    ...batch.calls.map((row) => row.id),
    ...batch.reactions.map((row) => reactionsRowId(row.messageId)),
  ];
}

/** Messages first (their order is message_order), then the call log, then reaction counts; each one idempotent statement. */
export async function insertRows(db: Database, batch: Batch): Promise<void> {
  if (batch.messages.length > 0) {
    await db
      .insert(messages)
      .values(batch.messages.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })))
      .onConflictDoNothing({ target: messages.id });
  }
  await writeCallRecords(db, batch.calls);
  await writeReactions(db, batch.reactions);
}

/**
 * Sets each message's counts, idempotently (the count, not an increment):
 * only for messages Postgres holds, so that the counts of a message whose
 * conversation was deleted meanwhile (or whose row was set aside) settle as
 * nothing rather than as orphans.
 */
async function writeReactions(db: Database, rows: ReactionsRow[]): Promise<void> {
  const counts = rows.flatMap((row) =>
    Object.entries(row.counts).map(([emoji, count]) => ({ message_id: row.messageId, emoji, count })),
  );
  if (counts.length === 0) return;
  await db.execute(sql`
    INSERT INTO message_reactions (message_id, conversation_id, emoji, count, updated_at)
    SELECT given.message_id, messages.conversation_id, given.emoji, given.count, now()
    FROM jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS given(message_id uuid, emoji varchar, count integer)
    JOIN messages ON messages.id = given.message_id AND messages.conversation_id IS NOT NULL
    ON CONFLICT (message_id, emoji) DO UPDATE SET count = excluded.count, updated_at = excluded.updated_at`);
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
