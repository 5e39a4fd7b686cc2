import { answer, json, requestsTo } from '../testing/fake-api.ts';
import { fireEvent, screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { spanOf, ticksFor } from '../components/leaderboard/rating-chart.tsx';
import { renderPage } from '../testing/render-page.tsx';
import Leaderboard from './leaderboard.tsx';

const entry = (overrides: Record<string, unknown>) => ({
  persona: 'philosopher',
  displayName: 'The Philosopher',
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  pool: 'models',
  rating: 1062.4,
  ci: [990.2, 1134.6],
  picks: 3,
  wins: 5,
  comparisons: 6,
  messages: 9,
  reactions: 4,
  reactionsPerMessage: 4 / 9,
  ...overrides,
});

const board = (window: string, entries: unknown[]) => ({ window, entries, generatedAt: '2026-12-01T12:00:00.000Z' });

describe('Leaderboard', () => {
  it('shows a table and a chart per pool, models first, and switches the window', async () => {
    answer('GET', '/api/leaderboard', (request) =>
      json(
        200,
        new URLSearchParams(request.search).get('window') === 'day'
          ? board('day', [])
          : board('week', [
              entry({}),
              entry({ persona: 'comedian', displayName: 'The Comedian', rating: 937.6, ci: [860, 1015] }),
              entry({ provider: 'demo', model: 'chimera-demo', pool: 'demo', rating: 1000, ci: [900, 1100] }),
            ]),
      ),
    );
    const page = renderPage(Leaderboard, '/leaderboard');
    const models = await screen.findByRole('region', { name: 'Models ratings table' });
    const rows = within(models).getAllByRole('row').slice(1);
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['1', '1062', '990–1135', 'anthropic · claude-haiku-4-5', '3', '5 / 6', '9', '0.44']);
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('The Comedian');
    expect(screen.getByRole('region', { name: 'Demo voices ratings table' })).toBeInTheDocument();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(headings).toEqual(['Models', 'Demo voices']);
    // The chart says each rating and its interval in words.
    const charts = screen.getAllByRole('figure');
    expect(charts).toHaveLength(2);
    expect(within(charts[0]!).getAllByRole('listitem')[0]).toHaveTextContent(
      'The Philosopheranthropic · claude-haiku-4-51062, 95% interval 990 to 1135',
    );
    expect(requestsTo('GET', '/api/leaderboard')[0]?.search).toBe('?window=week');

    fireEvent.click(screen.getByRole('radio', { name: 'Last day' }));
    expect(await screen.findByText(/No ratings in this window yet/)).toBeInTheDocument();
    expect(page.location()).toBe('/leaderboard?window=day');
    expect(requestsTo('GET', '/api/leaderboard').at(-1)?.search).toBe('?window=day');
  });

  it('draws an axis of round ticks that holds every interval and 1000', () => {
    const span = spanOf([{ key: 'a', label: 'a', detail: 'b', rating: 1200, ci: [1150, 1260] }]);
    expect(span[0]).toBeLessThan(1000);
    expect(span[1]).toBeGreaterThan(1260);
    expect(ticksFor(987, 1273)).toEqual([1000, 1050, 1100, 1150, 1200, 1250]);
  });
});
