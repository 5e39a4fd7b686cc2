import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the shell, in Chromium against npm run dev', () => {
  it('shows the system health the API reports', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/providers', inject('appUrl')).href);
    await expect(page.getByRole('heading', { name: 'Providers' }).textContent()).resolves.toBe('Providers');
    await page.getByText('All systems go').waitFor();
    expect(await page.getByText('demo (demo): ok').count()).toBe(1);
    await screenshot(page, 'shell-health');
    await page.close();
  });

  it('reloads onto the current build when the code of a page is gone (a deploy since the tab opened), and says so when that fails too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const signUpChunk = '**/assets/sign-up-*.js';
    // The Sign up page's chunk is missing for the tab as it was opened, as an old tab's is after a deploy;
    // the fresh load of /sign-up finds it.
    let freshLoad = false;
    page.on('request', (request) => {
      if (request.isNavigationRequest() && new URL(request.url()).pathname === '/sign-up') freshLoad = true;
    });
    await page.route(signUpChunk, (route) =>
      freshLoad ? route.continue() : route.fulfill({ status: 404, body: 'gone' }),
    );
    await page.goto(new URL('/', inject('appUrl')).href);
    await page.locator('header').getByRole('link', { name: 'Sign up', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign up' }).waitFor();
    expect(freshLoad).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/sign-up');

    // Gone for good: one reload, then the page says what happened and offers another, and the rest of the site works.
    await page.unroute(signUpChunk);
    await page.route(signUpChunk, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(new URL('/sign-in', inject('appUrl')).href);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.locator('header').getByRole('link', { name: 'Sign up', exact: true }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await failure.waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-up');
    expect(await failure.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'page-failure-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'page-failure-phone', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
    expect(await failure.count()).toBe(0);
    await page.close();
  });
});
