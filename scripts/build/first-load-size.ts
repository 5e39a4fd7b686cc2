/**
 * The first-load JavaScript of the built web app: what a browser fetches
 * before the first page can run. Read from web/dist/index.html (its module
 * scripts and modulepreload links) and the static imports of those files,
 * never their dynamic imports (the pages loaded on demand). Each file is
 * compressed on its own, as it is served: gzip level 9 and brotli quality 11.
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
  const specifiers = [...code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]!);
  return [...new Set(specifiers)];
}

/** Measures the first-load JS of the app built into `distDir`; throws when index.html names a file that is not there. */
export function measureFirstLoad(distDir: string): FirstLoadSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const queue = entryScripts(html)
    .filter((src) => !/^[a-z]+:\/\//i.test(src))
    .map((src) => posix.normalize(src.replace(/^\//, '')));
  const files: string[] = [];
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const code = readFileSync(join(distDir, file));
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    brotliBytes += brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    for (const specifier of staticImports(code.toString('utf8'))) queue.push(posix.normalize(posix.join(dirname(file), specifier)));
  }
  return { files, rawBytes, gzipBytes, brotliBytes };
}

/** `first-load JS: 12.3 kB gzip, 10.9 kB brotli (3 files, 35.2 kB raw)`; kB are 1,000 bytes. */
export function formatFirstLoad(size: FirstLoadSize): string {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const files = `${size.files.length} file${size.files.length === 1 ? '' : 's'}`;
  return `first-load JS: ${kB(size.gzipBytes)} gzip, ${kB(size.brotliBytes)} brotli (${files}, ${kB(size.rawBytes)} raw)`;
}

/** A Vite plugin that prints the first-load JS of each build once it is written. */
export function firstLoadReport(): Plugin {
  let outDir = '';
  return {
    name: 'chimera-first-load-size',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      console.log(formatFirstLoad(measureFirstLoad(outDir)));
    },
  };
}
