import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, SCREENS, screenshot, signUpAndCreateRoom } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const app = (path: string) => new URL(path, inject('appUrl')).href;

/** Signs a fresh account up from the page, creates a public room of three demo personas and one round, and starts it. */
async function signUpAndStartRoom(page: Page, username: string): Promise<string> {
  const id = await signUpAndCreateRoom(page, username, {
    title: 'Which of us said it best?',
    topic: 'Whether the best line of a round is the funniest one',
    maxTurns: 3,
  });
  const status = await page.evaluate(
    async (conversation) =>
      (
        await fetch(`/api/conversations/${conversation}/start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    id,
  );
  if (status !== 200) throw new Error(`start: HTTP ${status}`);
  return id;
}

/**
 * Watches the room as the signed-in visitor, waits for the round to end,
 * picks its first message with its "Best of round" button and waits for the
 * pick to be counted; answers the picked message's id.
 */
async function pickTheFirstMessage(page: Page, id: string): Promise<string> {
  await page.goto(app(`/rooms/${id}`));
  const pickButton = page.getByRole('button', { name: '★ Best of round 1' });
  await pickButton.first().waitFor({ timeout: 100_000 });
  const picked = await page
    .locator('[data-message-id]')
    .filter({ has: pickButton })
    .first()
    .getAttribute('data-message-id');
  // Once picked, the bubble shows its count instead of the button: find it by its message from here on.
  const bubble = page.locator(`[data-message-id="${picked}"]`);
  await bubble.getByRole('button', { name: '★ Best of round 1' }).click();
  await bubble.getByText('· your pick').waitFor();
  return picked!;
}

describe('the leaderboard page, in Chromium against npm run dev', () => {
  it('says there are no ratings yet, then shows the rating a signed-in viewer’s pick in a room gives, on a desktop and a phone', async () => {
    const context = await browser.newContext({ viewport: SCREENS[0].viewport, bypassCSP: true });
    const page = await context.newPage();
    // A fresh server: nobody has picked anything.
    await page.goto(app('/leaderboard?window=all'));
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
    await page.getByText('No ratings in this window yet.').waitFor();
    await screenshot(page, 'leaderboard-empty-desktop');

    const id = await signUpAndStartRoom(page, `picker-${Date.now().toString(36)}`);
    const picked = await pickTheFirstMessage(page, id);
    const messages = await page.evaluate(async (conversationId) => {
      const response = await fetch(`/api/conversations/${conversationId}/messages?limit=10`);
      return ((await response.json()) as { messages: { id: string; persona: string | null }[] }).messages;
    }, id);
    const winner = messages.find((message) => message.id === picked);
    expect(winner?.persona).toBeTruthy();

    // The pick reaches Postgres with the room's next outbox flush, and the leaderboard within its cache's life.
    await page.goto(app('/'));
    await page.getByRole('link', { name: 'Leaderboard' }).first().click();
    await page.waitForURL(/\/leaderboard$/);
    const demo = page.getByRole('region', { name: 'Demo voices ratings table' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
          return demo.isVisible();
        },
        { timeout: 90_000, interval: 5_000 },
      )
      .toBe(true);
    const first = demo.getByRole('row').nth(1);
    const cells = await first.getByRole('cell').allTextContents();
    // #, rating, interval, provider · model, picks, wins / comparisons, messages, reactions per message.
    expect(cells[0]).toBe('1');
    expect(Number(cells[1])).toBeGreaterThan(1000);
    expect(cells[2]).toMatch(/^\d+–\d+$/);
    expect(cells[3]).toBe('demo · chimera-demo');
    expect(cells[4]).toBe('1');
    expect(cells[5]).toBe('2 / 2');
    await expect(first.getByRole('rowheader').textContent()).resolves.toMatch(/^The (Philosopher|Comedian|Scientist)$/);
    expect(await page.getByRole('figure').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'leaderboard-desktop');
    await context.close();

    const phone = await browser.newContext({ ...SCREENS[1], bypassCSP: true });
    const small = await phone.newPage();
    await small.goto(app('/leaderboard'));
    await small.getByRole('region', { name: 'Demo voices ratings table' }).waitFor();
    expect(await axeViolations(small)).toEqual([]);
    // Nothing wider than the screen but the table, which scrolls inside itself.
    const overflow = await small.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(small, 'leaderboard-phone');
    await phone.close();
  });
});
