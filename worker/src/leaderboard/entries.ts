/**
 * From stored picks to leaderboard entries, in one pass: each pick is a win
 * of the picked message's persona × provider × model over each rival's.
 * Comparisons between two messages of the same entry say nothing about it
 * and are dropped, as are those across pools (the demo provider is fitted
 * apart from real models: its canned replies are not a model to rank
 * against them). Only entries with at least one comparison are rated. Pure.
 */
import { fitBradleyTerry, type Wins } from './bradley-terry.ts';
import type { LeaderboardEntry } from './schema.ts';

/** A persona on a provider's model: what the leaderboard rates. */
export interface Entity {
  persona: string;
  provider: string;
  model: string;
}

/** One pick against one rival (`loser` null for a pick whose round had no other message). */
export interface PickComparison {
  /** Tells picks apart: a pick counts once in `picks` whatever its number of rivals. */
  pick: string;
  winner: Entity & { displayName: string };
  loser: (Entity & { displayName: string }) | null;
}

/** An entity's messages in the window and the reactions on them. */
export interface EntityActivity extends Entity {
  displayName: string;
  messages: number;
  reactions: number;
}

/** The pool an entity is fitted in. */
export function poolOf(entity: Entity): LeaderboardEntry['pool'] {
  return entity.provider === 'demo' ? 'demo' : 'models';
}

const keyOf = (entity: Entity) => JSON.stringify([entity.persona, entity.provider, entity.model]);

interface Tally {
  entity: Entity;
  displayName: string;
  picks: number;
  wins: number;
  comparisons: number;
  messages: number;
  reactions: number;
}

/** The rated entries: models first, then demo, each by rating (highest first). */
export function rateEntries(comparisons: PickComparison[], activity: EntityActivity[]): LeaderboardEntry[] {
  const tallies = new Map<string, Tally>();
  const tallyOf = (entity: Entity, displayName: string): Tally => {
    const key = keyOf(entity);
    let tally = tallies.get(key);
    if (!tally) {
      tally = { entity, displayName, picks: 0, wins: 0, comparisons: 0, messages: 0, reactions: 0 };
      tallies.set(key, tally);
    }
    return tally;
  };
  const wins = new Map<string, { winner: Tally; loser: Tally; count: number }>();
  const counted = new Set<string>();
  for (const { pick, winner, loser } of comparisons) {
    const winning = tallyOf(winner, winner.displayName);
    if (!counted.has(pick)) {
      counted.add(pick);
      winning.picks += 1;
    }
    if (!loser || keyOf(loser) === keyOf(winner) || poolOf(loser) !== poolOf(winner)) continue;
    const losing = tallyOf(loser, loser.displayName);
    winning.wins += 1;
    winning.comparisons += 1;
    losing.comparisons += 1;
    const pair = `${keyOf(winner)}>${keyOf(loser)}`;
    const existing = wins.get(pair);
    if (existing) existing.count += 1;
    else wins.set(pair, { winner: winning, loser: losing, count: 1 });
  }
  for (const row of activity) {
    const tally = tallies.get(keyOf(row));
    if (!tally) continue;
    tally.messages = row.messages;
    tally.reactions = row.reactions;
    tally.displayName = row.displayName;
  }
  return (['models', 'demo'] as const).flatMap((pool) => {
    const rated = [...tallies.values()].filter((tally) => poolOf(tally.entity) === pool && tally.comparisons > 0);
    const index = new Map(rated.map((tally, i) => [tally, i]));
    const poolWins: Wins[] = [...wins.values()].flatMap(({ winner, loser, count }) => {
      const w = index.get(winner);
      const l = index.get(loser);
      return w === undefined || l === undefined ? [] : [{ winner: w, loser: l, count }];
    });
    const fit = fitBradleyTerry(rated.length, poolWins);
    return rated
      .map(
        (tally, i): LeaderboardEntry => ({
          ...tally.entity,
          displayName: tally.displayName,
          pool,
          rating: fit.ratings[i]!,
          ci: fit.intervals[i]!,
          picks: tally.picks,
          wins: tally.wins,
          comparisons: tally.comparisons,
          messages: tally.messages,
          reactions: tally.reactions,
          reactionsPerMessage: tally.messages === 0 ? 0 : tally.reactions / tally.messages,
        }),
      )
      .sort((a, b) => b.rating - a.rating || a.persona.localeCompare(b.persona));
  });
}
