import { describe, expect, it } from 'vitest';
import { fitBradleyTerry } from './bradley-terry.ts';
import { rateEntries, type PickComparison } from './entries.ts';

const entity = (persona: string, provider = 'anthropic', model = 'claude') => ({
  persona,
  provider,
  model,
  displayName: `The ${persona}`,
});
const ada = entity('ada');
const adaAgain = entity('ada');
const bo = entity('bo', 'openai', 'gpt');
const demo = entity('cy', 'demo', 'chimera-demo');

describe('rateEntries', () => {
  it('rates each pick as a win over each rival, counting the pick once, and drops same-entry and cross-pool comparisons', () => {
    const comparisons: PickComparison[] = [
      // One pick over three rivals: the same entry (dropped), a real model, and the demo (another pool: dropped).
      { pick: 'p1', winner: ada, loser: adaAgain },
      { pick: 'p1', winner: ada, loser: bo },
      { pick: 'p1', winner: ada, loser: demo },
      { pick: 'p2', winner: bo, loser: ada },
      { pick: 'p3', winner: ada, loser: bo },
      // A pick in a round of one message: counted as a pick, no comparison.
      { pick: 'p4', winner: demo, loser: null },
    ];
    const entries = rateEntries(comparisons, [
      { ...entity('ada'), displayName: 'Ada, lately', messages: 4, reactions: 6 },
    ]);
    expect(entries.map((entry) => [entry.persona, entry.pool])).toEqual([
      ['ada', 'models'],
      ['bo', 'models'],
    ]);
    const [first, second] = entries;
    expect(first).toMatchObject({ displayName: 'Ada, lately', picks: 2, wins: 2, comparisons: 3 });
    expect(first).toMatchObject({ messages: 4, reactions: 6, reactionsPerMessage: 1.5 });
    expect(second).toMatchObject({ picks: 1, wins: 1, comparisons: 3, messages: 0, reactionsPerMessage: 0 });
    const fit = fitBradleyTerry(2, [
      { winner: 0, loser: 1, count: 2 },
      { winner: 1, loser: 0, count: 1 },
    ]);
    expect(first!.rating).toBeCloseTo(fit.ratings[0]!, 9);
    expect(second!.ci).toEqual(fit.intervals[1]);
  });

  it('fits the demo pool apart, each pool centred on 1000, models listed first', () => {
    const demoBo = entity('bo', 'demo', 'chimera-demo');
    const entries = rateEntries(
      [
        { pick: 'a', winner: demo, loser: demoBo },
        { pick: 'b', winner: demo, loser: demoBo },
        { pick: 'c', winner: bo, loser: ada },
      ],
      [],
    );
    expect(entries.map((entry) => `${entry.pool}:${entry.persona}`)).toEqual([
      'models:bo',
      'models:ada',
      'demo:cy',
      'demo:bo',
    ]);
    for (const pool of ['models', 'demo']) {
      const ratings = entries.filter((entry) => entry.pool === pool).map((entry) => entry.rating);
      expect((ratings[0]! + ratings[1]!) / 2).toBeCloseTo(1000, 9);
    }
  });
});
