import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { z } from 'zod';
import { launchBrowser, screenshot } from './browser.ts';

const ProvidersSchema = z.object({
  providers: z.array(z.object({ label: z.string(), configured: z.boolean(), defaultModel: z.string() })),
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the providers page, in Chromium against npm run dev', () => {
  it('lists every provider as GET /api/providers reports it, the demo one configured, healthy and labelled', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/providers', inject('appUrl')).href);
    const table = page.getByRole('table', { name: 'AI providers' });
    await table.waitFor();
    const row = (name: RegExp) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    expect(await row(/^Demo/).getByRole('cell').allTextContents()).toEqual([
      'yes',
      'yes',
      'closed',
      'chimera-demo',
      'chimera-demo',
    ]);
    expect(await row(/^Demo/).getByRole('rowheader').textContent()).toContain('demo');
    // The others as the API reports them to this browser (a developer's .env may switch some on).
    const body = ProvidersSchema.parse(await page.evaluate(async () => (await fetch('/api/providers')).json()));
    expect(await table.locator('tbody tr').count()).toBe(body.providers.length);
    for (const provider of body.providers) {
      const cells = await row(new RegExp(`^${provider.label.replace(/[()]/g, '\\$&')}`))
        .getByRole('cell')
        .allTextContents();
      expect([cells[0], cells[3]]).toEqual([provider.configured ? 'yes' : 'no', provider.defaultModel]);
    }
    expect(await page.getByText(/^Fallback order: .*demo$/).count()).toBe(1);
    await screenshot(page, 'providers');
    await page.close();
  });
});
