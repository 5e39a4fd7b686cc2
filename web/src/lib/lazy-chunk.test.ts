import { describe, expect, it, vi } from 'vitest';
import { ChunkLoadError, loadAfresh, loadChunk, type ChunkRecovery } from './lazy-chunk.ts';

function recovery(options: { online?: boolean; storage?: boolean } = {}) {
  const stored = new Map<string, string>();
  const load = vi.fn();
  const value: ChunkRecovery = {
    storage:
      options.storage === false
        ? null
        : {
            getItem: (key) => stored.get(key) ?? null,
            setItem: (key, item) => void stored.set(key, item),
            removeItem: (key) => void stored.delete(key),
          },
    online: () => options.online ?? true,
    load,
  };
  return { value, load, stored };
}

const missing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

describe('a chunk that cannot be fetched', () => {
  it('is a ChunkLoadError carrying the error of the browser', async () => {
    const { value } = recovery();
    const failed = loadChunk(missing, value);
    await expect(failed).rejects.toBeInstanceOf(ChunkLoadError);
    await expect(failed).rejects.toMatchObject({ cause: expect.any(TypeError) });
  });

  it('has the page it was for loaded afresh once, not again until a chunk has loaded since', async () => {
    const { value, load, stored } = recovery();
    expect(loadAfresh('/sign-up?next=%2F', value)).toBe(true);
    expect(load).toHaveBeenCalledWith('/sign-up?next=%2F');
    expect(loadAfresh('/sign-up?next=%2F', value)).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);

    expect(await loadChunk(() => Promise.resolve({ default: 'page' }), value)).toEqual({ default: 'page' });
    expect(stored.size).toBe(0);
    expect(loadAfresh('/personas', value)).toBe(true);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('is not loaded afresh offline, or without session storage to stop a loop of loads', () => {
    for (const options of [{ online: false }, { storage: false }]) {
      const { value, load } = recovery(options);
      expect(loadAfresh('/sign-up', value)).toBe(false);
      expect(load).not.toHaveBeenCalled();
    }
  });
});
