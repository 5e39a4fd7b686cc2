/** The wire schemas of conversations and their messages. */
import { z } from '@hono/zod-openapi';
import { ModelIdSchema, ProviderIdSchema } from '../personas/schema.ts';
import { isoTime } from '../date-schema.ts';
import { plainText } from '../text-schema.ts';
import { roomPersonaSchema } from '../room/contract.ts';
import {
  AUDIENCE_LIMITS,
  CONVERSATION_LIMITS,
  INTERJECTION_LIMITS,
  PAGE_LIMITS,
  PERSONA_NAME_PATTERN,
  REACTION_EMOJI,
  ROOM_STATUSES,
  SENDER_TYPES,
  STOP_REASONS,
  TURN_MODES,
  type RoomState,
} from '../contract/index.ts';

/** The public demo room's conversation (conversations/demo-room.ts): one fixed id, so concurrent lobby reads create it once. */
export const DEMO_CONVERSATION_ID = 'de7a0000-0000-4000-8000-000000000001';

/** Who may see a conversation. */
export const VISIBILITIES = ['public', 'unlisted', 'private'] as const;

/** A persona as it takes part in a room: the snapshot kept in `active_personas` (rebuilt like RoomStateSchema). */
export const RoomPersonaSchema = z.object(roomPersonaSchema.shape);

/** What `conversations.active_personas` holds. */
export const ActivePersonasSchema = z.object({ personas: z.array(RoomPersonaSchema) });

/** The audience's settings of a conversation (contract/audience.ts): a vote on who speaks next after each turn; every this many AI turns the top topic suggestion becomes the Moderator's nudge (0: never). */
const audienceSettings = {
  voteNext: z.boolean(),
  suggestionEvery: z.number().int().min(AUDIENCE_LIMITS.suggestionEvery.min).max(AUDIENCE_LIMITS.suggestionEvery.max),
};

/** `POST /api/conversations`. */
export const CreateConversationSchema = z
  .object({
    title: plainText(CONVERSATION_LIMITS.title.min, CONVERSATION_LIMITS.title.max),
    topic: plainText(CONVERSATION_LIMITS.topic.min, CONVERSATION_LIMITS.topic.max, { multiline: true }),
    personas: z
      .array(
        z
          .object({
            /** A seed persona's name or the id of one of yours. */
            persona: z.string().min(1).max(100),
            /** Defaults to the persona's default provider. */
            provider: ProviderIdSchema.optional(),
            /** Defaults to the persona's default model; required when `provider` is not the persona's default. */
            model: ModelIdSchema.optional(),
          })
          .strict(),
      )
      .min(CONVERSATION_LIMITS.personas.min)
      .max(CONVERSATION_LIMITS.personas.max)
      .refine(
        (entries) => new Set(entries.map((entry) => entry.persona)).size === entries.length,
        'must name each persona once',
      ),
    mode: z.enum(TURN_MODES).default('sequential'),
    maxTurns: z
      .number()
      .int()
      .min(CONVERSATION_LIMITS.maxTurns.min)
      .max(CONVERSATION_LIMITS.maxTurns.max)
      .default(CONVERSATION_LIMITS.maxTurns.default),
    budgetUsd: z
      .number()
      .min(CONVERSATION_LIMITS.budgetUsd.min)
      .max(CONVERSATION_LIMITS.budgetUsd.max)
      .default(CONVERSATION_LIMITS.budgetUsd.default),
    visibility: z.enum(VISIBILITIES).default('public'),
    /** Opt into the exact-match reply cache. */
    replyCache: z.boolean().default(false),
    voteNext: audienceSettings.voteNext.default(false),
    suggestionEvery: audienceSettings.suggestionEvery.default(AUDIENCE_LIMITS.suggestionEvery.default),
  })
  .strict()
  .openapi('CreateConversation', {
    example: {
      title: 'Is free will an illusion?',
      topic: 'Whether anyone ever chooses anything',
      personas: [{ persona: 'philosopher', provider: 'demo', model: 'demo-voice' }, { persona: 'comedian' }],
      mode: 'sequential',
      maxTurns: 12,
      budgetUsd: 0.5,
      visibility: 'public',
      replyCache: false,
      voteNext: true,
      suggestionEvery: 4,
    },
  });

/** `PATCH /api/conversations/:id/audience`: the audience settings to change (absent ones stay). */
export const AudienceSettingsSchema = z
  .object({
    voteNext: audienceSettings.voteNext.optional(),
    suggestionEvery: audienceSettings.suggestionEvery.optional(),
  })
  .strict()
  .openapi('AudienceSettings', { example: { voteNext: true, suggestionEvery: 3 } });

/** A persona of a conversation as the API shows it (no system prompt). */
export const ConversationPersonaSchema = RoomPersonaSchema.omit({ systemPrompt: true }).openapi('ConversationPersona');

/** A conversation as lists and lookups answer it. */
export const ConversationSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    topic: z.string(),
    mode: z.enum(TURN_MODES),
    visibility: z.enum(VISIBILITIES),
    status: z.enum(ROOM_STATUSES),
    maxTurns: z.number().int(),
    budgetUsd: z.number(),
    replyCache: z.boolean(),
    voteNext: z.boolean(),
    suggestionEvery: z.number().int(),
    /** The public demo room (no owner; the demo provider). */
    demo: z.boolean(),
    owner: z.object({ id: z.uuid(), username: z.string() }).nullable(),
    personas: z.array(ConversationPersonaSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Conversation');

/** A conversation of the API. */
export type ApiConversation = z.infer<typeof ConversationSchema>;

/**
 * A room's state as controls answer it: RoomState (contract/room-state.ts) in
 * classic zod, because the OpenAPI generator reads only classic schemas made
 * after @hono/zod-openapi loaded, and the contract's are zod/mini.
 */
export const RoomStateSchema = z
  .object({
    status: z.enum(ROOM_STATUSES),
    turns: z.int().min(0),
    costUsd: z.number().min(0),
    viewers: z.int().min(0),
    lastSeq: z.int().min(0),
    speaking: z.string().nullable(),
    stopReason: z.enum(STOP_REASONS).nullable(),
    idlePaused: z.boolean(),
  })
  .openapi('RoomState') satisfies z.ZodType<RoomState>;

/** `GET /api/conversations/:id`: the conversation, its room's live state (null when the room did not answer) and, when it opted in, its reply cache counts. */
export const ConversationDetailSchema = ConversationSchema.extend({
  state: RoomStateSchema.nullable(),
  replyCacheStats: z.object({ hits: z.number().int(), misses: z.number().int() }).nullable(),
}).openapi('ConversationDetail');

/** A page of conversations. */
export const ConversationPageSchema = z
  .object({ conversations: z.array(ConversationSchema), nextCursor: z.string().nullable() })
  .openapi('ConversationPage');

/** What a lobby row shows of a live room, asked of the room itself on each read. */
export const LiveDetailsSchema = z
  .object({
    /** Who is typing or streaming now. */
    speaking: z.object({ name: z.string(), displayName: z.string() }).nullable(),
    viewers: z.number().int(),
    turns: z.number().int(),
    /** Paused for lack of viewers: it resumes when someone opens it. */
    idlePaused: z.boolean(),
  })
  .openapi('LiveDetails');

/** A lobby row: the conversation, and `live` when its room is running or waiting for a viewer (null otherwise, or when the room did not answer). */
export const LobbyConversationSchema = ConversationSchema.extend({ live: LiveDetailsSchema.nullable() }).openapi(
  'LobbyConversation',
);

/** A lobby row. */
export type LobbyConversation = z.infer<typeof LobbyConversationSchema>;

/** A page of the lobby (or of your own conversations), with live details. */
export const LobbyPageSchema = z
  .object({ conversations: z.array(LobbyConversationSchema), nextCursor: z.string().nullable() })
  .openapi('LobbyPage');

/** The keyset of the conversation list: newest first. */
const ListCursorSchema = z.object({ t: isoTime({ precision: 6 }), id: z.uuid() });

/** A decoded list cursor. */
export type ListCursor = z.infer<typeof ListCursorSchema>;

/** Encodes a list cursor (opaque to clients). */
export function encodeListCursor(cursor: ListCursor): string {
  return btoa(JSON.stringify(cursor)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeListCursor(text: string): ListCursor | undefined {
  try {
    const parsed = ListCursorSchema.safeParse(JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/'))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /api/conversations` query. */
export const ListQuerySchema = z.object({
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'true: all of your own conversations (any visibility) instead of the public lobby.' }),
  status: z.enum(ROOM_STATUSES).optional(),
  mode: z.enum(TURN_MODES).optional(),
  persona: z
    .string()
    .regex(PERSONA_NAME_PATTERN)
    .optional()
    .openapi({ description: 'Only conversations in which this persona (by name) takes part.' }),
  limit: z.coerce
    .number()
    .int()
    .min(PAGE_LIMITS.conversations.min)
    .max(PAGE_LIMITS.conversations.max)
    .default(PAGE_LIMITS.conversations.default),
  cursor: z
    .string()
    .max(300)
    .optional()
    .transform((text, context) => {
      if (text === undefined) return undefined;
      const cursor = decodeListCursor(text);
      if (!cursor) context.addIssue({ code: 'custom', message: 'is not a cursor this API gave out' });
      return cursor;
    })
    .openapi({ type: 'string', description: 'nextCursor of the previous page.' }),
});

/** The query of the list, parsed. */
export type ListQuery = z.output<typeof ListQuerySchema>;

/** A finished message. */
export const MessageSchema = z
  .object({
    id: z.uuid(),
    order: z.number().int(),
    senderType: z.enum(SENDER_TYPES),
    senderId: z.string().nullable(),
    persona: z.string().nullable(),
    content: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    /** The audience's reactions: count per emoji given at least once (`{}` when none), as of the room's last write-behind. */
    reactions: z.partialRecord(z.enum(REACTION_EMOJI), z.number().int().min(1)).openapi({
      description: `Reaction counts by emoji (${REACTION_EMOJI.join(' ')}); only the kinds given at least once appear. Written behind by the room, a few seconds late at most.`,
      example: { '👍': 3, '🔥': 1 },
    }),
  })
  .openapi('Message');

/** `GET /api/conversations/:id/messages` query: pages by message_order. */
export const MessagesQuerySchema = z.object({
  cursor: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ type: 'integer', description: 'The nextCursor of the previous page (a message_order, exclusive).' }),
  limit: z.coerce
    .number()
    .int()
    .min(PAGE_LIMITS.messages.min)
    .max(PAGE_LIMITS.messages.max)
    .default(PAGE_LIMITS.messages.default),
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** A page of messages. */
export const MessagePageSchema = z
  .object({ messages: z.array(MessageSchema), nextCursor: z.number().int().nullable() })
  .openapi('MessagePage');

/** The `:id` of a conversation route. */
export const ConversationIdParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11' }),
});

/** `POST /api/conversations/:id/interject`. */
export const InterjectionSchema = z
  .object({ text: plainText(INTERJECTION_LIMITS.text.min, INTERJECTION_LIMITS.text.max, { multiline: true }) })
  .strict()
  .openapi('Interjection', { example: { text: 'But what would a cat say about free will?' } });
