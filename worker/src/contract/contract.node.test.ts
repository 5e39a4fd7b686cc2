import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from './index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONTRACT = join(ROOT, 'worker/src/contract');
const WORKER = join(ROOT, 'worker/src');

/** Every .ts/.tsx file under `directory`, as absolute paths. */
function sources(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path))
    .map((path) => join(directory, path));
}

/** The modules a file imports, and whether only for types (`import type`, `export type`: erased under verbatimModuleSyntax). */
function importsOf(code: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of code.matchAll(
    /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  )) {
    found.push({ specifier: match[3]!, typeOnly: match[2] !== undefined });
  }
  for (const match of code.matchAll(/\bimport\(\s*['"`]([^'"`]+)['"`]\s*\)/g))
    found.push({ specifier: match[1]!, typeOnly: false });
  return found;
}

describe('the wire contract module', () => {
  it('reads imports as the compiler keeps them: inline `type` specifiers still load the module', () => {
    expect(
      importsOf(
        `import type { A } from '../a.ts';\nimport { type B } from "../b.ts";\nimport {\n  c,\n  d,\n} from './c.ts';\nimport './d.css';\nexport type { E } from './e.ts';\nexport * from './f.ts';\nconst g = () => import('./g.ts');`,
      ),
    ).toEqual([
      { specifier: '../a.ts', typeOnly: true },
      { specifier: '../b.ts', typeOnly: false },
      { specifier: './c.ts', typeOnly: false },
      { specifier: './d.css', typeOnly: false },
      { specifier: './e.ts', typeOnly: true },
      { specifier: './f.ts', typeOnly: false },
      { specifier: './g.ts', typeOnly: false },
    ]);
  });

  it('imports no server code: only its own files and valibot', () => {
    const outside = sources(CONTRACT)
      .filter((file) => !file.endsWith('.test.ts'))
      .flatMap((file) =>
        importsOf(readFileSync(file, 'utf8'))
          .filter(
            ({ specifier }) =>
              specifier !== 'valibot' &&
              !(specifier.startsWith('./') && resolve(dirname(file), specifier).startsWith(CONTRACT)),
          )
          .map(({ specifier }) => `${relative(ROOT, file)} imports ${specifier}`),
      );
    expect(outside).toEqual([]);
  });

  it('is the only runtime code of worker/src that the web app imports; the rest is types only', () => {
    const offending = sources(join(ROOT, 'web/src')).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(({ specifier, typeOnly }) => {
          if (typeOnly || !specifier.startsWith('.')) return false;
          const target = resolve(dirname(file), specifier);
          return target.startsWith(WORKER) && !target.startsWith(`${CONTRACT}/`);
        })
        .map(({ specifier }) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('maps every error code to a 4xx or 5xx status, and README lists each with its status', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
      expect(readme, `README's error table lacks ${code}`).toMatch(
        new RegExp(`^\\| \`${code}\` \\| ${ERROR_STATUS[code]} \\|`, 'm'),
      );
    }
  });
});
