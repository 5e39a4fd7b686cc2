import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeltaCoalescer, type Chunk } from './coalescer.ts';

describe('the delta coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first delta at once, then at most one chunk per interval, losing nothing', () => {
    const chunks: { chunk: Chunk; at: number }[] = [];
    const coalescer = new DeltaCoalescer(50, (chunk) => chunks.push({ chunk, at: Date.now() }));
    const start = Date.now();
    const words: string[] = [];
    for (let token = 0; token < 100; token++) {
      const word = `w${token} `;
      words.push(word);
      coalescer.push(word);
      vi.advanceTimersByTime(5);
    }
    coalescer.flush();
    expect(chunks.map(({ chunk }) => chunk.text).join('')).toBe(words.join(''));
    expect(chunks[0]).toEqual({ chunk: { text: 'w0 ', emittedAt: start }, at: start });
    for (let index = 1; index < chunks.length - 1; index++)
      expect(chunks[index]!.at - chunks[index - 1]!.at).toBeGreaterThanOrEqual(50);
    expect(chunks.length).toBeLessThanOrEqual(1 + Math.ceil((100 * 5) / 50) + 1);
  });

  it('stamps a chunk with the emit time of its oldest text', () => {
    const chunks: Chunk[] = [];
    const coalescer = new DeltaCoalescer(50, (chunk) => chunks.push(chunk));
    coalescer.push('a');
    vi.advanceTimersByTime(10);
    const second = Date.now();
    coalescer.push('b');
    vi.advanceTimersByTime(10);
    coalescer.push('c');
    vi.advanceTimersByTime(50);
    expect(chunks).toEqual([expect.objectContaining({ text: 'a' }), { text: 'bc', emittedAt: second }]);
  });

  it('drops buffered text on discard', () => {
    const chunks: Chunk[] = [];
    const coalescer = new DeltaCoalescer(50, (chunk) => chunks.push(chunk));
    coalescer.push('kept');
    coalescer.push('void');
    coalescer.discard();
    vi.advanceTimersByTime(100);
    coalescer.flush();
    expect(chunks.map((chunk) => chunk.text)).toEqual(['kept']);
  });
});
