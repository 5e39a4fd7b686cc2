/** Every AI provider as `GET /api/providers` reports it: configured, healthy, circuit, models. */
import { For, Show, type Component } from 'solid-js';
import { providerName, type Provider } from '../lib/catalog.ts';
import './provider-table.css';

interface Props {
  providers: readonly Provider[];
  /** The fallback order in force (configured providers only). */
  fallbackOrder: readonly Provider['id'][];
}

function health(provider: Provider): string {
  if (provider.healthy === null) return 'not probed';
  return provider.healthy ? 'yes' : `no (${provider.error ?? 'unknown'})`;
}

/** A table of providers (scrolls sideways on a narrow screen) and the fallback order. */
export const ProviderTable: Component<Props> = (props) => {
  const nameOf = (id: Provider['id']) => {
    const provider = props.providers.find((candidate) => candidate.id === id);
    return provider ? providerName(provider) : id;
  };
  return (
    <>
      <section class="table-scroll" tabindex="0" aria-label="AI providers table">
        <table class="provider-table">
          <caption>AI providers</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Configured</th>
              <th scope="col">Healthy</th>
              <th scope="col">Circuit</th>
              <th scope="col">Default model</th>
              <th scope="col">Models</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.providers}>
              {(provider) => (
                <tr classList={{ unconfigured: !provider.configured }}>
                  <th scope="row">
                    {provider.label}
                    <Show when={provider.demo}>
                      {' '}
                      <span class="badge">demo</span>
                    </Show>
                  </th>
                  <td>{provider.configured ? 'yes' : 'no'}</td>
                  <td classList={{ ok: provider.healthy === true, error: provider.healthy === false }}>
                    {health(provider)}
                  </td>
                  <td
                    classList={{
                      ok: provider.circuit === 'closed',
                      error: provider.circuit === 'open',
                      warning: provider.circuit === 'half-open',
                    }}
                  >
                    {provider.circuit}
                  </td>
                  <td>
                    <code>{provider.defaultModel}</code>
                  </td>
                  <td>{provider.models.length > 0 ? provider.models.join(', ') : '—'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <p>Fallback order: {props.fallbackOrder.map(nameOf).join(' → ') || 'none'}</p>
    </>
  );
};
