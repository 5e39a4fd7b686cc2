/**
 * The rows the outbox carries to Postgres, as stored in the room's SQLite
 * (`room_outbox.body`, JSON), and their writes: messages, then the provider
 * call log, then the round picks, each one idempotent statement keyed by the
 * row's id (a pick by its round and user); and the conversations they name
 * that were deleted meanwhile.
 */
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { conversations, messages, roundPicks } from '../db/schema/index.ts';
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

/** A round_picks row as the outbox carries it (room/round-picks.ts), with the id of its outbox row: the picked message wins over each of `rivals`. */
const pickRowSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  round: z.int().min(1),
  userId: z.uuid(),
  messageId: z.uuid(),
  rivals: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
});
export type PickRow = z.infer<typeof pickRowSchema>;

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
export type RowKind = 'message' | 'provider-call' | 'pick';

/** An outbox row as stored. */
export type StoredRow = {
  id: string;
  kind: string;
  body: string;
};

/** Rows to write, by kind. */
export interface RowBatch {
  messages: MessageRow[];
  calls: CallRow[];
  picks: PickRow[];
}

/** The rows of a batch, parsed; `invalid` lists those that no longer parse. */
export interface ParsedRows extends RowBatch {
  invalid: StoredRow[];
}

/** Parses a batch of stored rows. */
export function parseRows(rows: StoredRow[]): ParsedRows {
  const parsed: ParsedRows = { messages: [], calls: [], picks: [], invalid: [] };
  for (const row of rows) {
    const body = parseJson(row.body);
    if (row.kind === 'pick') {
      const pick = pickRowSchema.safeParse(body);
      if (pick.success) parsed.picks.push(pick.data);
      else parsed.invalid.push(row);
    } else if (row.kind === 'message') {
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

/** Messages first (their order is message_order), then the call log, then the picks; each one idempotent statement. */
export async function insertRows(db: Database, batch: RowBatch): Promise<void> {
  if (batch.messages.length > 0) {
    await db
      .insert(messages)
      .values(batch.messages.map((row) => ({ ...row, createdAt: new Date(row.createdAt) })))
      .onConflictDoNothing({ target: messages.id });
  }
  await writeCallRecords(db, batch.calls);
  if (batch.picks.length > 0) {
    // The room keeps one pick per user and round; a repeated flush finds the row there and writes nothing.
    await db
      .insert(roundPicks)
      .values(batch.picks.map(({ id: _id, ...row }) => ({ ...row, createdAt: new Date(row.createdAt) })))
      .onConflictDoNothing({ target: [roundPicks.conversationId, roundPicks.round, roundPicks.userId] });
  }
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
