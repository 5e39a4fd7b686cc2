/**
 * The stage, seen rather than assumed: the lobby, a room while it streams,
 * New room and Personas at 1280x800 and 390x844, in the light and dark
 * themes, each screenshotted (test-results/screenshots/<page>-<screen>-<theme>.png)
 * and checked by axe-core; and in the browser, what the issue promises: the
 * lobby's first paint shows a live room, the room opens at its newest message
 * (5 of 5 openings), its composer is on screen without scrolling, and on a
 * phone the chrome above the first message takes at most a quarter of the screen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot, SCREENS } from './browser.ts';

const DEMO_ROOM = '/rooms/de7a0000-0000-4000-8000-000000000001';
const THEMES = ['light', 'dark'] as const;

let browser: Browser;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
const violations: string[] = [];
const consoleErrors: string[] = [];

const app = (path: string) => new URL(path, inject('appUrl')).href;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app('/'));
  const username = `stage-${Date.now().toString(36)}`;
  const status = await page.evaluate(async (name) => {
    const response = await fetch('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, email: `${name}@example.com`, password: 'a stage passphrase' }),
    });
    return response.status;
  }, username);
  expect(status).toBe(201);
  signedIn = await context.storageState();
  await context.close();
});
afterAll(() => browser?.close());

/** Signs a fresh account up in a new context; its cookie signs that context in. */
async function signUp(prefix: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app('/'));
  const name = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const status = await page.evaluate(async (username) => {
    const response = await fetch('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: 'a stage passphrase' }),
    });
    return response.status;
  }, name);
  expect(status).toBe(201);
  return { context, page };
}

/** Posts `text` to the room's interjection route from the page (its account), expecting 202. */
async function interject(page: Page, id: string, text: string): Promise<void> {
  const status = await page.evaluate(
    async ([conversationId, words]) =>
      (
        await fetch(`/api/conversations/${conversationId}/interject`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: words }),
        })
      ).status,
    [id, text] as const,
  );
  expect(status).toBe(202);
}

/** A page on one screen and theme; signed in unless said otherwise; CSP bypassed so axe-core can be injected. */
async function open(
  screen: (typeof SCREENS)[number],
  theme: (typeof THEMES)[number],
  options: { signedIn?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: screen.viewport,
    isMobile: screen.isMobile,
    colorScheme: theme,
    bypassCSP: true,
    storageState: options.signedIn === false ? undefined : signedIn,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** Runs axe on the page and keeps what it found, named by where. */
async function audit(page: Page, where: string): Promise<void> {
  for (const violation of await axeViolations(page)) violations.push(`${where}: ${violation}`);
}

/** Where the room's log stands once the page has settled: its gap to the end, whether its newest message is in view, and what sits above it. */
async function roomOpening(page: Page, options: { markdown?: boolean; whileStreaming?: boolean } = {}) {
  const log = page.getByRole('log', { name: 'Conversation' });
  await log.locator('article').first().waitFor({ timeout: 60_000 });
  // Text growing under the reader's first look is what used to push the view off the end.
  if (options.whileStreaming) await log.locator('article[aria-busy="true"]').first().waitFor({ timeout: 60_000 });
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  // The Markdown renderer is in (it arrives on its own), so the heights are final.
  if (options.markdown !== false)
    await log.locator('.bubble-ai .bubble-text:not(.bubble-plain)').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  // Measured in the page (a string: this project's tests have no DOM types).
  return (await page.evaluate(`(() => {
    const log = document.querySelector('[role="log"]');
    const newest = [...log.querySelectorAll('article')].at(-1).getBoundingClientRect();
    const frame = log.getBoundingClientRect();
    return {
      gap: log.scrollHeight - log.scrollTop - log.clientHeight,
      newestInView: newest.bottom <= frame.bottom + 1 && newest.bottom > frame.top,
      jumpShown: document.querySelector('.room-jump') !== null,
      logTop: frame.top,
      pageScrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
    };
  })()`)) as { gap: number; newestInView: boolean; jumpShown: boolean; logTop: number; pageScrolls: boolean };
}

describe('the stage, in Chromium against npm run dev, at both sizes in light and dark', () => {
  it('shows a live room on the lobby’s first paint, and looks right there', async () => {
    for (const screen of SCREENS) {
      for (const theme of THEMES) {
        const page = await open(screen, theme, { signedIn: false });
        await page.goto(app('/'));
        // The first answer the page draws, before any refresh: the demo room is already under "Live now".
        const live = page.getByRole('region', { name: 'Live now' });
        await live.waitFor();
        expect(
          await live.getByRole('article', { name: /^Room: Welcome to Chimera/ }).count(),
          `${screen.name} ${theme}`,
        ).toBe(1);
        expect(await page.getByText(/^0 watching$/).count()).toBe(0);
        // Its current line arrives from the room itself.
        await live.locator('.lobby-preview').first().waitFor({ timeout: 30_000 });
        await screenshot(page, `lobby-${screen.name}-${theme}`, { fullPage: false });
        await audit(page, `lobby ${screen.name} ${theme}`);
        await page.context().close();
      }
    }
    // An anonymous visitor's pages log no error (the session check answers 200 with nobody).
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('opens the room at its newest message with the composer in reach, the chrome small on a phone, while a persona streams', async () => {
    for (const screen of SCREENS) {
      for (const theme of THEMES) {
        const page = await open(screen, theme);
        await page.goto(app(DEMO_ROOM));
        const opening = await roomOpening(page);
        expect(opening, `${screen.name} ${theme}`).toMatchObject({
          newestInView: true,
          jumpShown: false,
          pageScrolls: false,
        });
        expect(opening.gap).toBeLessThanOrEqual(48);
        // The composer is on the first screen: no scrolling to reach it.
        const composer = (await page.getByLabel('Interject').boundingBox())!;
        expect(composer.y + composer.height).toBeLessThanOrEqual(screen.viewport.height);
        if (screen.name === 'phone') expect(opening.logTop).toBeLessThanOrEqual(screen.viewport.height * 0.25);
        // Shown while a persona streams.
        const streaming = page.locator('article[aria-busy="true"] .bubble-text');
        await expect
          .poll(
            async () =>
              (
                (await streaming
                  .first()
                  .textContent()
                  .catch(() => '')) ?? ''
              ).length,
            { timeout: 90_000 },
          )
          .toBeGreaterThan(60);
        await screenshot(page, `room-${screen.name}-${theme}`, { fullPage: false });
        await audit(page, `room ${screen.name} ${theme}`);
        // A cast member's profile, and the Share menu, pass too.
        await page.getByRole('list', { name: 'Cast' }).getByRole('button').first().click();
        const profile = page.getByRole('dialog');
        await profile.getByText(/^\d+ messages?, \$\d\.\d{4}$/).waitFor();
        await audit(page, `room profile ${screen.name} ${theme}`);
        await profile.getByRole('button', { name: 'Close' }).click();
        await page.getByText('Share', { exact: true }).click();
        await page.getByRole('button', { name: 'Copy link' }).waitFor();
        await audit(page, `room share ${screen.name} ${theme}`);
        await page.context().close();
      }
    }
  }, 600_000);

  it('opens the demo room at its newest message 5 times out of 5 while a persona streams, on a desktop and on a phone', async () => {
    for (const screen of SCREENS) {
      const page = await open(screen, 'light', { signedIn: false });
      // The lobby's read makes sure the demo room runs (when this test runs alone).
      await page.goto(app('/'));
      await page.getByRole('region', { name: 'Live now' }).waitFor();
      for (let opening = 1; opening <= 5; opening += 1) {
        await page.goto(app(DEMO_ROOM));
        const where = await roomOpening(page, { whileStreaming: true });
        expect(where, `${screen.name}, opening ${opening}`).toMatchObject({ newestInView: true, jumpShown: false });
        expect(where.gap, `${screen.name}, opening ${opening}`).toBeLessThanOrEqual(48);
      }
      await page.context().close();
    }
  }, 600_000);

  it('opens a long room at its newest message 5 times out of 5, on a desktop and on a phone', async () => {
    // A room of 50 real messages of every length, as many as a snapshot carries and more than the log draws at once: five viewers interject, 10 each (their budget).
    const viewers = await Promise.all(['long-a', 'long-b', 'long-c', 'long-d', 'long-e'].map(signUp));
    const id = await viewers[0]!.page.evaluate(async () => {
      const response = await fetch('/api/conversations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'A long evening',
          topic: 'Everything at once',
          mode: 'sequential',
          maxTurns: 60,
          personas: ['philosopher', 'comedian'].map((persona) => ({
            persona,
            provider: 'demo',
            model: 'chimera-demo',
          })),
          visibility: 'unlisted',
        }),
      });
      const { id: created } = (await response.json()) as { id: string };
      // Configured by its start, then held: the room takes interjections while paused.
      for (const control of ['start', 'pause'])
        await fetch(`/api/conversations/${created}/${control}`, { method: 'POST' });
      return created;
    });
    const sentence =
      'Every message in this long evening says a little more than the one before, as people in a busy room do.';
    for (let index = 0; index < 50; index += 1) {
      const words = `Message ${index + 1}. ${Array.from({ length: 1 + ((index * 7) % 9) }, () => sentence).join(' ')}`;
      await interject(viewers[index % 5]!.page, id, words);
    }
    // Then the personas answer, so each opening meets a message streaming on top of a long log.
    const owner = viewers[0]!.page;
    const control = (name: string) =>
      owner.evaluate(
        async ([conversationId, action]) =>
          (await fetch(`/api/conversations/${conversationId}/${action}`, { method: 'POST' })).status,
        [id, name] as const,
      );
    expect(await control('resume')).toBe(200);
    for (const screen of SCREENS) {
      const page = await open(screen, 'light');
      for (let opening = 1; opening <= 5; opening += 1) {
        await page.goto(app(`/rooms/${id}`));
        const where = await roomOpening(page, { whileStreaming: true });
        expect(where, `${screen.name}, opening ${opening}`).toMatchObject({ newestInView: true, jumpShown: false });
        expect(where.gap, `${screen.name}, opening ${opening}`).toBeLessThanOrEqual(48);
      }
      await page.context().close();
    }
    expect(await control('stop')).toBe(200);
    for (const viewer of viewers) await viewer.context.close();
  }, 600_000);

  it('shows New room and Personas well at both sizes', async () => {
    for (const screen of SCREENS) {
      for (const theme of THEMES) {
        const page = await open(screen, theme);
        await page.goto(app('/personas'));
        if (screen.name === 'phone') {
          // On a phone the navigation is a menu, not a wrapping row of links.
          const nav = page.getByRole('navigation', { name: 'Main' });
          expect(await nav.isVisible()).toBe(false);
          await page.getByRole('button', { name: 'Menu' }).click();
          await nav.getByRole('link', { name: 'New room' }).click();
          await page.getByRole('heading', { level: 1, name: 'New room' }).waitFor();
          expect(await nav.isVisible()).toBe(false);
        } else {
          await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New room' }).click();
        }
        await page.getByRole('checkbox', { name: /The Philosopher/ }).waitFor();
        await page.getByRole('checkbox', { name: /The Philosopher/ }).check();
        await screenshot(page, `create-room-${screen.name}-${theme}`);
        await audit(page, `create-room ${screen.name} ${theme}`);
        await page.goto(app('/personas'));
        await page.getByRole('button', { name: 'New persona' }).click();
        await page.getByRole('form', { name: 'New persona' }).waitFor();
        await screenshot(page, `personas-${screen.name}-${theme}`);
        await audit(page, `personas ${screen.name} ${theme}`);
        // No page is wider than its screen.
        expect(
          Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')),
        ).toBeLessThanOrEqual(0);
        await page.context().close();
      }
    }
  }, 180_000);

  it('leaves axe-core nothing to report on any of these pages', () => {
    expect(violations).toEqual([]);
  });
});
