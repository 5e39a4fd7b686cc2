import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_KEYS } from '../cache/json-cache.ts';
import { openRedis } from '../cache/redis.ts';
import { LEADERBOARD_WINDOWS, type LeaderboardWindow } from '../contract/index.ts';
import { openDatabase } from '../db/client.ts';
import { conversations, messageReactions, messages, roundPicks } from '../db/schema/index.ts';
import { readConfig } from '../env.ts';
import type { Leaderboard, LeaderboardEntry } from '../leaderboard/schema.ts';
import { testClient, testEnv } from '../testing/client.ts';

const { db, close } = openDatabase(env);
afterAll(() => close());
const redis = openRedis(readConfig(testEnv));

/** The prior's precision the route documents (README): strengths a priori N(0, 2²). */
const RIDGE = 0.25;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Entity = { persona: string; provider: string; model: string };
// The same entities every run: their records grow from run to run, and the test's own fit reads every stored pick.
const ADA: Entity = { persona: 'lb-ada', provider: 'anthropic', model: 'lb-claude-x' };
const ADA_Y: Entity = { persona: 'lb-ada', provider: 'anthropic', model: 'lb-claude-y' };
const BO: Entity = { persona: 'lb-bo', provider: 'openai', model: 'lb-gpt-x' };
const CY: Entity = { persona: 'lb-cy', provider: 'gemini', model: 'lb-gem-x' };
const EVE: Entity = { persona: 'lb-eve', provider: 'openai', model: 'lb-gpt-old' };
const HID: Entity = { persona: 'lb-hid', provider: 'anthropic', model: 'lb-hidden' };
const DEMO_ADA: Entity = { persona: 'lb-ada', provider: 'demo', model: 'lb-demo' };
const DEMO_BO: Entity = { persona: 'lb-bo', provider: 'demo', model: 'lb-demo' };
const MINE = [ADA, ADA_Y, BO, CY, EVE, HID, DEMO_ADA, DEMO_BO];

const keyOf = (entity: Entity) => `${entity.persona}|${entity.provider}|${entity.model}`;

async function conversation(visibility: 'public' | 'private' | 'unlisted'): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({ title: `Leaderboard ${visibility}`, visibility })
    .returning({ id: conversations.id });
  return row!.id;
}

/** A round of AI messages, one per entity, written as the outbox writes them. */
async function round(conversationId: string, entities: Entity[], at: Date): Promise<string[]> {
  const rows = entities.map((entity) => ({
    id: crypto.randomUUID(),
    conversationId,
    senderType: 'ai' as const,
    senderId: `${entity.provider}/${entity.model}`,
    persona: entity.persona,
    content: 'A line',
    metadata: { provider: entity.provider, model: entity.model, author: `The ${entity.persona}`, round: 1 },
    createdAt: at,
  }));
  await db.insert(messages).values(rows);
  return rows.map((row) => row.id);
}

/** Users' picks of `ids[winner]` in one round: the others are its rivals. */
async function picks(conversationId: string, roundNumber: number, ids: string[], winners: number[], at: Date) {
  await db.insert(roundPicks).values(
    winners.map((winner) => ({
      conversationId,
      round: roundNumber,
      userId: crypto.randomUUID(),
      messageId: ids[winner]!,
      rivals: ids.filter((_, i) => i !== winner),
      createdAt: at,
    })),
  );
}

async function leaderboard(window?: string) {
  const response = await testClient().get(`/api/leaderboard${window ? `?window=${window}` : ''}`);
  return { status: response.status, cache: response.headers.get('x-cache'), body: response.body as Leaderboard };
}

async function fresh(window: LeaderboardWindow) {
  await redis.del(CACHE_KEYS.leaderboard(window));
  const answer = await leaderboard(window);
  expect(answer.status).toBe(200);
  expect(answer.cache).toBe('miss');
  return answer.body;
}

beforeAll(async () => {
  const now = Date.now();
  const recent = new Date(now - 2 * HOUR);
  const open = await conversation('public');
  let ids = await round(open, [ADA, BO, CY], recent);
  await picks(open, 1, ids, [2, 2, 0, 2, 1], recent);
  ids = await round(open, [ADA, BO, CY], recent);
  await picks(open, 2, ids, [2, 0, 0, 1], recent);
  // Two messages of one entity in a round: their comparison says nothing and is dropped.
  ids = await round(open, [ADA, ADA, BO, ADA_Y], recent);
  await picks(open, 3, ids, [0, 3, 1], recent);
  const threeDaysAgo = new Date(now - 3 * DAY);
  ids = await round(open, [ADA, BO, CY], threeDaysAgo);
  await picks(open, 4, ids, [1, 1], threeDaysAgo);
  // Undefeated, and only in the `all` window.
  const tenDaysAgo = new Date(now - 10 * DAY);
  ids = await round(open, [EVE, ADA, BO], tenDaysAgo);
  await picks(open, 5, ids, [0, 0], tenDaysAgo);
  // Private and unlisted rooms do not count.
  for (const visibility of ['private', 'unlisted'] as const) {
    const hidden = await conversation(visibility);
    ids = await round(hidden, [ADA, BO, HID], recent);
    await picks(hidden, 1, ids, [2, 2, 2, 1], recent);
  }
  // A room mixing the demo provider with a real model: the cross-pool comparison is dropped.
  const mixed = await conversation('public');
  ids = await round(mixed, [DEMO_ADA, DEMO_BO, ADA], recent);
  await picks(mixed, 1, ids, [0, 1, 0, 2], recent);
  await db.insert(messageReactions).values([
    { messageId: ids[0]!, conversationId: mixed, emoji: '🔥', count: 3 },
    { messageId: ids[0]!, conversationId: mixed, emoji: '👍', count: 2 },
  ]);
});

/** The test's own reading of Postgres: every pick of a public room in the window, as (winner, loser) entity pairs. */
async function storedComparisons(since: Date | null): Promise<{ pools: Map<string, [string, string][]> }> {
  const visibility = new Map((await db.select().from(conversations)).map((row) => [row.id, row.visibility]));
  const aiMessages = new Map(
    (await db.select().from(messages))
      .filter((row) => row.senderType === 'ai')
      .map((row) => [row.id, { persona: row.persona, ...(row.metadata as { provider: string; model: string }) }]),
  );
  const pools = new Map<string, [string, string][]>([
    ['models', []],
    ['demo', []],
  ]);
  for (const pick of await db.select().from(roundPicks)) {
    if (visibility.get(pick.conversationId) !== 'public') continue;
    if (since && pick.createdAt < since) continue;
    const winner = aiMessages.get(pick.messageId);
    if (!winner) continue;
    for (const rival of pick.rivals) {
      const loser = aiMessages.get(rival);
      if (!loser) continue;
      const [w, l] = [keyOf(winner as Entity), keyOf(loser as Entity)];
      const pool = winner.provider === 'demo' ? 'demo' : 'models';
      if (w === l || (loser.provider === 'demo' ? 'demo' : 'models') !== pool) continue;
      pools.get(pool)!.push([w, l]);
    }
  }
  return { pools };
}

/** Plain gradient ascent on Σ log σ(βw − βl) − (λ/2)·Σβ², and intervals from the inverted information matrix. */
function independentFit(pairs: [string, string][]): Map<string, { rating: number; ci: [number, number] }> {
  const names = [...new Set(pairs.flat())];
  const index = new Map(names.map((name, i) => [name, i]));
  const n = names.length;
  const beta = new Array<number>(n).fill(0);
  const degree = new Array<number>(n).fill(0);
  for (const [w, l] of pairs) {
    degree[index.get(w)!]! += 1;
    degree[index.get(l)!]! += 1;
  }
  // A step of 1 / (λ + max degree / 2) never overshoots: it bounds the objective's curvature.
  const step = 1 / (RIDGE + Math.max(...degree) / 2);
  for (let iteration = 0; iteration < 200_000; iteration++) {
    const gradient = beta.map((b) => -RIDGE * b);
    for (const [w, l] of pairs) {
      const [i, j] = [index.get(w)!, index.get(l)!];
      const pull = 1 - 1 / (1 + Math.exp(-(beta[i]! - beta[j]!)));
      gradient[i]! += pull;
      gradient[j]! -= pull;
    }
    for (let i = 0; i < n; i++) beta[i]! += step * gradient[i]!;
    if (Math.max(...gradient.map(Math.abs)) < 1e-12) break;
  }
  const information = beta.map((_, i) => beta.map((_, j) => (i === j ? RIDGE : 0)));
  for (const [w, l] of pairs) {
    const [i, j] = [index.get(w)!, index.get(l)!];
    const p = 1 / (1 + Math.exp(-(beta[i]! - beta[j]!)));
    const v = p * (1 - p);
    information[i]![i]! += v;
    information[j]![j]! += v;
    information[i]![j]! -= v;
    information[j]![i]! -= v;
  }
  const covariance = gaussJordanInverse(information);
  const centring = beta.map((_, i) => beta.map((_, j) => (i === j ? 1 : 0) - 1 / n));
  const centred = multiply(multiply(centring, covariance), centring);
  const mean = beta.reduce((a, b) => a + b, 0) / n;
  const scale = 400 / Math.LN10;
  return new Map(
    names.map((name, i) => {
      const rating = 1000 + scale * (beta[i]! - mean);
      const half = 1.96 * scale * Math.sqrt(centred[i]![i]!);
      return [name, { rating, ci: [rating - half, rating + half] }];
    }),
  );
}

function gaussJordanInverse(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const lead = a[col]![col]!;
    a[col] = a[col]!.map((x) => x / lead);
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]!;
      a[row] = a[row]!.map((x, k) => x - factor * a[col]![k]!);
    }
  }
  return a.map((row) => row.slice(n));
}

function multiply(x: number[][], y: number[][]): number[][] {
  return x.map((row) => y[0]!.map((_, j) => row.reduce((sum, value, k) => sum + value * y[k]![j]!, 0)));
}

const find = (entries: LeaderboardEntry[], entity: Entity) => entries.find((entry) => keyOf(entry) === keyOf(entity));

describe('GET /api/leaderboard', () => {
  it('rates every entry as an independent Bradley-Terry fit of the picks in Postgres does, ratings and intervals', async () => {
    for (const window of Object.keys(LEADERBOARD_WINDOWS) as LeaderboardWindow[]) {
      const board = await fresh(window);
      const seconds = LEADERBOARD_WINDOWS[window];
      const since = seconds === null ? null : new Date(Date.parse(board.generatedAt) - seconds * 1000);
      const { pools } = await storedComparisons(since);
      for (const pool of ['models', 'demo'] as const) {
        const expected = independentFit(pools.get(pool)!);
        const entries = board.entries.filter((entry) => entry.pool === pool);
        expect(entries.map(keyOf).sort(), `${window} ${pool}`).toEqual([...expected.keys()].sort());
        for (const entry of entries) {
          const fit = expected.get(keyOf(entry))!;
          expect(entry.rating, `${window} ${keyOf(entry)}`).toBeCloseTo(fit.rating, 4);
          expect(entry.ci[0]).toBeCloseTo(fit.ci[0], 1);
          expect(entry.ci[1]).toBeCloseTo(fit.ci[1], 1);
        }
      }
    }
  });

  it('keeps each pool apart and centred, models first, each by rating; counts picks, wins, messages and reactions', async () => {
    const board = await fresh('week');
    const pools = board.entries.map((entry) => entry.pool);
    expect(pools).toEqual([...pools].sort((a, b) => (a === b ? 0 : a === 'models' ? -1 : 1)));
    for (const pool of ['models', 'demo'] as const) {
      const ratings = board.entries.filter((entry) => entry.pool === pool).map((entry) => entry.rating);
      expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
      expect(ratings.reduce((a, b) => a + b, 0) / ratings.length).toBeCloseTo(1000, 6);
    }
    const demoAda = find(board.entries, DEMO_ADA)!;
    expect(demoAda).toMatchObject({ pool: 'demo', displayName: 'The lb-ada', messages: expect.any(Number) });
    // Its picks beat the other demo entry only: the real model in its room is another pool.
    expect(demoAda.wins).toBe(demoAda.picks);
    const board2 = await fresh('all');
    for (const entry of board2.entries.filter((row) => MINE.some((mine) => keyOf(mine) === keyOf(row)))) {
      expect(entry.ci[0]).toBeLessThan(entry.rating);
      expect(entry.ci[1]).toBeGreaterThan(entry.rating);
      expect(entry.reactionsPerMessage).toBeCloseTo(entry.messages ? entry.reactions / entry.messages : 0, 9);
    }
    const mixedAda = (await db.select().from(messageReactions)).length > 0;
    expect(mixedAda).toBe(true);
    expect(find(board2.entries, DEMO_ADA)!.reactions).toBeGreaterThanOrEqual(5);
  });

  it('counts public rooms only, and the picks of the window only; an undefeated entry stays finite', async () => {
    const [day, week, all] = [await fresh('day'), await fresh('week'), await fresh('all')];
    for (const board of [day, week, all]) expect(find(board.entries, HID)).toBeUndefined();
    expect(find(day.entries, EVE)).toBeUndefined();
    expect(find(week.entries, EVE)).toBeUndefined();
    const eve = find(all.entries, EVE)!;
    expect(eve.comparisons).toBe(eve.wins);
    expect(Number.isFinite(eve.rating) && Number.isFinite(eve.ci[1])).toBe(true);
    // Round 4, three days ago: in the week, not in the day.
    expect(find(week.entries, BO)!.picks).toBeGreaterThan(find(day.entries, BO)!.picks);
    expect(find(all.entries, ADA)!.comparisons).toBeGreaterThan(find(week.entries, ADA)!.comparisons);
  });

  it('answers from the cache until it expires, with X-Cache; defaults to the week', async () => {
    const first = await fresh('week');
    const again = await leaderboard();
    expect(again.cache).toBe('hit');
    expect(again.body).toEqual(first);
    const open = await conversation('public');
    const ids = await round(open, [ADA, BO], new Date());
    await picks(open, 1, ids, [1], new Date());
    expect((await leaderboard('week')).body.generatedAt).toBe(first.generatedAt);
    const recomputed = await fresh('week');
    expect(find(recomputed.entries, BO)!.picks).toBe(find(first.entries, BO)!.picks + 1);
  });

  it('refuses a window it does not know with 400', async () => {
    const answer = await leaderboard('month');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'validation_failed' } });
  });
});
