/**
 * The operator's dashboard (admins only): the provider call log of the chosen
 * window as charts and tables, the live rooms, the circuits and the spend
 * limits, refreshed every REFRESH_MS. Everything comes from GET /api/admin/stats.
 */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Match, onCleanup, Show, Switch, type Component } from 'solid-js';
import { StatsCharts, type LiveSample } from '../components/admin/stats-charts.tsx';
import { CircuitTable, ConversationTable, ModelTable, SpendPanel } from '../components/admin/stats-tables.tsx';
import { count, percent, usd, type Stats } from '../components/admin/stats-types.ts';
import { api, ApiError, readApiError } from '../lib/api.ts';
import './admin.css';

type StatsWindow = 'hour' | 'day' | 'week';

const WINDOWS: { value: StatsWindow; label: string }[] = [
  { value: 'hour', label: 'Last hour' },
  { value: 'day', label: 'Last day' },
  { value: 'week', label: 'Last week' },
];

/** How often the figures are fetched again (the Worker caches them for 10 s). */
const REFRESH_MS = 15_000;
/** Live samples kept for the live chart. */
const LIVE_SAMPLES = 60;

async function fetchStats(window: StatsWindow): Promise<Stats> {
  const response = await api.api.admin.stats.$get({ query: { window } });
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

const Page: Component = () => {
  const [window, setWindow] = createSignal<StatsWindow>('hour');
  const [live, setLive] = createSignal<LiveSample[]>([]);
  const [stats, { refetch }] = createResource(window, async (chosen) => {
    const result = await fetchStats(chosen);
    const sample = { at: Date.parse(result.generatedAt), ...result.system };
    // A cached answer repeats an earlier sample; the chart needs each time once, in order.
    setLive((samples) =>
      samples.some((known) => known.at === sample.at)
        ? samples
        : [...samples, sample].sort((a, b) => a.at - b.at).slice(-LIVE_SAMPLES),
    );
    return result;
  });
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const failure = () => (stats.error instanceof ApiError ? stats.error : null);

  return (
    <div class="admin">
      <h1>Operator dashboard</h1>
      <Switch>
        <Match when={failure()?.status === 401}>
          <p role="alert">
            Sign in as an admin to see the dashboard. <A href="/sign-in">Sign in</A>
          </p>
        </Match>
        <Match when={failure()?.status === 403}>
          <p role="alert" class="forbidden">
            403 — this dashboard is for admins only: the first account registered, or an account named in
            ADMIN_USERNAMES.
          </p>
        </Match>
        <Match when={stats.error}>
          <p role="alert">Could not load the figures: {String(stats.error?.message ?? stats.error)}</p>
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </Match>
        <Match when={stats.latest}>
          {(current) => (
            <Dashboard stats={current()} live={live()} window={window()} onWindow={setWindow} loading={stats.loading} />
          )}
        </Match>
        <Match when={stats.loading}>
          <p aria-busy="true">Loading the figures…</p>
        </Match>
      </Switch>
    </div>
  );
};

interface DashboardProps {
  stats: Stats;
  live: LiveSample[];
  window: StatsWindow;
  onWindow: (window: StatsWindow) => void;
  loading: boolean;
}

const Dashboard: Component<DashboardProps> = (props) => (
  <>
    <fieldset class="window-picker">
      <legend>Window</legend>
      <For each={WINDOWS}>
        {(option) => (
          <label>
            <input
              type="radio"
              name="window"
              value={option.value}
              checked={props.window === option.value}
              onChange={() => props.onWindow(option.value)}
            />
            {option.label}
          </label>
        )}
      </For>
      <span class="muted" aria-live="polite">
        {props.loading ? 'Refreshing…' : `Updated ${new Date(props.stats.generatedAt).toLocaleTimeString()}`}
      </span>
    </fieldset>

    <section aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">
        Summary
      </h2>
      <dl class="summary">
        <Figure name="Calls" value={count(props.stats.totals.calls)} />
        <Figure
          name="Errors"
          value={`${count(props.stats.totals.errors)} (${percent(props.stats.totals.calls === 0 ? 0 : props.stats.totals.errors / props.stats.totals.calls)})`}
        />
        <Figure name="Cost" value={usd(props.stats.totals.costUsd)} />
        <Figure name="Tokens" value={count(props.stats.totals.inputTokens + props.stats.totals.outputTokens)} />
        <Figure name="Live rooms" value={count(props.stats.system.liveRooms)} />
        <Figure name="Viewers" value={count(props.stats.system.viewers)} />
        <Figure name="Outbox backlog" value={count(props.stats.system.outboxBacklog)} />
        <Figure name="Quarantined rows" value={count(props.stats.system.quarantinedRows)} />
      </dl>
      <Show when={props.stats.system.quarantinedRows > 0}>
        <p class="level level-warning">
          {props.stats.system.quarantinedRows} outbox row(s) refused by Postgres are set aside: see the
          `outbox-row-quarantined` log lines.
        </p>
      </Show>
      <Show when={props.stats.system.roomsUnreachable > 0}>
        <p class="level level-warning">{props.stats.system.roomsUnreachable} live room(s) did not answer in time.</p>
      </Show>
    </section>

    <SpendPanel stats={props.stats} />
    <StatsCharts stats={props.stats} live={props.live} />
    <CircuitTable stats={props.stats} />
    <ModelTable stats={props.stats} />
    <ConversationTable stats={props.stats} />
  </>
);

const Figure: Component<{ name: string; value: string }> = (props) => (
  <div>
    <dt>{props.name}</dt>
    <dd>{props.value}</dd>
  </div>
);

export default Page;
