/**
 * The first-load JavaScript of the built web app: what a browser fetches
 * before the first page can run. Read from web/dist/index.html (its module
 * scripts and modulepreload links) and the static imports of those files,
 * never their dynamic imports (the pages loaded on demand). Each file is
 * compressed on its own, as it is served: gzip level 9 and brotli quality 11.
 *
 * Also the room page's JavaScript: the chunk the entry loads on demand for
 * `/rooms/:id` and what it imports beyond the first load. The build fails when
 * it passes ROOM_PAGE_LIMIT_BYTES gzip (issue 11: the frames are parsed with a
 * light validator so that it stays small).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The first-load JavaScript, in bytes. */
export interface FirstLoadSize {
  /** Paths under the dist directory, in the order they were found. */
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i');

/** The JS an HTML page loads up front: `<script type="module" src>` and `<link rel="modulepreload" href>`, as site paths. */
export function entryScripts(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (/\btype\s*=\s*["']module["']/i.test(tag)) found.push(...(ATTRIBUTE('src').exec(tag)?.slice(1) ?? []));
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']modulepreload["']/i.test(tag)) found.push(...(ATTRIBUTE('href').exec(tag)?.slice(1) ?? []));
  }
  return found;
}

/** The relative specifiers a module imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import("./x.js")`. */
export function staticImports(code: string): string[] {
  const specifiers = [
    ...code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g),
  ].map((match) => match[1]!);
  return [...new Set(specifiers)];
}

/** The relative specifiers a module imports on demand (`import("./x.js")`, with any quotes). */
export function dynamicImports(code: string): string[] {
  const specifiers = [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((match) => match[1]!);
  return [...new Set(specifiers)];
}

/** Reads, compresses and sums the files of `queue` and their static imports, skipping those in `skip`. */
function measureFiles(distDir: string, queue: string[], skip: readonly string[] = []): FirstLoadSize {
  const files: string[] = [];
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file) || skip.includes(file)) continue;
    files.push(file);
    const code = readFileSync(join(distDir, file));
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    brotliBytes += brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    for (const specifier of staticImports(code.toString('utf8')))
      queue.push(posix.normalize(posix.join(dirname(file), specifier)));
  }
  return { files, rawBytes, gzipBytes, brotliBytes };
}

/** Measures the first-load JS of the app built into `distDir`; throws when index.html names a file that is not there. */
export function measureFirstLoad(distDir: string): FirstLoadSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = entryScripts(html)
    .filter((src) => !/^[a-z]+:\/\//i.test(src))
    .map((src) => posix.normalize(src.replace(/^\//, '')));
  return measureFiles(distDir, entries);
}

/** The most gzip bytes the room page may add to the first load. */
export const ROOM_PAGE_LIMIT_BYTES = 15_000;

/**
 * Measures what a page loaded on demand adds to the first load: the chunk named
 * `<page>-<hash>.js` that a first-load file imports dynamically, and its static
 * imports that the first load does not already bring. Throws when no such chunk exists.
 */
export function measurePage(distDir: string, page: string, firstLoad: FirstLoadSize): FirstLoadSize {
  const chunkName = new RegExp(`^${page}-[\\w-]+\\.js$`);
  const chunks = firstLoad.files.flatMap((file) =>
    dynamicImports(readFileSync(join(distDir, file), 'utf8')).map((specifier) =>
      posix.normalize(posix.join(dirname(file), specifier)),
    ),
  );
  const chunk = chunks.find((path) => chunkName.test(posix.basename(path)));
  if (!chunk)
    throw new Error(
      `No chunk of the page "${page}" among the first load's dynamic imports (${chunks.join(', ') || 'none'}).`,
    );
  return measureFiles(distDir, [chunk], firstLoad.files);
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** How the report's first line begins; `npm run dev` waits for it as the sign that a build is written. */
export const FIRST_LOAD_LABEL = 'first-load JS:';

/** `first-load JS: 12.3 kB gzip, 10.9 kB brotli (3 files, 35.2 kB raw)`; kB are 1,000 bytes. */
export function formatFirstLoad(size: FirstLoadSize): string {
  const files = `${size.files.length} file${size.files.length === 1 ? '' : 's'}`;
  return `${FIRST_LOAD_LABEL} ${kB(size.gzipBytes)} gzip, ${kB(size.brotliBytes)} brotli (${files}, ${kB(size.rawBytes)} raw)`;
}

/** `room page JS: 10.9 kB gzip, 9.8 kB brotli (1 file beyond the first load, 31.7 kB raw; limit 15.0 kB gzip)`. */
export function formatPage(page: string, size: FirstLoadSize, limitBytes: number): string {
  const files = `${size.files.length} file${size.files.length === 1 ? '' : 's'} beyond the first load`;
  return `${page} page JS: ${kB(size.gzipBytes)} gzip, ${kB(size.brotliBytes)} brotli (${files}, ${kB(size.rawBytes)} raw; limit ${kB(limitBytes)} gzip)`;
}

/** The report of a build: both sizes, and an error when the room page is over its limit. */
export function buildReport(distDir: string): { lines: string[]; error: string | null } {
  const firstLoad = measureFirstLoad(distDir);
  const room = measurePage(distDir, 'room', firstLoad);
  const lines = [formatFirstLoad(firstLoad), formatPage('room', room, ROOM_PAGE_LIMIT_BYTES)];
  const over = room.gzipBytes > ROOM_PAGE_LIMIT_BYTES;
  return {
    lines,
    error: over
      ? `The room page's JS is ${kB(room.gzipBytes)} gzip, over its limit of ${kB(ROOM_PAGE_LIMIT_BYTES)}.`
      : null,
  };
}

/** A Vite plugin that prints the first-load JS and the room page's JS of each build once it is written, and fails the build when the room page is over its limit. */
export function firstLoadReport(): Plugin {
  let outDir = '';
  return {
    name: 'chimera-first-load-size',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const report = buildReport(outDir);
      for (const line of report.lines) console.log(line);
      if (report.error) this.error(report.error);
    },
  };
}
