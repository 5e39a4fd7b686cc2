/**
 * The audience in a room, in Chromium against `npm run dev`: two viewers of
 * one room, one reacts to a finished message and the other sees its count
 * rise; a signed-in viewer votes during the pause for a persona the room's
 * mode would not have chosen, and that persona speaks next. Screenshots of
 * the reactions, the vote and the suggestions at 1280x800 and 390x844, light
 * and dark (test-results/screenshots/audience-*.png), each checked by axe-core.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot, SCREENS } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const app = (path: string) => new URL(path, inject('appUrl')).href;
const PERSONAS = ['philosopher', 'comedian', 'scientist'] as const;
const NAMES: Record<string, string> = {
  philosopher: 'The Philosopher',
  comedian: 'The Comedian',
  scientist: 'The Scientist',
};

/** A new context signed in as a fresh account (its cookie), on the app's lobby. */
async function signedIn(prefix: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  await page.goto(app('/'));
  const username = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const status = await page.evaluate(async (name) => {
    const response = await fetch('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, email: `${name}@example.com`, password: 'an audience passphrase' }),
    });
    return response.status;
  }, username);
  expect(status).toBe(201);
  return page;
}

/** Creates and starts a room of the three seed personas on the demo provider, from a signed-in page. */
async function startRoom(page: Page, settings: { voteNext: boolean; suggestionEvery: number }): Promise<string> {
  return page.evaluate(
    async ([audience, personas]) => {
      const created = await fetch('/api/conversations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'The audience decides',
          topic: 'Whether a crowd can be wiser than its wisest member',
          personas: personas.map((persona) => ({ persona, provider: 'demo', model: 'chimera-demo' })),
          mode: 'sequential',
          maxTurns: 30,
          visibility: 'unlisted',
          ...audience,
        }),
      });
      if (created.status !== 201) throw new Error(`create: HTTP ${created.status} ${await created.text()}`);
      const { id } = (await created.json()) as { id: string };
      const started = await fetch(`/api/conversations/${id}/start`, { method: 'POST' });
      if (started.status !== 200) throw new Error(`start: HTTP ${started.status} ${await started.text()}`);
      return id;
    },
    [settings, PERSONAS] as const,
  );
}

/** The first finished message's id, once the log has one. */
async function firstFinished(page: Page): Promise<string> {
  const article = page.locator('[role="log"] article[aria-busy="false"]').first();
  await article.waitFor({ timeout: 90_000 });
  return (await article.getAttribute('data-message-id'))!;
}

describe('the audience, in Chromium against npm run dev', () => {
  it('two viewers of one room: one reacts, the other sees the count rise', async () => {
    const owner = await signedIn('react-owner');
    const id = await startRoom(owner, { voteNext: false, suggestionEvery: 0 });
    // Two anonymous viewers, each in a context of its own.
    const viewers: Page[] = [];
    for (const _ of [1, 2]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(app(`/rooms/${id}`));
      viewers.push(page);
    }
    const [reacting, watching] = viewers as [Page, Page];
    const messageId = await firstFinished(reacting);
    const onReacting = reacting.locator(`article[data-message-id="${messageId}"]`);
    const onWatching = watching.locator(`article[data-message-id="${messageId}"]`);
    await onWatching.waitFor({ timeout: 30_000 });
    expect(await onWatching.getByRole('button', { name: /^React 😂/ }).count()).toBe(0);
    await onReacting.getByRole('button', { name: 'React', exact: true }).click();
    await onReacting.getByRole('button', { name: 'React 😂', exact: true }).click();
    expect(await onReacting.getByRole('button', { name: 'React 😂, 1 so far' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // The other viewer's page gets the room's count.
    const counted = onWatching.getByRole('button', { name: 'React 😂, 1 so far' });
    await counted.waitFor({ timeout: 15_000 });
    expect(await counted.getAttribute('aria-pressed')).toBe('false');
    // The same count is stored with the message, for whoever comes later.
    await expect
      .poll(
        () =>
          watching.evaluate(
            async ([conversationId, wanted]) => {
              const response = await fetch(`/api/conversations/${conversationId}/messages?limit=100`);
              const { messages } = (await response.json()) as {
                messages: { id: string; reactions?: Record<string, number> }[];
              };
              return messages.find((message) => message.id === wanted)?.reactions ?? null;
            },
            [id, messageId] as const,
          ),
        { timeout: 30_000 },
      )
      .toEqual({ '😂': 1 });
    await owner.evaluate(
      (conversationId) => fetch(`/api/conversations/${conversationId}/stop`, { method: 'POST' }),
      id,
    );
    for (const page of [owner, ...viewers]) await page.context().close();
  }, 180_000);

  it('a vote decides who speaks next: a signed-in viewer votes during the pause, and that persona speaks', async () => {
    const owner = await signedIn('vote-owner');
    const id = await startRoom(owner, { voteNext: true, suggestionEvery: 0 });
    const voter = await signedIn('voter');
    await voter.goto(app(`/rooms/${id}`));
    const panel = voter.getByRole('region', { name: 'Who speaks next?' });
    await panel.waitFor({ timeout: 90_000 });
    // Who just spoke, and whom the sequential mode would choose: the one after them in the cast's order.
    const log = voter.getByRole('log', { name: 'Conversation' });
    const finishedCount = await log.locator('article.bubble-ai[aria-busy="false"]').count();
    const lastAuthor = await log.locator('article.bubble-ai[aria-busy="false"]').last().getAttribute('aria-label');
    const last = PERSONAS.findIndex((persona) => NAMES[persona] === lastAuthor);
    expect(last).toBeGreaterThanOrEqual(0);
    const modeChoice = PERSONAS[(last + 1) % PERSONAS.length]!;
    const chosen = PERSONAS.find((persona) => persona !== modeChoice && persona !== PERSONAS[last])!;
    const button = panel.getByRole('button', { name: new RegExp(`^Vote for ${NAMES[chosen]}`) });
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await panel.getByRole('button', { name: `Vote for ${NAMES[chosen]}, 1 vote` }).waitFor({ timeout: 15_000 });
    await screenshot(voter, 'audience-vote-desktop-light', { fullPage: false });
    // The vote closes with the winner named, and the winner's message is the next one.
    await voter.getByText(`The audience chose ${NAMES[chosen]} (1 of 1 vote)`).waitFor({ timeout: 30_000 });
    const next = log.locator('article.bubble-ai').nth(finishedCount);
    await next.waitFor({ timeout: 60_000 });
    expect(await next.getAttribute('aria-label')).toBe(NAMES[chosen]);
    await owner.evaluate(
      (conversationId) => fetch(`/api/conversations/${conversationId}/stop`, { method: 'POST' }),
      id,
    );
    for (const page of [owner, voter]) await page.context().close();
  }, 240_000);

  it('looks right with reactions, a vote and suggestions at both sizes in light and dark, and axe finds nothing', async () => {
    const owner = await signedIn('look-owner');
    const id = await startRoom(owner, { voteNext: true, suggestionEvery: 3 });
    const storage = await owner.context().storageState();
    // Every screen and theme watches at once, so each sees the same suggestion and vote arrive.
    const pages: { page: Page; name: string }[] = [];
    for (const screen of SCREENS) {
      for (const theme of ['light', 'dark'] as const) {
        const context: BrowserContext = await browser.newContext({
          viewport: screen.viewport,
          isMobile: screen.isMobile,
          colorScheme: theme,
          bypassCSP: true,
          storageState: storage,
        });
        const page = await context.newPage();
        await page.goto(app(`/rooms/${id}`));
        pages.push({ page, name: `${screen.name}-${theme}` });
      }
    }
    const messageId = await firstFinished(pages[0]!.page);
    for (const { page } of pages) await page.locator(`article[data-message-id="${messageId}"]`).waitFor();
    const first = pages[0]!.page.locator(`article[data-message-id="${messageId}"]`);
    await first.getByRole('button', { name: 'React', exact: true }).click();
    await first.getByRole('button', { name: /^React 🔥/ }).click();
    // Someone else suggests, so the owner's pages offer its upvote.
    const suggester = await signedIn('suggester');
    await suggester.goto(app(`/rooms/${id}`));
    await suggester.getByRole('button', { name: /^💡 Suggestions/ }).click();
    await suggester.getByLabel('Suggest a new angle').fill('What would change if nobody could lie?');
    await suggester.getByRole('button', { name: 'Suggest', exact: true }).click();
    const violations: string[] = [];
    for (const { page, name } of pages) {
      await page.getByRole('button', { name: /^💡 Suggestions \(1\)/ }).click({ timeout: 15_000 });
      await page
        .getByRole('region', { name: 'Suggestions' })
        .getByRole('button', { name: /^Upvote/ })
        .waitFor();
      await page.getByRole('region', { name: 'Who speaks next?' }).waitFor({ timeout: 90_000 });
      await screenshot(page, `audience-${name}`, { fullPage: false });
      for (const violation of await axeViolations(page)) violations.push(`${name}: ${violation}`);
      // Nothing is wider than the screen.
      expect(
        Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')),
      ).toBeLessThanOrEqual(0);
    }
    await owner.evaluate(
      (conversationId) => fetch(`/api/conversations/${conversationId}/stop`, { method: 'POST' }),
      id,
    );
    for (const page of [owner, suggester, ...pages.map((entry) => entry.page)]) await page.context().close();
    expect(violations).toEqual([]);
  }, 600_000);
});
