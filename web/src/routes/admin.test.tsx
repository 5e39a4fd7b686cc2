import { render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Page from './admin.tsx';

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('the admin page', () => {
  it('tells a signed-in non-admin that the dashboard is for admins only', async () => {
    const fetch = answer(403, { error: { code: 'not_admin', message: 'Only admins may see this.' } });
    render(() => <Page />);
    expect(await screen.findByRole('alert')).toHaveTextContent('403 — this dashboard is for admins only');
    expect(String(fetch.mock.calls[0]?.[0])).toContain('/api/admin/stats?window=hour');
  });

  it('says what went wrong when the figures cannot be loaded', async () => {
    answer(503, { error: { code: 'room_unavailable', message: 'The room did not answer; try again.' } });
    render(() => <Page />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the figures: The room did not answer; try again.',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
