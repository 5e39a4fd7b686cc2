/**
 * No import cycle in worker/src or web/src (issue 11): every relative import of
 * the non-test modules, type-only ones included, walked as a graph. A cycle is
 * the sign of a unit reaching into its caller (STYLE.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx)$/;
const NOT_A_MODULE = /(\.test\.tsx?|\.d\.ts)$/;
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every module below `folder`, tests and declarations left out. */
function modulesOf(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => SOURCE.test(path) && !NOT_A_MODULE.test(path))
    .map((path) => join(root, folder, path));
}

/** The modules `file` imports by a relative path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => resolve(dirname(file), match[1]!));
}

/** Each module and the modules of the same set it imports. */
function graphOf(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((file) => [file, importsOf(file).filter((target) => known.has(target))]));
}

/** The cycles of the graph, each as the path of files that closes it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), file, target]);
      else if (!state.has(target)) visit(target, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return cycles.map((cycle) => cycle.map((file) => relative(root, file)));
}

describe('the import graph', () => {
  it.each(['worker/src', 'web/src'])('of %s has no cycle', (folder) => {
    const graph = graphOf(modulesOf(folder));
    expect(graph.size).toBeGreaterThan(20);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = graphOf(modulesOf('worker/src'));
    const conversation = join(root, 'worker/src/room/conversation.ts');
    const turn = join(root, 'worker/src/room/speaker-turn.ts');
    expect(graph.get(conversation)).toContain(turn);
    // The cycle the code-health issue removed: the turn importing the room back.
    graph.set(turn, [...(graph.get(turn) ?? []), conversation]);
    expect(cyclesOf(graph)).toContainEqual(
      expect.arrayContaining(['worker/src/room/conversation.ts', 'worker/src/room/speaker-turn.ts']),
    );
  });
});
