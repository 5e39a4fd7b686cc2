/** Providers: the state of the system and of each AI provider. */
import { createResource, Match, Switch, type Component } from 'solid-js';
import { HealthPanel } from '../components/health-panel.tsx';
import { ProviderTable } from '../components/provider-table.tsx';
import { fetchHealth } from '../lib/api.ts';
import { fetchProviders } from '../lib/catalog.ts';
import '../components/forms.css';

const Page: Component = () => {
  const [providers] = createResource(fetchProviders);
  return (
    <>
      <h1>Providers</h1>
      <HealthPanel load={fetchHealth} />
      <section aria-labelledby="providers-title">
        <h2 id="providers-title">Status by provider</h2>
        <Switch>
          <Match when={providers.error}>
            <p role="alert">Could not load the providers: {String(providers.error?.message ?? providers.error)}</p>
          </Match>
          <Match when={providers()}>
            {(body) => <ProviderTable providers={body().providers} fallbackOrder={body().fallbackOrder} />}
          </Match>
        </Switch>
      </section>
    </>
  );
};

export default Page;
