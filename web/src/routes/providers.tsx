/** Providers: the state of the system and of each AI provider. */
import type { Component } from 'solid-js';
import { HealthPanel } from '../components/health-panel.tsx';
import { fetchHealth } from '../lib/api.ts';

const Page: Component = () => (
  <>
    <h1>Providers</h1>
    <HealthPanel load={fetchHealth} />
  </>
);

export default Page;
