import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { launchBrowser, screenshot, signUpAndCreateRoom } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const app = (path: string) => new URL(path, inject('appUrl')).href;

interface StoredMessage {
  id: string;
  senderType: 'ai' | 'user' | 'system';
  content: string;
  metadata: { replyTo?: string; author?: string };
}

/** The finished messages Postgres has (the room copies them there after each turn). */
async function storedMessages(page: Page, id: string): Promise<StoredMessage[]> {
  return page.evaluate(async (conversationId) => {
    const response = await fetch(`/api/conversations/${conversationId}/messages?limit=100`);
    const body = (await response.json()) as { messages: StoredMessage[] };
    return body.messages;
  }, id);
}

/** The message being streamed now: waits for one and returns its id. */
async function nextStreamingId(page: Page, except: string[] = []): Promise<string> {
  const selector = `article[aria-busy="true"]${except.map((id) => `:not([data-message-id="${id}"])`).join('')}`;
  const busy = page.locator(selector).first();
  await busy.waitFor({ timeout: 60_000 });
  return (await busy.getAttribute('data-message-id'))!;
}

/** A message's words without Markdown marks or layout, to compare what is shown with what is stored. */
const plain = (text: string) =>
  text
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const finished = (page: Page, id: string) => page.locator(`article[data-message-id="${id}"][aria-busy="false"]`);

describe('the room page, in Chromium against npm run dev', () => {
  it('streams a live room, resumes after a reload without repeating text, shows it to others, takes an interjection and exports it', async () => {
    const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await owner.newPage();
    // Every room socket of the owner's page passes through here, so the test can see the URLs it asks for and cut one.
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/ws\/conversation\//, (socket) => {
      sockets.push(socket);
      socket.connectToServer();
    });
    await page.goto(app('/'));
    const username = `room-e2e-${Date.now().toString(36)}`;
    const id = await signUpAndCreateRoom(page, username, {
      title: 'Do tests dream of green builds?',
      topic: 'Whether a test that cannot fail is a test at all',
      maxTurns: 12,
    });

    await page.goto(app(`/rooms/${id}`));
    await page.getByRole('heading', { level: 1, name: 'Do tests dream of green builds?' }).waitFor();
    await page.getByLabel('Connection').getByText('Live').waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // The first speaker types, then streams, then finishes with its meter.
    await page.getByText(/^The (Philosopher|Comedian|Scientist) is typing\.\.\.$/).waitFor({ timeout: 60_000 });
    const first = await nextStreamingId(page);
    const firstDone = finished(page, first);
    await firstDone.waitFor({ timeout: 60_000 });
    expect(await firstDone.locator('.bubble-meter').textContent()).toMatch(/^\d+\.\d s · \d+ tokens · \$\d\.\d{4}/);
    expect(await firstDone.textContent()).toContain('demo · chimera-demo');

    // Reload while the second message streams: the page starts again from the room's snapshot, then its deltas.
    const second = await nextStreamingId(page, [first]);
    const secondBusy = page.locator(`article[data-message-id="${second}"][aria-busy="true"] .bubble-text`);
    await expect
      .poll(async () => ((await secondBusy.textContent()) ?? '').length, { timeout: 30_000 })
      .toBeGreaterThan(20);
    await page.reload();
    const secondDone = finished(page, second);
    await secondDone.waitFor({ timeout: 60_000 });
    const shownText = plain(await secondDone.locator('.bubble-text').innerText());
    await expect
      .poll(async () => (await storedMessages(page, id)).some((message) => message.id === second), { timeout: 30_000 })
      .toBe(true);
    const stored = (await storedMessages(page, id)).find((message) => message.id === second)!;
    expect(shownText).toBe(plain(stored.content));

    // The connection drops while the third message streams: the page reconnects asking for what it missed, and shows it once.
    const third = await nextStreamingId(page, [first, second]);
    const thirdBusy = page.locator(`article[data-message-id="${third}"][aria-busy="true"] .bubble-text`);
    await expect
      .poll(async () => ((await thirdBusy.textContent()) ?? '').length, { timeout: 30_000 })
      .toBeGreaterThan(20);
    const connections = sockets.length;
    await sockets.at(-1)!.close({ code: 4000, reason: 'test cut the connection' });
    await expect.poll(() => sockets.length, { timeout: 30_000 }).toBe(connections + 1);
    const resumedFrom = Number(new URL(sockets.at(-1)!.url()).searchParams.get('lastSeq'));
    expect(resumedFrom).toBeGreaterThan(0);
    await page.getByLabel('Connection').getByText('Live').waitFor();
    const thirdDone = finished(page, third);
    await thirdDone.waitFor({ timeout: 60_000 });
    expect(await page.locator(`article[data-message-id="${third}"]`).count()).toBe(1);
    const thirdShown = plain(await thirdDone.locator('.bubble-text').innerText());
    await expect
      .poll(
        async () => plain((await storedMessages(page, id)).find((message) => message.id === third)?.content ?? ''),
        { timeout: 30_000 },
      )
      .toBe(thirdShown);

    // Someone else, signed out, on a phone, sees the same finished messages.
    const guest = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const guestPage = await guest.newPage();
    await guestPage.goto(app(`/rooms/${id}`));
    for (const message of [first, second]) {
      const text = await finished(page, message).locator('.bubble-text').innerText();
      await expect
        .poll(() => finished(guestPage, message).locator('.bubble-text').innerText(), { timeout: 30_000 })
        .toBe(text);
    }
    expect(await guestPage.getByLabel('Interject').count()).toBe(0);
    await screenshot(guestPage, 'room-phone');

    // The owner interjects; the next AI message answers it.
    await page.getByLabel('Interject').fill('What would a cat make of all this?');
    await page.getByRole('button', { name: 'Send' }).click();
    const interjection = page.getByRole('article', { name: username });
    await interjection.waitFor({ timeout: 30_000 });
    const interjectionId = (await interjection.getAttribute('data-message-id'))!;
    await expect
      .poll(
        async () =>
          (await storedMessages(page, id)).find((message) => message.metadata.replyTo === interjectionId)?.id ?? null,
        { timeout: 90_000, interval: 1000 },
      )
      .not.toBeNull();
    const reply = (await storedMessages(page, id)).find((message) => message.metadata.replyTo === interjectionId)!;
    await finished(page, reply.id).waitFor({ timeout: 30_000 });
    await finished(guestPage, reply.id).waitFor({ timeout: 30_000 });
    await screenshot(page, 'room-desktop');

    // The log follows the live end; scrolled up, "Jump to live" takes the reader back.
    const log = page.getByRole('log', { name: 'Conversation' });
    const gapBelow = () => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    expect(await log.evaluate((element) => element.scrollHeight > element.clientHeight * 1.5)).toBe(true);
    await expect.poll(gapBelow).toBeLessThanOrEqual(48);
    await log.evaluate((element) => element.scrollTo({ top: 0 }));
    await page.getByRole('button', { name: 'Jump to live' }).click();
    await expect.poll(gapBelow).toBeLessThanOrEqual(48);
    await page.getByRole('button', { name: 'Jump to live' }).waitFor({ state: 'hidden' });

    // The Markdown export holds every finished message, and says so.
    await page.getByText('Share', { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    const exportedCount = (await storedMessages(page, id)).length;
    await page
      .getByRole('status')
      .filter({ hasText: /^Exported \d+ messages as Markdown$/ })
      .waitFor();
    expect(
      Number(
        (
          await page
            .getByRole('status')
            .filter({ hasText: /^Exported/ })
            .textContent()
        )?.match(/\d+/)?.[0],
      ),
    ).toBeGreaterThanOrEqual(exportedCount - 1);
    expect(download.suggestedFilename()).toBe('do-tests-dream-of-green-builds.md');
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('# Do tests dream of green builds?');
    for (const message of await storedMessages(page, id)) expect(markdown).toContain(message.content);

    // Opened again and again, the room opens at its newest message (the log once opened 125-1,991 px above it).
    await page.keyboard.press('Escape');
    for (let opening = 1; opening <= 5; opening += 1) {
      await page.reload();
      await log.locator('article').first().waitFor();
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      await log.locator('.bubble-ai .bubble-text:not(.bubble-plain)').first().waitFor();
      await page.waitForTimeout(1000);
      expect(await gapBelow(), `opening ${opening}`).toBeLessThanOrEqual(48);
      expect(await page.getByRole('button', { name: 'Jump to live' }).count(), `opening ${opening}`).toBe(0);
    }

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await guest.close();
    await owner.close();
  }, 300_000);

  it('says when a room does not exist or is private', async () => {
    const page = await browser.newPage();
    await page.goto(app('/rooms/0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11'));
    await page.getByRole('alert').getByText('This room does not exist or is private').waitFor();
    await page.close();
  });
});
