import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_ADMIN } from '../../scripts/test/e2e-setup.ts';
import { launchBrowser, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const appUrl = () => inject('appUrl');

/** Calls the API from the page, as the app would (same origin, its cookie); answers status and body. */
function callApi(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    [method, path, body] as const,
  );
}

/** Signs the page up as `username` (or in, when an earlier run of this server registered it). */
async function signUp(page: Page, username: string): Promise<void> {
  await page.goto(appUrl());
  const registered = await callApi(page, 'POST', '/api/auth/register', {
    username,
    email: `${username}@example.com`,
    password: 'correct horse battery',
  });
  if (registered.status === 409)
    expect(
      (await callApi(page, 'POST', '/api/auth/login', { login: username, password: 'correct horse battery' })).status,
    ).toBe(200);
  else expect(registered.status, JSON.stringify(registered.body)).toBe(201);
}

const PERSONAS = ['philosopher', 'comedian'].map((persona) => ({ persona, provider: 'demo', model: 'chimera-demo' }));

describe('the operator dashboard, in Chromium against npm run dev', () => {
  it('draws its charts and tables from a few conversations on the demo provider', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signUp(page, E2E_ADMIN);
    expect((await callApi(page, 'GET', '/api/auth/me')).body.user.isAdmin).toBe(true);

    const ids: string[] = [];
    for (const topic of ['Whether cats plan ahead', 'The best bread', 'Why queues form']) {
      const created = await callApi(page, 'POST', '/api/conversations', {
        title: `Dashboard: ${topic}`,
        topic,
        personas: PERSONAS,
        maxTurns: 20,
        budgetUsd: 1,
        visibility: 'unlisted',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
      expect((await callApi(page, 'POST', `/api/conversations/${created.body.id}/start`)).status).toBe(200);
    }
    // A viewer on the first room (in its own tab, which stays open), so the live figures have one.
    const viewerPage = await browser.newPage();
    await viewerPage.goto(appUrl());
    await viewerPage.evaluate(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(url);
          Object.assign(globalThis, { dashboardViewer: socket });
          socket.addEventListener('open', () => resolve());
          socket.addEventListener('error', () => reject(new Error('the viewer could not connect')));
        }),
      new URL(`/ws/conversation/${ids[0]}`, appUrl()).href.replace(/^http/, 'ws'),
    );

    // Each finished turn reaches Postgres (messages and the provider call log) through the room's outbox.
    const messagesOf = async (id: string) =>
      (await callApi(page, 'GET', `/api/conversations/${id}/messages`)).body.messages.length as number;
    const deadline = Date.now() + 100_000;
    while ((await Promise.all(ids.map(messagesOf))).some((count) => count < 2)) {
      expect(Date.now(), 'every conversation should finish two turns').toBeLessThan(deadline);
      await page.waitForTimeout(1000);
    }

    await page.goto(new URL('/admin', appUrl()).href);
    await page.getByRole('heading', { name: 'Operator dashboard' }).waitFor();
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(1);
    await page.locator('.chart-canvas canvas').first().waitFor();

    // The call-log charts are drawn by uPlot, each with at least one series and non-blank pixels.
    for (const title of [
      'Cost by provider (USD per interval)',
      'Latency by provider (p50 and p95 of successful calls)',
      'Error rate by provider',
      'Calls by provider',
    ]) {
      const figure = page.getByRole('figure', { name: title });
      expect(Number(await figure.locator('.chart-canvas').getAttribute('data-series')), title).toBeGreaterThan(0);
      const inked = await figure
        .locator('canvas')
        .first()
        .evaluate((canvas: any) => {
          const pixels: Uint8ClampedArray = canvas
            .getContext('2d')
            .getImageData(0, 0, canvas.width, canvas.height).data;
          let opaque = 0;
          for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) opaque++;
          return opaque;
        });
      expect(inked, title).toBeGreaterThan(0);
    }
    // The calls chart's table: the demo provider made calls in the last hour.
    const callsTable = page.getByRole('figure', { name: 'Calls by provider' }).locator('table.data-table');
    const demoCalls = await callsTable.evaluate((table: any) => {
      const column = [...table.tHead.rows[0].cells].findIndex((cell: any) => cell.textContent === 'demo');
      return [...table.tBodies[0].rows].reduce(
        (total: number, row: any) => total + (Number(row.cells[column]?.textContent?.replaceAll(',', '')) || 0),
        0,
      );
    });
    expect(demoCalls).toBeGreaterThanOrEqual(6);

    // The summary, the models and the conversations.
    const figure = async (name: string) =>
      Number(
        (await page.locator('.summary div', { hasText: name }).locator('dd').textContent())!
          .split(' ')[0]!
          .replaceAll(',', ''),
      );
    expect(await figure('Calls')).toBeGreaterThanOrEqual(6);
    expect(await figure('Live rooms')).toBeGreaterThanOrEqual(1);
    expect(await figure('Viewers')).toBeGreaterThanOrEqual(1);
    const demoRow = page.getByRole('row', { name: /demo · chimera-demo/ });
    expect(Number((await demoRow.locator('td').first().textContent())!.replaceAll(',', ''))).toBeGreaterThanOrEqual(6);
    // Other test files' rooms (and the demo room) share this server: the costliest ten (all $0 here) may be anyone's.
    const conversationRows = page.getByRole('region', { name: 'Most expensive conversations' }).locator('tbody tr');
    expect(await conversationRows.count()).toBeGreaterThanOrEqual(3);
    for (const row of await conversationRows.all())
      expect(Number(await row.locator('td').nth(1).textContent()), 'calls').toBeGreaterThan(0);
    expect(await page.getByRole('row', { name: /^demo yes closed/ }).count()).toBe(1);
    expect(await page.getByText('Today (UTC): $0 of $25.00 — ok').count()).toBe(1);

    // Another window: the same calls, bucketed by the hour.
    await page.getByRole('radio', { name: 'Last week' }).check();
    await page.getByText(/Updated/).waitFor();
    expect(await figure('Calls')).toBeGreaterThanOrEqual(6);
    await page.getByRole('radio', { name: 'Last hour' }).check();
    await page.getByText(/Updated/).waitFor();
    await screenshot(page, 'admin-dashboard');

    // At 360 px the dashboard fits the screen: charts shrink, wide tables scroll inside their own box.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(300);
    const overflow = await page.locator('.admin').evaluate((element: any) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-dashboard-360');

    for (const id of ids) await callApi(page, 'POST', `/api/conversations/${id}/stop`);
    await viewerPage.close();
    await page.close();
  });

  it('tells a signed-in non-admin that the dashboard is for admins, and shows them no Admin link', async () => {
    const page = await browser.newPage();
    await signUp(page, `viewer-${Date.now().toString(36)}`);
    await page.goto(new URL('/admin', appUrl()).href);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('403 — this dashboard is for admins only');
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect((await callApi(page, 'GET', '/api/admin/stats')).status).toBe(403);
    await page.close();
  });
});
