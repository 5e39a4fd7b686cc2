import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  dynamicImports,
  entryScripts,
  formatFirstLoad,
  formatPage,
  measureFirstLoad,
  measurePage,
  ROOM_PAGE_LIMIT_BYTES,
  staticImports,
} from './first-load-size.ts';

const dist = mkdtempSync(join(tmpdir(), 'chimera-first-load-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dist, path, '..'), { recursive: true });
  writeFileSync(join(dist, path), text);
}

const gzip = (path: string) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
const brotli = (path: string) =>
  brotliCompressSync(readFileSync(join(dist, path)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

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
    write(
      'assets/index-a1.js',
      `import{s as e}from"./vendor-b2.js";import"./shared-d4.js";const t=()=>import("./lobby-e5.js");e(t);`.repeat(20),
    );
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
    expect(
      entryScripts(
        `<script type='module' src='/a.js'></script><link href="/b.js" rel="modulepreload"><link rel="preload" href="/c.js">`,
      ),
    ).toEqual(['/a.js', '/b.js']);
    expect(
      staticImports(
        `import a from "./a.js";import{b}from"../b.js";export*from"./c.js";import"./d.js";import("./lazy.js");import x from "solid-js"`,
      ),
    ).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });

  it('fails loudly when index.html names a file the build did not write', () => {
    const broken = mkdtempSync(join(tmpdir(), 'chimera-first-load-broken-'));
    writeFileSync(join(broken, 'index.html'), '<script type="module" src="/assets/missing.js"></script>');
    expect(() => measureFirstLoad(broken)).toThrow(/missing\.js/);
    rmSync(broken, { recursive: true, force: true });
  });

  it('measures the room page: its lazy chunk and the static imports the first load does not bring', () => {
    const site = mkdtempSync(join(tmpdir(), 'chimera-room-page-'));
    const put = (path: string, text: string) => {
      mkdirSync(join(site, path, '..'), { recursive: true });
      writeFileSync(join(site, path), text);
    };
    put('index.html', '<script type="module" src="/assets/index-a1.js"></script>');
    put(
      'assets/index-a1.js',
      'import"./vendor-b2.js";const r=()=>import(`./room-c3.js`),l=()=>import("./lobby-d4.js");',
    );
    put('assets/vendor-b2.js', 'export const v=1;'.repeat(50));
    put('assets/room-c3.js', 'import{v}from"./vendor-b2.js";import"./frames-e5.js";export default v;'.repeat(10));
    put('assets/frames-e5.js', 'export const frames="valibot";'.repeat(30));
    put('assets/lobby-d4.js', 'export default "the lobby";'.repeat(200));
    const firstLoad = measureFirstLoad(site);
    const room = measurePage(site, 'room', firstLoad);
    expect(room.files).toEqual(['assets/room-c3.js', 'assets/frames-e5.js']);
    const zipped = (path: string) => gzipSync(readFileSync(join(site, path)), { level: 9 }).length;
    expect(room.gzipBytes).toBe(zipped('assets/room-c3.js') + zipped('assets/frames-e5.js'));
    expect(formatPage('room', room, ROOM_PAGE_LIMIT_BYTES)).toBe(
      `room page JS: ${(room.gzipBytes / 1000).toFixed(1)} kB gzip, ${(room.brotliBytes / 1000).toFixed(1)} kB brotli (2 files beyond the first load, ${(room.rawBytes / 1000).toFixed(1)} kB raw; limit 15.0 kB gzip)`,
    );
    expect(buildReport(site)).toEqual({
      lines: [formatFirstLoad(firstLoad), formatPage('room', room, ROOM_PAGE_LIMIT_BYTES)],
      error: null,
    });
    expect(() => measurePage(site, 'admin', firstLoad)).toThrow(/admin/);
    rmSync(site, { recursive: true, force: true });
  });

  it('fails the build report when the room page is over its limit', () => {
    const site = mkdtempSync(join(tmpdir(), 'chimera-room-page-big-'));
    mkdirSync(join(site, 'assets'));
    writeFileSync(join(site, 'index.html'), '<script type="module" src="/assets/index-a1.js"></script>');
    writeFileSync(join(site, 'assets/index-a1.js'), 'const r=()=>import("./room-c3.js");');
    // Random text does not compress: a bit more than the limit, gzipped.
    const noise = Array.from({ length: ROOM_PAGE_LIMIT_BYTES }, () => Math.random().toString(36).slice(2, 4)).join('');
    writeFileSync(join(site, 'assets/room-c3.js'), `export default "${noise}";`);
    const report = buildReport(site);
    expect(report.error).toMatch(/^The room page's JS is \d+\.\d kB gzip, over its limit of 15\.0 kB\.$/);
    rmSync(site, { recursive: true, force: true });
  });

  it('reads dynamic imports with any quotes', () => {
    expect(
      dynamicImports('import(`./room-a.js`);import("./lobby-b.js");import(\'../c.js\');import "./static.js"'),
    ).toEqual(['./room-a.js', './lobby-b.js', '../c.js']);
  });
});
