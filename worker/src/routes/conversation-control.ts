/**
 * `/api/conversations/:id/{start,pause,resume,stop,interject,audience}`: the
 * owner's controls, signed-in viewers' interjections and the owner's audience
 * settings, passed to the conversation's room over RPC (conversations/room-control.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireUser, signedIn } from '../auth/middleware.ts';
import { rateLimit } from '../cache/rate-limit.ts';
import { callRoom, roomOf } from '../conversations/room-control.ts';
import {
  AudienceSettingsSchema,
  ConversationIdParams,
  ConversationSchema,
  InterjectionSchema,
  RoomStateSchema,
} from '../conversations/schema.ts';
import { findOwned, findVisible, roomSettings, updateAudienceSettings } from '../conversations/store.ts';
import type { AppEnv } from '../env.ts';
import type { RoomState } from '../room/contract.ts';
import { documentedRoutes, errorResponses, jsonBody, jsonResponse, SESSION_SECURITY } from './openapi.ts';

const CONTROLS = {
  start: 'Configure the room from the conversation and start it (idle or stopped rooms)',
  pause: 'Pause a running room; a message already streaming finishes',
  resume: 'Resume a paused room',
  stop: 'Stop the room',
} as const;

type Control = keyof typeof CONTROLS;

function controlRoute<const C extends Control>(control: C) {
  return createRoute({
    method: 'post',
    path: `/{id}/${control}`,
    summary: CONTROLS[control],
    tags: ['conversations'],
    security: SESSION_SECURITY,
    middleware: [signedIn] as const,
    request: { params: ConversationIdParams },
    responses: {
      200: jsonResponse(RoomStateSchema, 'The room’s new state.'),
      ...errorResponses(400, 401, 403, 404, 409, 429, 503),
    },
  });
}

const interject = createRoute({
  method: 'post',
  path: '/{id}/interject',
  summary: 'Say something in a conversation you can see; the next speaker answers it',
  tags: ['conversations'],
  security: SESSION_SECURITY,
  middleware: [signedIn, rateLimit('interject')] as const,
  request: { params: ConversationIdParams, body: jsonBody(InterjectionSchema) },
  responses: {
    202: jsonResponse(
      z.object({ seq: z.number().int() }).openapi('InterjectionAccepted'),
      'Accepted: its sequence number in the room.',
    ),
    ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503),
  },
});

const audience = createRoute({
  method: 'patch',
  path: '/{id}/audience',
  summary:
    'Change the audience settings of your conversation (the vote on who speaks next, topic suggestions) while its room is idle, paused or stopped',
  tags: ['conversations'],
  security: SESSION_SECURITY,
  middleware: [signedIn] as const,
  request: { params: ConversationIdParams, body: jsonBody(AudienceSettingsSchema) },
  responses: {
    200: jsonResponse(ConversationSchema, 'The conversation with its new settings.'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
  },
});

/** The owner's control on the conversation's room: `start` first configures it from the conversation. The room's outbox reports the new status to Postgres. */
async function control(c: Context<AppEnv>, id: string, action: Control): Promise<RoomState> {
  const stored = await findOwned(c.var.services, id, requireUser(c));
  const room = roomOf(c.env, stored.row.id);
  if (action === 'start') await callRoom(() => room.configure(roomSettings(stored)));
  return callRoom(() => room[action]());
}

export const conversationControl = documentedRoutes()
  .openapi(controlRoute('start'), async (c) => c.json(await control(c, c.req.valid('param').id, 'start'), 200))
  .openapi(controlRoute('pause'), async (c) => c.json(await control(c, c.req.valid('param').id, 'pause'), 200))
  .openapi(controlRoute('resume'), async (c) => c.json(await control(c, c.req.valid('param').id, 'resume'), 200))
  .openapi(controlRoute('stop'), async (c) => c.json(await control(c, c.req.valid('param').id, 'stop'), 200))
  .openapi(interject, async (c) => {
    const user = requireUser(c);
    const stored = await findVisible(c.var.services, c.req.valid('param').id, user);
    const { text } = c.req.valid('json');
    const accepted = await callRoom(() =>
      roomOf(c.env, stored.row.id).interject({ userId: user.id, username: user.username, text }),
    );
    return c.json({ seq: accepted.seq }, 202);
  })
  .openapi(audience, async (c) => {
    const stored = await findOwned(c.var.services, c.req.valid('param').id, requireUser(c));
    const changes = c.req.valid('json');
    // The room first: it refuses while running (invalid_transition), and nothing is stored then.
    const settings = { ...roomSettings(stored), ...changes };
    await callRoom(() => roomOf(c.env, stored.row.id).configure(settings));
    return c.json(await updateAudienceSettings(c.var.services, stored, changes), 200);
  });
