/**
 * `GET /ws/conversation/:id`: hands a WebSocket upgrade to the conversation's
 * Durable Object, after the checks the room cannot make itself: the rate
 * limit, the Origin (no cross-site socket riding a viewer's cookie), the
 * conversation's visibility, and who the viewer is (VIEWER_HEADER, never taken
 * from the client).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { rateLimit } from '../cache/rate-limit.ts';
import { findVisible } from '../conversations/store.ts';
import { ApiError } from '../errors.ts';
import { VIEWER_HEADER, type Viewer } from '../room/contract.ts';
import { isAllowedOrigin } from '../security/origins.ts';
import { documentedRoutes, errorResponses } from './openapi.ts';

const connect = createRoute({
  method: 'get',
  path: '/conversation/{id}',
  summary: 'Watch a conversation: a WebSocket of typed JSON frames (anonymous viewers welcome)',
  tags: ['rooms'],
  middleware: [rateLimit('connect')] as const,
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11' }) }),
  },
  responses: { 101: { description: 'Switching to WebSocket.' }, ...errorResponses(400, 403, 404, 426, 429) },
});

export const rooms = documentedRoutes().openapi(
  connect,
  async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ApiError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.');
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowedOrigin(c, origin)) throw new ApiError(403, 'origin_rejected', 'WebSockets are only for pages of this site.');
    const { user } = c.var;
    const stored = await findVisible(c.var.services, c.req.valid('param').id, user);
    const headers = new Headers(c.req.raw.headers);
    headers.delete(VIEWER_HEADER);
    if (user) headers.set(VIEWER_HEADER, JSON.stringify({ userId: user.id, username: user.username } satisfies Viewer));
    const room = c.env.ROOMS.get(c.env.ROOMS.idFromName(stored.row.id.toLowerCase()));
    return room.fetch(new Request(c.req.raw, { headers }));
  },
  (result) => {
    if (!result.success) throw new ApiError(400, 'invalid_id', 'The conversation id must be a UUID.');
  },
);
