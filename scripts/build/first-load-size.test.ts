import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { entryScripts, formatFirstLoad, measureFirstLoad, staticImports } from './first-load-size.ts';

const dist = mkdtempSync(join(tmpdir(), 'chimera-first-load-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dist, path, '..'), { recursive: true });
  writeFileSync(join(dist, path), text);
}

const gzip = (path: string) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
const brotli = (path: string) => brotliCompressSync(readFileSync(join(dist, path)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

describe('the first-load JS report', () => {
  it('counts the entry module, its modulepreloads and their static imports once each, and no lazy page', () => {
    write(
      'index.html',
      `<!doctype html><html><head>
        <script type="module" crossorigin src="/assets/index-a1.js"></script>
        <link rel="modulepreload" crossorigin href="/assets/vendor-b2.js">
        <link rel="stylesheet" href="/assets/index-c3.css">
        <script src="/legacy.js"></script>
      </head><body></body></html>`,
    );
    write('assets/index-a1.js', `import{s as e}from"./vendor-b2.js";import"./shared-d4.js";const t=()=>import("./lobby-e5.js");e(t);`.repeat(20));
    write('assets/vendor-b2.js', `export function s(e){return e()}import"./shared-d4.js";`.repeat(30));
    write('assets/shared-d4.js', 'export const shared = "the same text, again and again";'.repeat(40));
    write('assets/lobby-e5.js', 'export default "a page loaded on demand";'.repeat(500));
    write('assets/index-c3.css', 'body{margin:0}');
    write('legacy.js', 'var notAModule = 1;'.repeat(100));

    const size = measureFirstLoad(dist);
    const counted = ['assets/index-a1.js', 'assets/vendor-b2.js', 'assets/shared-d4.js'];
    expect(size.files).toEqual(counted);
    expect(size.rawBytes).toBe(counted.reduce((sum, path) => sum + readFileSync(join(dist, path)).length, 0));
    expect(size.gzipBytes).toBe(counted.reduce((sum, path) => sum + gzip(path), 0));
    expect(size.brotliBytes).toBe(counted.reduce((sum, path) => sum + brotli(path), 0));
    expect(formatFirstLoad(size)).toBe(
      `first-load JS: ${(size.gzipBytes / 1000).toFixed(1)} kB gzip, ${(size.brotliBytes / 1000).toFixed(1)} kB brotli (3 files, ${(size.rawBytes / 1000).toFixed(1)} kB raw)`,
    );
  });

  it('reads module scripts and modulepreload links, and static imports but not dynamic ones', () => {
    expect(entryScripts(`<script type='module' src='/a.js'></script><link href="/b.js" rel="modulepreload"><link rel="preload" href="/c.js">`)).toEqual(['/a.js', '/b.js']);
    expect(staticImports(`import a from "./a.js";import{b}from"../b.js";export*from"./c.js";import"./d.js";import("./lazy.js");import x from "solid-js"`)).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './d.js',
    ]);
  });

  it('fails loudly when index.html names a file the build did not write', () => {
    const broken = mkdtempSync(join(tmpdir(), 'chimera-first-load-broken-'));
    writeFileSync(join(broken, 'index.html'), '<script type="module" src="/assets/missing.js"></script>');
    expect(() => measureFirstLoad(broken)).toThrow(/missing\.js/);
    rmSync(broken, { recursive: true, force: true });
  });
});
