import { Route, Router } from '@solidjs/router';
import { render, screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { CircuitTable, ModelTable, SpendPanel } from './stats-tables.tsx';
import type { Stats } from './stats-types.ts';

const stats: Stats = {
  window: 'hour',
  from: '2026-11-24T10:00:00.000Z',
  until: '2026-11-24T11:00:00.000Z',
  generatedAt: '2026-11-24T11:00:00.000Z',
  bucketSeconds: 300,
  buckets: [],
  totals: { calls: 7, errors: 3, costUsd: 0.0123, inputTokens: 5000, outputTokens: 900 },
  models: [
    {
      provider: 'openai',
      model: 'gpt-4.1-mini',
      calls: 5,
      ok: 2,
      errors: 3,
      aborted: 0,
      errorsByClass: { server: 2, stalled: 1 },
      timeToFirstTokenMs: { p50: 420, p95: 1800, p99: 1960 },
      durationMs: { p50: 2400, p95: 5100, p99: 5180 },
      inputTokens: 4000,
      outputTokens: 700,
      costUsd: 0.0123,
    },
    {
      provider: 'demo',
      model: 'chimera-demo',
      calls: 2,
      ok: 2,
      errors: 0,
      aborted: 0,
      errorsByClass: {},
      timeToFirstTokenMs: null,
      durationMs: null,
      inputTokens: 1000,
      outputTokens: 200,
      costUsd: 0,
    },
  ],
  series: [],
  conversations: [],
  system: {
    liveRooms: 1,
    viewers: 4,
    outboxBacklog: 0,
    quarantinedRows: 0,
    rooms: [],
    roomsUnreachable: 0,
    circuits: [
      { provider: 'openai', configured: true, state: 'open' },
      { provider: 'demo', configured: true, state: 'closed' },
    ],
  },
  spend: {
    dailySpentUsd: 21,
    dailyLimitUsd: 25,
    dailyLevel: 'warning',
    conversationLimitUsd: 5,
    warningRatio: 0.8,
    stops: [
      {
        conversationId: '6f1c8b1e-6a53-4a59-9d0c-0c1a3e2b7c11',
        title: 'Free will',
        limit: 'conversation',
        at: '2026-11-24T10:40:00.000Z',
      },
    ],
  },
};

describe('the dashboard tables', () => {
  it('show each provider and model with its errors by class and its latency percentiles', () => {
    render(() => <ModelTable stats={stats} />);
    const row = screen.getByRole('row', { name: /openai · gpt-4.1-mini/ });
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      '5',
      '3 (60%) server 2, stalled 1',
      '420 ms / 1.8 s',
      '2.4 s / 5.1 s / 5.2 s',
      '4,000 / 700',
      '$0.0123',
    ]);
    expect(within(screen.getByRole('row', { name: /demo · chimera-demo/ })).getAllByRole('cell')[2]).toHaveTextContent(
      '—',
    );
  });

  it("show each circuit's state with the provider's error rate", () => {
    render(() => <CircuitTable stats={stats} />);
    expect(
      within(screen.getByRole('row', { name: /^openai/ }))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['yes', 'open', '5', '60%']);
  });

  it("show today's spend against the daily limit with its level, and the conversations a limit stopped", async () => {
    render(() => (
      <Router>
        <Route path="*" component={() => <SpendPanel stats={stats} />} />
      </Router>
    ));
    expect(await screen.findByRole('status')).toHaveTextContent('Today (UTC): $21.00 of $25.00 — warning');
    expect(screen.getByText(/Per conversation: \$5\.00; warnings from 80% of a limit/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Free will' })).toHaveAttribute(
      'href',
      '/rooms/6f1c8b1e-6a53-4a59-9d0c-0c1a3e2b7c11',
    );
    expect(screen.getByRole('listitem')).toHaveTextContent(/^Free will: conversation limit, /);
  });
});
