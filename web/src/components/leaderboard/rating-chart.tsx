/**
 * Ratings with their 95% intervals, one row per entry: a label, then an SVG
 * strip with the interval as a bar and the rating as a dot, on an axis
 * shared by the rows. Coordinates are percentages of the strip's width, so
 * the chart fits any screen without scaling its text; each row also says its
 * figures in words for screen readers.
 */
import { For, type Component } from 'solid-js';

/** What the chart draws of an entry. */
export interface ChartEntry {
  key: string;
  label: string;
  /** A second, smaller line under the label (the provider and model). */
  detail: string;
  rating: number;
  ci: [number, number];
}

/** Round ticks covering [low, high]: steps of 1, 2 or 5 times a power of ten, at most about six of them. */
export function ticksFor(low: number, high: number): number[] {
  const span = Math.max(high - low, 1);
  const rough = span / 6;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step) ticks.push(tick);
  return ticks;
}

/** The axis's span: every interval, padded a little, and 1000 (the pool's average) always in view. */
export function spanOf(entries: ChartEntry[]): [number, number] {
  const low = Math.min(1000, ...entries.map((entry) => entry.ci[0]));
  const high = Math.max(1000, ...entries.map((entry) => entry.ci[1]));
  const pad = Math.max((high - low) * 0.05, 5);
  return [low - pad, high + pad];
}

export const RatingChart: Component<{ entries: ChartEntry[]; title: string }> = (props) => {
  const span = () => spanOf(props.entries);
  const x = (rating: number) => `${(((rating - span()[0]) / (span()[1] - span()[0])) * 100).toFixed(2)}%`;
  return (
    <figure class="rating-chart">
      <figcaption>{props.title}</figcaption>
      <ol>
        <For each={props.entries}>
          {(entry) => (
            <li>
              <span class="rating-label">
                {entry.label}
                <small>{entry.detail}</small>
              </span>
              <svg class="rating-strip" aria-hidden="true" height="20" width="100%">
                <line class="rating-centre" x1={x(1000)} x2={x(1000)} y1="0" y2="20" />
                <line class="rating-interval" x1={x(entry.ci[0])} x2={x(entry.ci[1])} y1="10" y2="10" />
                <circle class="rating-dot" cx={x(entry.rating)} cy="10" r="5" />
              </svg>
              <span class="rating-value">
                {Math.round(entry.rating)}
                <span class="visually-hidden">
                  , 95% interval {Math.round(entry.ci[0])} to {Math.round(entry.ci[1])}
                </span>
              </span>
            </li>
          )}
        </For>
        <li class="rating-axis" aria-hidden="true">
          <span />
          <svg height="18" width="100%" aria-hidden="true">
            <For each={ticksFor(...span())}>
              {(tick) => (
                <text x={x(tick)} y="13" text-anchor="middle">
                  {tick}
                </text>
              )}
            </For>
          </svg>
          <span />
        </li>
      </ol>
    </figure>
  );
};
