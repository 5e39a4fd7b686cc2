import { describe, expect, it } from 'vitest';
import { visibleWindow } from './virtual-window.ts';

describe('visibleWindow', () => {
  const rows = Array.from({ length: 1000 }, () => 100);

  it('covers the viewport plus the overscan, with spacers for the rest', () => {
    expect(visibleWindow(rows, 0, 450, 2)).toEqual({ start: 0, end: 7, before: 0, after: 99_300 });
    expect(visibleWindow(rows, 50_000, 450, 2)).toEqual({ start: 498, end: 507, before: 49_800, after: 49_300 });
  });

  it('follows rows of different heights', () => {
    expect(visibleWindow([10, 500, 10, 10, 10], 20, 100, 0)).toEqual({ start: 1, end: 2, before: 10, after: 30 });
  });

  it('shows the last rows when scrolled past the end, and nothing of an empty list', () => {
    expect(visibleWindow([100, 100], 5000, 400, 0)).toMatchObject({ start: 1, end: 2 });
    expect(visibleWindow([], 0, 400, 3)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
