/** Which rows of a long list to draw: the ones in view plus a margin, with the space the others take. Pure, so it is tested alone. */

/** The rows to render, [start, end), and the height of the rows left out above and below. */
export interface VirtualWindow {
  start: number;
  end: number;
  before: number;
  after: number;
}

/** The window of `heights` (one per row, px) that covers the viewport, widened by `overscan` rows each side. */
export function visibleWindow(
  heights: readonly number[],
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): VirtualWindow {
  const count = heights.length;
  let top = 0;
  let first = count;
  let last = count;
  for (let index = 0; index < count; index += 1) {
    const bottom = top + heights[index]!;
    if (first === count && bottom > scrollTop) first = index;
    if (top >= scrollTop + viewportHeight) {
      last = index;
      break;
    }
    top = bottom;
  }
  // Scrolled past the end (the list shrank): show the last rows.
  if (first === count) first = Math.max(0, count - 1);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + overscan);
  let before = 0;
  for (let index = 0; index < start; index += 1) before += heights[index]!;
  let after = 0;
  for (let index = end; index < count; index += 1) after += heights[index]!;
  return { start, end, before, after };
}
