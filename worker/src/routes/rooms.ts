/** `GET /ws/conversation/:id`: hands a WebSocket upgrade to the conversation's Durable Object. */
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../env.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const rooms = new Hono<AppEnv>().get('/conversation/:id', (c) => {
  const id = c.req.param('id');
  if (!UUID.test(id)) throw new ApiError(400, 'invalid_id', 'The conversation id must be a UUID.');
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.');
  }
  const room = c.env.ROOMS.get(c.env.ROOMS.idFromName(id.toLowerCase()));
  return room.fetch(c.req.raw);
});
