/**
 * A newcomer's first visit, in Chromium against `npm run dev` on its embedded
 * defaults: sign up, open New room, cast the three seed personas on the demo
 * provider, create the room and land on it; then watch it come alive.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ConversationSchema } from '../../worker/src/conversations/schema.ts';
import { launchBrowser, screenshot } from './browser.ts';

const SEEDS = ['The Philosopher', 'The Comedian', 'The Scientist'];

let browser: Browser;
let page: Page;
const title = `Newcomer's room ${Date.now()}`;
let roomUrl = '';

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(() => browser?.close());

const url = (path: string) => new URL(path, inject('appUrl')).href;

describe('a newcomer, in Chromium against npm run dev', () => {
  it('signs up, creates a room with the three seed personas on the demo provider, and lands on it', async () => {
    await page.goto(url('/'));
    await page.locator('header').getByRole('link', { name: 'Sign up', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign up' }).waitFor();
    const username = `newcomer-${Date.now().toString(36)}`;
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill('a newcomer passphrase');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.waitForURL(url('/'));
    await page.locator('header').getByText(username, { exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New room' }).click();
    await page.getByRole('heading', { name: 'New room' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Topic', { exact: true }).fill('Is a hot dog a sandwich?');
    // One persona is not a conversation: the server says so beside the persona list, and nothing typed is lost.
    await page.getByRole('checkbox', { name: SEEDS[0] }).check();
    await page.getByRole('button', { name: 'Create room' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Please correct the marked fields');
    expect(await page.locator('fieldset .field-error').textContent()).toBe('Choose at least 2 personas.');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(title);
    for (const name of SEEDS) {
      await page.getByRole('checkbox', { name }).check();
      await page.getByLabel(`Provider for ${name}`).selectOption({ label: 'demo' });
      expect(await page.getByLabel(`Model for ${name}`).inputValue()).toBe('chimera-demo');
    }
    await page.getByLabel('Max turns').fill('6');
    await screenshot(page, 'create-room-desktop');
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, 'create-room-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
    roomUrl = page.url();
    const id = new URL(roomUrl).pathname.split('/').pop()!;
    // What the server stored, read back as the signed-in newcomer.
    const stored = ConversationSchema.parse(
      await page.evaluate(async (conversationId) => (await fetch(`/api/conversations/${conversationId}`)).json(), id),
    );
    expect(stored).toMatchObject({ id, title, status: 'idle', maxTurns: 6, owner: { username } });
    expect(stored.personas.map((persona) => [persona.displayName, persona.provider, persona.model])).toEqual(
      SEEDS.map((name) => [name, 'demo', 'chimera-demo']),
    );
  });

  it('watches the room: its title, Start, a persona typing, then a finished message', async () => {
    expect(page.url()).toBe(roomUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^The (Philosopher|Comedian|Scientist) is typing\.\.\.$/ })
      .waitFor({ timeout: 60_000 });
    const log = page.getByRole('log', { name: 'Conversation' });
    const finished = log.locator('article[data-message-id]:not([aria-busy="true"])').first();
    await finished.waitFor({ timeout: 60_000 });
    expect(SEEDS).toContain(await finished.getAttribute('aria-label'));
    const text = (await finished.textContent()) ?? '';
    // The meter and the provider badge of the contract: tokens counted, the demo provider named as such.
    expect(text).toMatch(/\d+ tokens/);
    expect(text).toContain('demo · chimera-demo');
    await screenshot(page, 'newcomer-room');
  });
});
