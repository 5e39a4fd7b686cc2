/**
 * `/api/leaderboard?window=day|week|all`: a Bradley-Terry rating per persona ×
 * provider × model from the audience's picks of each round's best message in
 * public rooms (leaderboard/), with 95% intervals, picks, messages and
 * reactions; the demo provider rated in a pool of its own. Anyone may read it
 * (the `read` budget); cached in Redis per window (`X-Cache: hit|miss`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { readLeaderboard } from '../leaderboard/query.ts';
import { leaderboardSchema, leaderboardWindowSchema } from '../leaderboard/schema.ts';
import { documentedRoutes, errorResponses, jsonResponse } from './openapi.ts';

const LeaderboardQuerySchema = z.object({
  window: leaderboardWindowSchema
    .default('week')
    .openapi({ description: 'The picks rated: those of the last day, the last week, or all of them.' }),
});

const read = createRoute({
  method: 'get',
  path: '/',
  summary: 'Ratings of persona × provider × model from the audience’s picks of the best message of each round',
  tags: ['leaderboard'],
  request: { query: LeaderboardQuerySchema },
  responses: {
    200: jsonResponse(leaderboardSchema, 'Real models first, then the demo pool; each by rating, highest first.'),
    ...errorResponses(400, 429),
  },
});

/** The leaderboard route, mounted at `/api/leaderboard`. */
export const leaderboard = documentedRoutes().openapi(read, async (c) => {
  const { window } = c.req.valid('query');
  const { value, cache } = await readLeaderboard(c.var.services, window);
  c.header('X-Cache', cache);
  return c.json(value, 200);
});
