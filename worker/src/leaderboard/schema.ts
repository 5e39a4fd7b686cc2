/** The body of `GET /api/leaderboard`, as a zod schema (the route's OpenAPI, and validation of the Redis copy) and its type. */
import { z } from '@hono/zod-openapi';
import { LEADERBOARD_WINDOWS, type LeaderboardWindow } from '../contract/index.ts';

const windows = Object.keys(LEADERBOARD_WINDOWS) as [LeaderboardWindow, ...LeaderboardWindow[]];

/** A window of the leaderboard, as a query parameter. */
export const leaderboardWindowSchema = z.enum(windows);

/** One rated persona × provider × model. */
export const leaderboardEntrySchema = z
  .object({
    persona: z.string().openapi({ example: 'philosopher' }),
    displayName: z.string().openapi({ example: 'The Philosopher' }),
    provider: z.string().openapi({ example: 'anthropic' }),
    model: z.string(),
    pool: z
      .enum(['models', 'demo'])
      .openapi({ description: '`demo`: the demo provider, fitted apart from real models.' }),
    rating: z
      .number()
      .openapi({ description: 'Bradley-Terry rating, 1000 + 400·β/ln 10, centred on the pool’s mean.' }),
    ci: z.tuple([z.number(), z.number()]).openapi({ description: 'The rating’s 95% interval, [low, high].' }),
    picks: z.int().min(0).openapi({ description: 'Times one of its messages was picked the best of its round.' }),
    wins: z.int().min(0).openapi({ description: 'Pairwise wins: each pick beats every other entry in its round.' }),
    comparisons: z.int().min(1).openapi({ description: 'Pairwise comparisons it took part in (wins and losses).' }),
    messages: z.int().min(0).openapi({ description: 'Its messages in public rooms in the window.' }),
    reactions: z.int().min(0).openapi({ description: 'Reactions on those messages.' }),
    reactionsPerMessage: z.number().min(0),
  })
  .openapi('LeaderboardEntry');

/** One entry of the leaderboard. */
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

/** The leaderboard of a window. */
export const leaderboardSchema = z
  .object({
    window: leaderboardWindowSchema,
    entries: z
      .array(leaderboardEntrySchema)
      .openapi({ description: 'Real models first, then the demo pool; each pool by rating, highest first.' }),
    generatedAt: z.iso.datetime(),
  })
  .openapi('Leaderboard');

/** The leaderboard of a window. */
export type Leaderboard = z.infer<typeof leaderboardSchema>;
