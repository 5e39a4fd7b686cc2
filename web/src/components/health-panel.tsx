import { createResource, For, Match, Switch, type Component } from 'solid-js';
import type { Check, Health } from '../../../worker/src/routes/health.ts';

interface Props {
  /** Fetches the health report. */
  load: () => Promise<Health>;
}

/** The state of the database, Redis and providers, as `GET /api/health` reports it. */
export const HealthPanel: Component<Props> = (props) => {
  const [health, { refetch }] = createResource(() => props.load());
  return (
    <section class="health" aria-labelledby="health-title" aria-busy={health.loading}>
      <h2 id="health-title">System health</h2>
      <Switch>
        <Match when={health.error}>
          <p role="alert">Could not reach the API: {String(health.error?.message ?? health.error)}</p>
        </Match>
        <Match when={health()}>
          {(report) => (
            <>
              <p class={`overall ${report().status}`}>{report().status === 'ok' ? 'All systems go' : 'Degraded'}</p>
              <dl>
                <CheckRow name="Database" check={report().database} />
                <CheckRow name="Redis" check={report().redis} />
                <dt>Providers</dt>
                <dd>
                  <ul>
                    <For each={report().providers}>
                      {(provider) => (
                        <li>
                          {provider.id}
                          {provider.id === 'demo' ? ' (demo)' : ''}: {provider.status}
                        </li>
                      )}
                    </For>
                  </ul>
                </dd>
              </dl>
            </>
          )}
        </Match>
      </Switch>
      <button type="button" onClick={() => refetch()}>
        Check again
      </button>
    </section>
  );
};

const CheckRow: Component<{ name: string; check: Check }> = (props) => (
  <>
    <dt>{props.name}</dt>
    <dd class={props.check.status}>
      {props.check.status === 'ok' ? `ok (${props.check.latencyMs} ms)` : `error: ${props.check.error ?? 'unknown'}`}
    </dd>
  </>
);
