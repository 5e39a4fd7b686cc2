import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

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
});
