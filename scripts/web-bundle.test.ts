/**
 * No secret reaches the browser: the web bundle, built the way `npm run
 * build` builds it but with every secret variable set (plain and VITE_-
 * prefixed) in the environment, contains none of their values; neither does
 * the web/dist that `npm test` built before this ran.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_KEYS } from '../worker/src/testing/fake-keys.ts';

const root = new URL('..', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'chimera-web-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function leaks(directory: string): string[] {
  return filesUnder(directory).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return Object.entries(FAKE_KEYS)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => `${name} in ${file}`);
  });
}

describe('the web bundle', () => {
  it('holds no configured secret even when every one is in the build environment', async () => {
    const saved = { ...process.env };
    for (const [name, value] of Object.entries(FAKE_KEYS)) {
      process.env[name] = value;
      process.env[`VITE_${name}`] = value;
    }
    try {
      await build({
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env = saved;
    }
    const files = filesUnder(outDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('_headers'))).toBe(true);
    expect(leaks(outDir)).toEqual([]);
  });

  it('as npm test built it into web/dist holds none either', () => {
    expect(filesUnder(join(root, 'web/dist')).length).toBeGreaterThan(0);
    expect(leaks(join(root, 'web/dist'))).toEqual([]);
  });
});
