/** The dashboard's charts: cost, latency, error rate and calls per provider over the window, and the live figures since the page opened. */
import type { Component } from 'solid-js';
import { TimeChart, type ChartSeries } from './time-chart.tsx';
import { count, duration, percent, PROVIDER_COLORS, usd, type Stats } from './stats-types.ts';

/** A sample of the live figures, taken at each refresh. */
export interface LiveSample {
  at: number;
  liveRooms: number;
  viewers: number;
  outboxBacklog: number;
}

interface Props {
  stats: Stats;
  live: LiveSample[];
}

const colorOf = (provider: string) => PROVIDER_COLORS[provider] ?? '#888888';

/** The window's charts, then the live one. */
export const StatsCharts: Component<Props> = (props) => {
  const xs = () => props.stats.buckets.map((bucket) => Date.parse(bucket) / 1000);
  const perProvider = (pick: (series: Stats['series'][number]) => (number | null)[]): ChartSeries[] =>
    props.stats.series.map((series) => ({
      label: series.provider,
      color: colorOf(series.provider),
      values: pick(series),
    }));
  const latency = (): ChartSeries[] =>
    props.stats.series.flatMap((series) => [
      { label: `${series.provider} p50`, color: colorOf(series.provider), values: series.durationP50Ms },
      { label: `${series.provider} p95`, color: `${colorOf(series.provider)}99`, values: series.durationP95Ms },
    ]);
  const errorRate = () =>
    perProvider((series) => series.calls.map((calls, index) => (calls === 0 ? null : series.errors[index]! / calls)));
  const empty = 'No provider calls in this window.';
  return (
    <div class="chart-grid">
      <TimeChart
        id="chart-cost"
        title="Cost by provider (USD per interval)"
        xs={xs()}
        series={perProvider((series) => series.costUsd)}
        format={usd}
        empty={empty}
      />
      <TimeChart
        id="chart-latency"
        title="Latency by provider (p50 and p95 of successful calls)"
        xs={xs()}
        series={latency()}
        format={duration}
        empty={empty}
      />
      <TimeChart
        id="chart-errors"
        title="Error rate by provider"
        xs={xs()}
        series={errorRate()}
        format={percent}
        empty={empty}
      />
      <TimeChart
        id="chart-calls"
        title="Calls by provider"
        xs={xs()}
        series={perProvider((series) => series.calls)}
        format={count}
        empty={empty}
        integer
      />
      <TimeChart
        id="chart-live"
        title="Live rooms and viewers (since this page opened)"
        xs={props.live.map((sample) => sample.at / 1000)}
        series={[
          { label: 'live rooms', color: '#2f81f7', values: props.live.map((sample) => sample.liveRooms) },
          { label: 'viewers', color: '#1a7f37', values: props.live.map((sample) => sample.viewers) },
          { label: 'outbox backlog', color: '#9a6700', values: props.live.map((sample) => sample.outboxBacklog) },
        ]}
        format={count}
        integer
        empty="Waiting for the first sample."
      />
    </div>
  );
};
