import { describe, expect, it } from 'vitest';
import { yRange } from './time-chart.tsx';

describe('yRange: the y scale of a dashboard chart', () => {
  it('ends a count axis on a whole number, so its ticks read 0, 1, 2 rather than 1, 1, 1, 0, 0', () => {
    expect(yRange(0, 1, true)).toEqual([0, 2]);
    expect(yRange(0, 0, true)).toEqual([0, 1]);
    expect(yRange(0, 9, true)).toEqual([0, 10]);
  });

  it('starts every chart at zero and leaves other figures unrounded', () => {
    expect(yRange(3, 10, false)).toEqual([0, 11]);
    expect(yRange(0, 0.002, false)[1]).toBeCloseTo(0.0022);
  });
});
