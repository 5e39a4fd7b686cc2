import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const url = (path: string) => new URL(path, inject('appUrl')).href;

describe('the personas page, in Chromium against npm run dev', () => {
  it('writes a persona (after the browser refuses a too-short prompt), changes it and deletes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const username = `writer-${Date.now().toString(36)}`;
    await page.goto(url('/sign-up'));
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('a writer passphrase');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.waitForURL(url('/'));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('article', { name: 'The Philosopher' }).getByText('seed · read-only').waitFor();
    await page.getByRole('button', { name: 'New persona' }).click();
    const form = page.getByRole('form', { name: 'New persona' });
    await form.getByLabel('Name', { exact: true }).fill('pirate');
    await form.getByLabel('Display name').fill('The Pirate');
    await form.getByLabel('System prompt').fill('Arr, too short.');
    await form.getByLabel('Style').fill('swashbuckling');
    await form.getByLabel('Traits').fill('bold, boastful');
    await form.getByLabel('Colour').fill('#1d4e89');
    // The browser knows the API's limits: a prompt under 20 characters is refused before anything is sent.
    const posts: string[] = [];
    page.on(
      'request',
      (request) =>
        void (request.method() === 'POST' && request.url().endsWith('/api/personas') && posts.push(request.url())),
    );
    await form.getByRole('button', { name: 'Create persona' }).click();
    expect(
      await form
        .getByLabel('System prompt')
        .evaluate((element) => (element as unknown as { validity: { tooShort: boolean } }).validity.tooShort),
    ).toBe(true);
    expect(posts).toEqual([]);
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('pirate');

    await form
      .getByLabel('System prompt')
      .fill('You are a salty pirate captain who answers every question with tales of the sea.');
    await form.getByRole('button', { name: 'Create persona' }).click();
    const card = page.getByRole('article', { name: 'The Pirate' });
    await card.getByText('boastful').waitFor();
    expect(await card.getByText('demo · chimera-demo').count()).toBe(1);

    await card.getByRole('button', { name: 'Edit The Pirate' }).click();
    const edit = page.getByRole('form', { name: 'Edit The Pirate' });
    await edit.getByLabel('Temperature').fill('1.5');
    await edit.getByLabel('Traits').fill('bold, boastful, superstitious');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('superstitious').waitFor();
    expect(await card.getByText('1.5', { exact: true }).count()).toBe(1);
    await screenshot(page, 'personas');

    // The list as the server now has it, after a reload.
    await page.reload();
    await card.getByText('superstitious').waitFor();
    await card.getByRole('button', { name: 'Delete The Pirate' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('You have no personas yet.').waitFor();
    await page.reload();
    await page.getByText('You have no personas yet.').waitFor();
    await page.close();
  });
});
