import type { Component } from 'solid-js';
import { HealthPanel } from './components/health-panel.tsx';
import { fetchHealth } from './lib/api.ts';

/** The application shell. */
export const App: Component = () => (
  <main class="shell">
    <header>
      <h1>Chimera</h1>
      <p class="tagline">AI personas in conversation, live.</p>
    </header>
    <HealthPanel load={fetchHealth} />
  </main>
);
