/** Debian's Chromium driven by playwright-core, as the browser tests use it; never a downloaded browser. Also the tests' shared looks and accessibility checks. */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;

/** Launches headless Chromium with the flags this offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot as test-results/screenshots/<name>.png (the whole page, or only the screen) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/** The two screens every page is judged on. */
export const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

let axeSource: Promise<string> | undefined;

/** The violations axe-core finds on the page as it is now (rule id and the first offending element of each); [] when it finds none. Needs a context with `bypassCSP`. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.addScriptTag({ content: await axeSource });
  const violations = (await page.evaluate(
    `window.axe.run(document).then((result) => result.violations.map((violation) => ({ id: violation.id, target: String(violation.nodes[0]?.target ?? ''), summary: violation.nodes[0]?.failureSummary ?? '' })))`,
  )) as {
    id: string;
    target: string;
    summary: string;
  }[];
  return violations.map((violation) => `${violation.id} at ${violation.target}: ${violation.summary}`);
}

/** A room of the three seed personas on the demo provider, as its owner asks for it. */
export interface DemoRoom {
  title: string;
  topic: string;
  maxTurns: number;
}

/** Registers a fresh account from the page (its cookie signs the page in) and creates a public sequential `room`; answers its id. */
export async function signUpAndCreateRoom(page: Page, username: string, room: DemoRoom): Promise<string> {
  return page.evaluate(
    async ({ name, room }) => {
      const post = (path: string, body: unknown) =>
        fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const registered = await post('/api/auth/register', {
        username: name,
        email: `${name}@example.com`,
        password: 'correct horse battery staple',
      });
      if (registered.status !== 201) throw new Error(`register: HTTP ${registered.status} ${await registered.text()}`);
      const created = await post('/api/conversations', {
        ...room,
        personas: ['philosopher', 'comedian', 'scientist'].map((persona) => ({
          persona,
          provider: 'demo',
          model: 'chimera-demo',
        })),
        mode: 'sequential',
        visibility: 'public',
      });
      if (created.status !== 201) throw new Error(`create: HTTP ${created.status} ${await created.text()}`);
      return ((await created.json()) as { id: string }).id;
    },
    { name: username, room },
  );
}
