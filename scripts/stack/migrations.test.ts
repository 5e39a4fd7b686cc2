/**
 * drizzle/ is complete: every journal entry has its SQL file, and generating
 * from the schema now adds nothing (a schema change without its migration, or
 * a hand-edited snapshot, fails here).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const journal: { entries: { tag: string }[] } = JSON.parse(readFileSync(`${root}drizzle/meta/_journal.json`, 'utf8'));
const scratch = mkdtempSync(`${tmpdir()}/chimera-drizzle-`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('drizzle/ migrations', () => {
  it('has an SQL file for every journal entry and no stray one', () => {
    const files = readdirSync(`${root}drizzle`)
      .filter((file) => file.endsWith('.sql'))
      .sort();
    expect(files).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`).sort());
  });

  it('is in step with the Drizzle schema', async () => {
    cpSync(`${root}drizzle`, scratch, { recursive: true });
    const { stdout, stderr } = await promisify(execFile)(`${root}node_modules/.bin/drizzle-kit`, ['generate'], {
      cwd: root,
      env: { ...process.env, DRIZZLE_OUT: relative(root, scratch) },
    });
    expect(`${stdout}${stderr}`).toContain('No schema changes');
    expect(readdirSync(scratch).filter((file) => file.endsWith('.sql'))).toHaveLength(journal.entries.length);
    expect(existsSync(`${scratch}/meta/_journal.json`)).toBe(true);
  });
});
