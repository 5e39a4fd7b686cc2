/**
 * `GET /ws/conversation/:id`: hands a WebSocket upgrade to the conversation's
 * Durable Object, after the checks the room cannot make itself: the rate
 * limit, the Origin (no cross-site socket riding a viewer's cookie), the
 * conversation's visibility (cache/room-access.ts: no Postgres round trip for
 * a room already known), and who the viewer is (VIEWER_HEADER, and the
 * network it connects from, VIEWER_NETWORK_HEADER: never taken from the client). When a dependency cannot answer (Postgres for a room not
 * yet known, the room itself), the socket is accepted and closed at once with
 * TRY_AGAIN_CLOSE_CODE and a Retry-After in its reason: a browser cannot read
 * the status of a refused upgrade, but it reads a close frame.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sessionUnverified } from '../auth/middleware.ts';
import { ipIdentifier, rateLimit } from '../cache/rate-limit.ts';
import { mayWatch, roomAccess, type RoomAccess } from '../cache/room-access.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/availability.ts';
import type { AppEnv } from '../env.ts';
import { ApiError, errorClasses } from '../errors.ts';
import { VIEWER_HEADER, VIEWER_NETWORK_HEADER, type Viewer } from '../room/contract.ts';
import { TRY_AGAIN_CLOSE_CODE, tryAgainReason } from '../contract/index.ts';
import { isAllowedOrigin } from '../security/origins.ts';
import { documentedRoutes, errorResponses } from './openapi.ts';

/** Seconds a viewer waits when the room itself did not answer the upgrade. */
const ROOM_RETRY_AFTER_SECONDS = 2;

const connect = createRoute({
  method: 'get',
  path: '/conversation/{id}',
  summary: 'Watch a conversation: a WebSocket of typed JSON frames (anonymous viewers welcome)',
  description: `When the server cannot serve the socket now, it opens it and closes it at once with code ${TRY_AGAIN_CLOSE_CODE} and the reason \`retry-after=<seconds>\`.`,
  tags: ['rooms'],
  middleware: [rateLimit('connect')] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11' }),
    }),
  },
  responses: { 101: { description: 'Switching to WebSocket.' }, ...errorResponses(400, 403, 404, 426, 429) },
});

export const rooms = documentedRoutes().openapi(
  connect,
  async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
      throw new ApiError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.');
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowedOrigin(c, origin))
      throw new ApiError(403, 'origin_rejected', 'WebSockets are only for pages of this site.');
    const id = c.req.valid('param').id.toLowerCase();
    const { user } = c.var;
    let access: RoomAccess | null;
    try {
      access = await roomAccess(c.var.services, id);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return tryAgainLater(c, DATABASE_RETRY_AFTER_SECONDS, error);
    }
    if (!access || !mayWatch(access, user?.id ?? null)) {
      // A private room's owner whose session could not be checked may well be its owner: not a 404.
      if (access && sessionUnverified(c)) return tryAgainLater(c, DATABASE_RETRY_AFTER_SECONDS, 'session-unverified');
      throw new ApiError(404, 'not_found', `No conversation with the id "${id}".`);
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete(VIEWER_HEADER);
    headers.delete(VIEWER_NETWORK_HEADER);
    const address = c.req.header('cf-connecting-ip');
    if (address) headers.set(VIEWER_NETWORK_HEADER, ipIdentifier(address));
    if (user) headers.set(VIEWER_HEADER, JSON.stringify({ userId: user.id, username: user.username } satisfies Viewer));
    const room = c.env.ROOMS.get(c.env.ROOMS.idFromName(id));
    try {
      return await room.fetch(new Request(c.req.raw, { headers }));
    } catch (error) {
      return tryAgainLater(c, ROOM_RETRY_AFTER_SECONDS, error);
    }
  },
  (result) => {
    if (!result.success) throw new ApiError(400, 'invalid_id', 'The conversation id must be a UUID.');
  },
);

/** Opens the socket and closes it at once, asking the viewer to come back in `seconds`. */
function tryAgainLater(c: Context<AppEnv>, seconds: number, cause: unknown): Response {
  c.var.log.warn('socket-try-again', {
    retryAfterSeconds: seconds,
    error: typeof cause === 'string' ? cause : errorClasses(cause),
  });
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(TRY_AGAIN_CLOSE_CODE, tryAgainReason(seconds));
  return new Response(null, { status: 101, webSocket: client, headers: { 'Retry-After': String(seconds) } });
}
