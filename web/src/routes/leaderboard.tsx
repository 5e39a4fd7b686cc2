/**
 * The leaderboard: each persona × provider × model rated from the audience's
 * picks of the best message of each round in public rooms (Bradley-Terry,
 * as LMSYS's arena rates models), for the last day, week or all time. A
 * table and a chart of the ratings with their 95% intervals per pool: real
 * models, then the demo provider's voices, rated apart. From GET /api/leaderboard.
 */
import { A, useSearchParams } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { createResource, For, Match, Show, Switch, type Component } from 'solid-js';
import { RatingChart } from '../components/leaderboard/rating-chart.tsx';
import { api, readApiError } from '../lib/api.ts';
import './leaderboard.css';

type Board = InferResponseType<typeof api.api.leaderboard.$get, 200>;
type Entry = Board['entries'][number];
type Window = Board['window'];

const WINDOWS: { value: Window; label: string }[] = [
  { value: 'day', label: 'Last day' },
  { value: 'week', label: 'Last week' },
  { value: 'all', label: 'All time' },
];

const POOLS: { pool: Entry['pool']; title: string; note: string }[] = [
  { pool: 'models', title: 'Models', note: 'Personas on real models.' },
  { pool: 'demo', title: 'Demo voices', note: 'The demo provider’s canned replies, rated apart from real models.' },
];

async function fetchBoard(window: Window): Promise<Board> {
  const response = await api.api.leaderboard.$get({ query: { window } });
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

const Page: Component = () => {
  const [params, setParams] = useSearchParams<{ window?: string }>();
  const window = (): Window => WINDOWS.find((option) => option.value === params.window)?.value ?? 'week';
  const [board, { refetch }] = createResource(window, fetchBoard);
  return (
    <div class="leaderboard">
      <h1>Leaderboard</h1>
      <p class="leaderboard-intro">
        After each round, when every persona has spoken once, signed-in viewers pick the round’s best message. Each pick
        is a win over the round’s other messages; the ratings are a Bradley-Terry fit of those wins, on the Elo-like
        scale where the average entry is 1000, with 95% intervals. Only public rooms count.
      </p>
      <fieldset class="window-picker">
        <legend>Window</legend>
        <For each={WINDOWS}>
          {(option) => (
            <label>
              <input
                type="radio"
                name="window"
                value={option.value}
                checked={window() === option.value}
                onChange={() => setParams({ window: option.value })}
              />
              {option.label}
            </label>
          )}
        </For>
      </fieldset>
      <Switch>
        <Match when={board.error}>
          <p role="alert">
            Could not load the leaderboard: {String(board.error?.message ?? board.error)}{' '}
            <button type="button" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        </Match>
        <Match when={board.latest}>
          {(current) => (
            <div aria-busy={board.loading}>
              <Show
                when={current().entries.length > 0}
                fallback={
                  <p class="leaderboard-empty">
                    No ratings in this window yet. Ratings come from picks: <A href="/">watch a public room</A>, sign
                    in, and pick the best message when a round ends.
                  </p>
                }
              >
                <For each={POOLS.filter((pool) => current().entries.some((entry) => entry.pool === pool.pool))}>
                  {(pool) => (
                    <Pool
                      title={pool.title}
                      note={pool.note}
                      entries={current().entries.filter((entry) => entry.pool === pool.pool)}
                    />
                  )}
                </For>
              </Show>
              <p class="leaderboard-updated">Computed {new Date(current().generatedAt).toLocaleTimeString()}</p>
            </div>
          )}
        </Match>
        <Match when={board.loading}>
          <p aria-busy="true">Loading the leaderboard…</p>
        </Match>
      </Switch>
    </div>
  );
};

const whole = (value: number) => Math.round(value).toString();

const Pool: Component<{ title: string; note: string; entries: Entry[] }> = (props) => {
  const id = () => `pool-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section class="leaderboard-pool" aria-labelledby={id()}>
      <h2 id={id()}>{props.title}</h2>
      <p class="leaderboard-note">{props.note}</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label={`${props.title} ratings table`}>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Persona</th>
              <th scope="col">Rating</th>
              <th scope="col">95% interval</th>
              <th scope="col">Provider · model</th>
              <th scope="col">Picks</th>
              <th scope="col">Wins / comparisons</th>
              <th scope="col">Messages</th>
              <th scope="col">Reactions per message</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.entries}>
              {(entry, index) => (
                <tr>
                  <td>{index() + 1}</td>
                  <th scope="row">{entry.displayName}</th>
                  <td class="leaderboard-rating">{whole(entry.rating)}</td>
                  <td>
                    {whole(entry.ci[0])}–{whole(entry.ci[1])}
                  </td>
                  <td>
                    {entry.provider} · {entry.model}
                  </td>
                  <td>{entry.picks}</td>
                  <td>
                    {entry.wins} / {entry.comparisons}
                  </td>
                  <td>{entry.messages}</td>
                  <td>{entry.reactionsPerMessage.toFixed(2)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <RatingChart
        title={`${props.title}: ratings with their 95% intervals (the line marks 1000, the pool's average)`}
        entries={props.entries.map((entry) => ({
          key: `${entry.persona}|${entry.provider}|${entry.model}`,
          label: entry.displayName,
          detail: `${entry.provider} · ${entry.model}`,
          rating: entry.rating,
          ci: entry.ci,
        }))}
      />
    </section>
  );
};

export default Page;
