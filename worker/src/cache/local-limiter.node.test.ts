import { describe, expect, it } from 'vitest';
import { consumeLocally } from './local-limiter.ts';

describe('the in-memory fallback limiter', () => {
  it('allows `limit` requests per window, then refuses until the window ends', () => {
    const key = `test:${crypto.randomUUID()}`;
    const rule = { limit: 3, windowSeconds: 60 };
    const start = 1_000_000;
    const verdicts = [0, 1, 2, 3].map((offset) => consumeLocally(key, rule, start + offset));
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toMatchObject({ remaining: 0, resetAt: start + 60_000 });
    expect(consumeLocally(key, rule, start + 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('keeps identifiers apart', () => {
    const rule = { limit: 1, windowSeconds: 60 };
    expect(consumeLocally(`a:${crypto.randomUUID()}`, rule).allowed).toBe(true);
    expect(consumeLocally(`b:${crypto.randomUUID()}`, rule).allowed).toBe(true);
  });

  it('stays bounded: past 10,000 identifiers the oldest windows are dropped', () => {
    const rule = { limit: 1, windowSeconds: 3600 };
    const first = `first:${crypto.randomUUID()}`;
    consumeLocally(first, rule);
    expect(consumeLocally(first, rule).allowed).toBe(false);
    for (let index = 0; index < 10_000; index++) consumeLocally(`flood:${index}:${crypto.randomUUID()}`, rule);
    expect(consumeLocally(first, rule).allowed).toBe(true);
  });
});
