import { describe, expect, it } from 'vitest';
import { fitBradleyTerry, RATING_CENTRE, RATING_SCALE, RIDGE, type Wins } from './bradley-terry.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The two-entity optimum, β = ±d/2: w − (w + l)·σ(d) − λd/2 = 0, found by bisection. */
function twoEntityGap(w: number, l: number, ridge: number): number {
  let low = -50;
  let high = 50;
  for (let i = 0; i < 200; i++) {
    const d = (low + high) / 2;
    if (w - (w + l) * sigmoid(d) - (ridge * d) / 2 > 0) low = d;
    else high = d;
  }
  return (low + high) / 2;
}

describe('fitBradleyTerry', () => {
  it('gives the closed-form gap for two entities, centred on 1000', () => {
    const fit = fitBradleyTerry(2, [
      { winner: 0, loser: 1, count: 3 },
      { winner: 1, loser: 0, count: 1 },
    ]);
    const d = twoEntityGap(3, 1, RIDGE);
    expect(fit.strengths[0]! - fit.strengths[1]!).toBeCloseTo(d, 9);
    expect(fit.ratings[0]! + fit.ratings[1]!).toBeCloseTo(2 * RATING_CENTRE, 9);
    expect(fit.ratings[0]! - fit.ratings[1]!).toBeCloseTo(RATING_SCALE * d, 6);
  });

  it('tends to the plain maximum likelihood, ln(w/l), as the prior vanishes', () => {
    const fit = fitBradleyTerry(
      2,
      [
        { winner: 0, loser: 1, count: 3 },
        { winner: 1, loser: 0, count: 1 },
      ],
      1e-9,
    );
    // 400·log10(3) ≈ 190.8 rating points: the arena's reading of a 3-to-1 record.
    expect(fit.ratings[0]! - fit.ratings[1]!).toBeCloseTo(400 * Math.log10(3), 3);
  });

  it('keeps an undefeated entry finite, with a finite interval that holds its rating', () => {
    const fit = fitBradleyTerry(2, [{ winner: 0, loser: 1, count: 10 }]);
    const d = twoEntityGap(10, 0, RIDGE);
    expect(Number.isFinite(d)).toBe(true);
    expect(fit.strengths[0]! - fit.strengths[1]!).toBeCloseTo(d, 8);
    for (const [i, [low, high]] of fit.intervals.entries()) {
      expect(Number.isFinite(low) && Number.isFinite(high)).toBe(true);
      expect(low).toBeLessThan(fit.ratings[i]!);
      expect(high).toBeGreaterThan(fit.ratings[i]!);
    }
  });

  it('gives the two-entity interval from the Fisher information: Var(β₀ − mean) = 1 / (4·(n·p(1−p)) + 2λ)', () => {
    const fit = fitBradleyTerry(2, [
      { winner: 0, loser: 1, count: 6 },
      { winner: 1, loser: 0, count: 2 },
    ]);
    const d = fit.strengths[0]! - fit.strengths[1]!;
    const information = 8 * sigmoid(d) * (1 - sigmoid(d));
    // H = [[I+λ, −I], [−I, I+λ]]: along (1, −1)/√2 its eigenvalue is 2I + λ; β₀ − mean = (β₀ − β₁)/2.
    const variance = 1 / (2 * (2 * information + RIDGE));
    const half = 1.959963984540054 * RATING_SCALE * Math.sqrt(variance);
    expect(fit.intervals[0]![1] - fit.ratings[0]!).toBeCloseTo(half, 6);
    expect(fit.ratings[0]! - fit.intervals[0]![0]).toBeCloseTo(half, 6);
  });

  it('rates a balanced cycle all alike, and orders a transitive pool', () => {
    const cycle = fitBradleyTerry(3, [
      { winner: 0, loser: 1, count: 2 },
      { winner: 1, loser: 2, count: 2 },
      { winner: 2, loser: 0, count: 2 },
    ]);
    for (const rating of cycle.ratings) expect(rating).toBeCloseTo(RATING_CENTRE, 9);
    const chain = fitBradleyTerry(4, [
      { winner: 0, loser: 1, count: 5 },
      { winner: 1, loser: 2, count: 5 },
      { winner: 2, loser: 3, count: 5 },
      { winner: 1, loser: 0, count: 1 },
      { winner: 2, loser: 1, count: 1 },
      { winner: 3, loser: 2, count: 1 },
    ]);
    expect(chain.ratings[0]!).toBeGreaterThan(chain.ratings[1]!);
    expect(chain.ratings[1]!).toBeGreaterThan(chain.ratings[2]!);
    expect(chain.ratings[2]!).toBeGreaterThan(chain.ratings[3]!);
    const mean = chain.ratings.reduce((total, rating) => total + rating, 0) / 4;
    expect(mean).toBeCloseTo(RATING_CENTRE, 9);
  });

  it('narrows the intervals as the same record grows', () => {
    const record = (times: number): Wins[] => [
      { winner: 0, loser: 1, count: 2 * times },
      { winner: 1, loser: 0, count: times },
    ];
    const width = (times: number) => {
      const [low, high] = fitBradleyTerry(2, record(times)).intervals[0]!;
      return high - low;
    };
    expect(width(10)).toBeLessThan(width(2));
    expect(width(100)).toBeLessThan(width(10));
  });

  it('answers an empty pool, ignores self-wins, and refuses wins outside the pool or a non-positive ridge', () => {
    expect(fitBradleyTerry(0, [])).toEqual({ strengths: [], ratings: [], intervals: [] });
    const alone = fitBradleyTerry(1, [{ winner: 0, loser: 0, count: 4 }]);
    expect(alone.ratings).toEqual([RATING_CENTRE]);
    expect(() => fitBradleyTerry(2, [{ winner: 0, loser: 2, count: 1 }])).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [], 0)).toThrow(RangeError);
  });
});
