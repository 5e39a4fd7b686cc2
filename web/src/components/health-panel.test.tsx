import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Health } from '../../../worker/src/routes/health.ts';
import { HealthPanel } from './health-panel.tsx';

const healthy: Health = {
  status: 'ok',
  database: { status: 'ok', latencyMs: 4 },
  redis: { status: 'ok', latencyMs: 2 },
  providers: [{ id: 'demo', status: 'ok', circuit: 'closed' }],
};

describe('HealthPanel', () => {
  it('shows every dependency as the API reports it, labelling the demo provider', async () => {
    render(() => <HealthPanel load={async () => healthy} />);
    expect(await screen.findByText('All systems go')).toBeInTheDocument();
    expect(screen.getByText('ok (4 ms)')).toBeInTheDocument();
    expect(screen.getByText('demo (demo): ok')).toBeInTheDocument();
  });

  it('shows a degraded dependency with its error', async () => {
    const degraded: Health = {
      ...healthy,
      status: 'degraded',
      redis: { status: 'error', latencyMs: 5000, error: 'UPSTASH_REDIS_REST_URL: fetch failed' },
    };
    render(() => <HealthPanel load={async () => degraded} />);
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(screen.getByText('error: UPSTASH_REDIS_REST_URL: fetch failed')).toBeInTheDocument();
  });

  it('says when the API cannot be reached, and checks again on request', async () => {
    let calls = 0;
    render(() => (
      <HealthPanel
        load={async () => {
          calls += 1;
          if (calls === 1) throw new Error('Failed to fetch');
          return healthy;
        }}
      />
    ));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the API: Failed to fetch');
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(await screen.findByText('All systems go')).toBeInTheDocument();
  });
});
