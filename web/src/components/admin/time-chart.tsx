/**
 * A time-series chart drawn by uPlot, with its title and its figures as a
 * table for screen readers and anyone who prefers numbers. uPlot is loaded
 * on demand when the first chart draws, and this module is used only by the
 * admin route: no other page ever carries the library.
 */
import { createEffect, For, onCleanup, onMount, type Component } from 'solid-js';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

let library: Promise<typeof uPlot> | undefined;
/** uPlot, imported once. */
function loadUPlot(): Promise<typeof uPlot> {
  library ??= import('uplot').then((module) => module.default);
  return library;
}

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  color: string;
  /** One value per x, null where there is none. */
  values: (number | null)[];
}

interface Props {
  /** The chart's heading, also its accessible name. */
  title: string;
  /** Unix seconds of each point. */
  xs: number[];
  series: ChartSeries[];
  /** Formats a value for the axis and the table. */
  format: (value: number) => string;
  /** What the chart shows when it has no series, e.g. "No calls in this window." */
  empty: string;
  /** Element id prefix (unique on the page). */
  id: string;
  /** The values are counts: the axis shows whole numbers only ("0, 1, 2", never "1, 1, 1, 0, 0"). */
  integer?: boolean;
}

/** Steps an axis of counts may use between its ticks. */
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
  1_000_000,
];

/** The y range of a chart: from zero, so small values are not magnified; an all-zero chart keeps a unit scale; counts end on a whole number. */
export function yRange(min: number, max: number, integer: boolean): [number, number] {
  const top = max > 0 ? max * 1.1 : 1;
  return [Math.min(0, min), integer ? Math.max(1, Math.ceil(top)) : top];
}

const HEIGHT = 220;

function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** A uPlot line chart of `series` over `xs`, resized with its container, redrawn when the data change. */
export const TimeChart: Component<Props> = (props) => {
  let container!: HTMLDivElement;
  let plot: uPlot | undefined;

  let disposed = false;
  const draw = async () => {
    const xs = props.xs;
    const chartSeries = props.series;
    const UPlot = await loadUPlot();
    plot?.destroy();
    plot = undefined;
    if (disposed || chartSeries.length === 0) return;
    const axis = {
      stroke: cssVariable('--muted'),
      grid: { stroke: cssVariable('--border'), width: 1 },
      ticks: { stroke: cssVariable('--border') },
    };
    const options: uPlot.Options = {
      width: Math.max(280, container.clientWidth),
      height: HEIGHT,
      scales: {
        // One sample alone would stretch the time axis over years: give it two minutes around it.
        x: xs.length === 1 ? { time: true, auto: false, range: [xs[0]! - 60, xs[0]! + 60] } : { time: true },
        y: { range: (_: uPlot, min: number, max: number) => yRange(min, max, props.integer === true) },
      },
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...chartSeries.map((series) => ({
          label: series.label,
          stroke: series.color,
          width: 2,
          points: { show: true, size: 5 },
          spanGaps: false,
          value: (_: uPlot, value: number | null) => (value === null ? '—' : props.format(value)),
        })),
      ],
      axes: [
        axis,
        {
          ...axis,
          size: 64,
          ...(props.integer ? { incrs: INTEGER_STEPS } : {}),
          values: (_: uPlot, ticks: number[]) => ticks.map((tick) => props.format(tick)),
        },
      ],
    };
    plot = new UPlot(options, [xs, ...chartSeries.map((series) => series.values)] as uPlot.AlignedData, container);
  };

  onMount(() => {
    const observer = new ResizeObserver(() =>
      plot?.setSize({ width: Math.max(280, container.clientWidth), height: HEIGHT }),
    );
    observer.observe(container);
    // Axis and grid colours come from the theme: redraw when it changes.
    const themeWatch = new MutationObserver(() => void draw());
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    onCleanup(() => {
      observer.disconnect();
      themeWatch.disconnect();
    });
  });
  // Redrawn whenever the data change (draw reads them before its first await, so the effect tracks them).
  createEffect(() => void draw());
  onCleanup(() => {
    disposed = true;
    plot?.destroy();
  });

  const time = (seconds: number) =>
    new Date(seconds * 1000).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <figure class="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <div
        ref={container}
        class="chart-canvas"
        role="img"
        aria-label={`${props.title}: chart; the same figures are in the table below.`}
        data-series={props.series.length}
      />
      {props.series.length === 0 ? <p class="chart-empty">{props.empty}</p> : null}
      <details>
        <summary>Data table: {props.title}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <For each={props.series}>{(series) => <th scope="col">{series.label}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.xs}>
                {(x, index) => (
                  <tr>
                    <th scope="row">{time(x)}</th>
                    <For each={props.series}>
                      {(series) => (
                        <td>{series.values[index()] === null ? '—' : props.format(series.values[index()]!)}</td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
};
