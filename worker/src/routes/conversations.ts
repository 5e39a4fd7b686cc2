/** `/api/conversations`: create, list, get, messages and delete. The room controls are in conversation-control.ts. */
import { createRoute } from '@hono/zod-openapi';
import { requireUser, signedIn } from '../auth/middleware.ts';
import { rateLimit } from '../cache/rate-limit.ts';
import { readStats } from '../cache/reply-cache.ts';
import {
  ConversationDetailSchema,
  ConversationIdParams,
  ConversationSchema,
  CreateConversationSchema,
  ListQuerySchema,
  LobbyPageSchema,
  MessagePageSchema,
  MessagesQuerySchema,
} from '../conversations/schema.ts';
import {
  deleteConversation,
  findOwned,
  findVisible,
  insertConversation,
  listConversations,
  listMessages,
  toApiConversation,
} from '../conversations/store.ts';
import { ApiError } from '../errors.ts';
import { ensureDemoRoom } from '../conversations/demo-room.ts';
import { withLiveDetails } from '../conversations/live-details.ts';
import { roomOf, stopRoomQuietly } from '../conversations/room-control.ts';
import { resolvePersonas } from '../personas/store.ts';
import { assertModelsOffered } from '../providers/model-check.ts';
import type { RoomPersona } from '../room/contract.ts';
import { documentedRoutes, errorResponses, jsonBody, jsonResponse, SESSION_SECURITY } from './openapi.ts';

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a conversation (not started yet)',
  tags: ['conversations'],
  security: SESSION_SECURITY,
  middleware: [signedIn, rateLimit('create')] as const,
  request: { body: jsonBody(CreateConversationSchema) },
  responses: {
    201: jsonResponse(ConversationSchema, 'The new conversation, status idle.'),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary:
    'The lobby (public conversations, newest first, the demo room on the front page) or, with mine=true, your own; live rooms with live details',
  tags: ['conversations'],
  request: { query: ListQuerySchema },
  responses: {
    200: jsonResponse(LobbyPageSchema, 'One page; pass nextCursor as cursor for the next.'),
    ...errorResponses(400, 401, 429),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One conversation (private ones only for their owner)',
  tags: ['conversations'],
  request: { params: ConversationIdParams },
  responses: { 200: jsonResponse(ConversationDetailSchema, 'The conversation.'), ...errorResponses(400, 404, 429) },
});

const messages = createRoute({
  method: 'get',
  path: '/{id}/messages',
  summary: 'A conversation’s finished messages, paged by message_order',
  tags: ['conversations'],
  request: { params: ConversationIdParams, query: MessagesQuerySchema },
  responses: {
    200: jsonResponse(MessagePageSchema, 'One page; pass nextCursor as cursor for the next.'),
    ...errorResponses(400, 404, 429),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Delete one of your conversations: the room stops, the messages go',
  tags: ['conversations'],
  security: SESSION_SECURITY,
  middleware: [signedIn] as const,
  request: { params: ConversationIdParams },
  responses: { 204: { description: 'Deleted.' }, ...errorResponses(400, 401, 403, 404, 429) },
});

export const conversations = documentedRoutes()
  .openapi(create, async (c) => {
    const user = requireUser(c);
    const body = c.req.valid('json');
    const resolved = await resolvePersonas(
      c.var.services,
      user.id,
      body.personas.map((entry) => entry.persona),
    );
    const personas = resolved.map((persona, index): RoomPersona => {
      const choice = body.personas[index];
      const provider = choice?.provider ?? persona.defaultProvider;
      const model = choice?.model ?? (provider === persona.defaultProvider ? persona.defaultModel : undefined);
      if (model === undefined) {
        throw new ApiError(
          400,
          'validation_failed',
          `personas.${index}.model is required when the provider is not the persona's default.`,
          {
            issues: [
              {
                path: `json.personas.${index}.model`,
                message: 'is required when provider is not the persona’s default',
              },
            ],
          },
        );
      }
      const { defaultProvider: _provider, defaultModel: _model, ...voice } = persona;
      return { ...voice, provider, model };
    });
    if (new Set(personas.map((persona) => persona.name)).size !== personas.length) {
      throw new ApiError(400, 'validation_failed', 'Each persona may take part once.', {
        issues: [{ path: 'json.personas', message: 'must name each persona once' }],
      });
    }
    await assertModelsOffered(
      c.var.services,
      personas.map((persona, index) => ({
        provider: persona.provider,
        model: persona.model,
        field: `json.personas.${index}.model`,
      })),
    );
    const { title, topic, mode, maxTurns, budgetUsd, visibility, replyCache, voteNext, suggestionEvery } = body;
    const created = await insertConversation(c.var.services, user, {
      title,
      topic,
      mode,
      maxTurns,
      budgetUsd,
      visibility,
      replyCache,
      voteNext,
      suggestionEvery,
      personas,
    });
    return c.json(created, 201);
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    // The lobby's front page (no filter, no cursor) always shows the demo room, however many rooms are newer.
    const front = !query.mine && !query.status && !query.mode && !query.persona && !query.cursor;
    // Both at once: a demo room created by this read is put first below even when the page was read before it existed.
    const [demo, result] = await Promise.all([
      front ? ensureDemoRoom(c.env, c.var.services) : null,
      listConversations(c.var.services, query, c.var.user),
    ]);
    const listed = result.page.conversations;
    // The demo row with its room's live status, first: the listed copy may lag behind its outbox, come from the cache, or predate this read's start of it.
    const rows = demo ? [demo.conversation, ...listed.filter((row) => row.id !== demo.conversation.id)] : listed;
    // The demo room's state was just read: it is not asked twice.
    const readState = (id: string) =>
      demo && id === demo.conversation.id ? Promise.resolve(demo.state) : roomOf(c.env, id).state();
    c.header('X-Cache', result.cache);
    return c.json(
      { conversations: await withLiveDetails(c.env, rows, readState), nextCursor: result.page.nextCursor },
      200,
    );
  })
  .openapi(get, async (c) => {
    const stored = await findVisible(c.var.services, c.req.valid('param').id, c.var.user);
    // The room's live status is shown over the stored one, which its outbox brings up to date (the only writer of it).
    const state = await roomOf(c.env, stored.row.id)
      .state()
      .catch(() => null);
    const replyCacheStats = stored.row.replyCache ? await readStats(c.var.services, stored.row.id) : null;
    const conversation = toApiConversation(stored);
    return c.json({ ...conversation, status: state?.status ?? conversation.status, state, replyCacheStats }, 200);
  })
  .openapi(messages, async (c) => {
    const stored = await findVisible(c.var.services, c.req.valid('param').id, c.var.user);
    return c.json(await listMessages(c.var.services, stored.row.id, c.req.valid('query')), 200);
  })
  .openapi(remove, async (c) => {
    const stored = await findOwned(c.var.services, c.req.valid('param').id, requireUser(c));
    await stopRoomQuietly(c.env, stored.row.id);
    await deleteConversation(c.var.services, stored);
    return c.body(null, 204);
  });
