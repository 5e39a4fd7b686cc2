import { answer, apiError, json } from '../testing/fake-api.ts';
import { screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../lib/catalog.ts';
import { PROVIDERS } from '../testing/fixtures.ts';
import { renderPage } from '../testing/render-page.tsx';
import Providers from './providers.tsx';

const health = {
  status: 'ok',
  database: { status: 'ok', latencyMs: 3 },
  redis: { status: 'ok', latencyMs: 1 },
  providers: [{ id: 'demo', status: 'ok', circuit: 'closed' }],
};

describe('Providers', () => {
  it('shows the system health and a row per provider with its state and models, the demo one labelled "demo"', async () => {
    const failing: Provider = { ...PROVIDERS[0]!, healthy: false, error: 'auth', circuit: 'open', models: [] };
    answer('GET', '/api/health', () => json(200, health));
    answer('GET', '/api/providers', () =>
      json(200, { providers: [failing, ...PROVIDERS.slice(1)], fallbackOrder: ['openai', 'demo'] }),
    );
    renderPage(Providers, '/providers');
    expect(await screen.findByText('All systems go')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'AI providers' });
    const cells = (name: string) =>
      within(
        within(table)
          .getByRole('rowheader', { name: new RegExp(`^${name}`) })
          .closest('tr')!,
      )
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('OpenAI')).toEqual(['yes', 'no (auth)', 'open', 'gpt-4.1-mini', '—']);
    expect(cells('Anthropic')).toEqual(['no', 'not probed', 'closed', 'claude-haiku-4-5', '—']);
    expect(cells('Demo')).toEqual(['yes', 'yes', 'closed', 'chimera-demo', 'chimera-demo']);
    expect(within(table).getByRole('rowheader', { name: /^Demo/ })).toHaveTextContent('Demo (built-in, no AI) demo');
    expect(screen.getByText('Fallback order: OpenAI → demo')).toBeInTheDocument();
  });

  it('says when the provider list cannot be read', async () => {
    answer('GET', '/api/health', () => json(200, health));
    answer('GET', '/api/providers', () =>
      apiError(429, 'rate_limited', 'Too many requests.', { retryAfterSeconds: 5 }),
    );
    renderPage(Providers, '/providers');
    expect(await screen.findByText('Could not load the providers: Too many requests.')).toHaveAttribute(
      'role',
      'alert',
    );
  });
});
