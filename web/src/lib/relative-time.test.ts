import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

describe('relativeTime', () => {
  const at = Date.parse('2026-12-01T10:00:00.000Z');
  it('says a message’s age as a chat does', () => {
    expect(relativeTime('2026-12-01T09:59:50.000Z', at)).toBe('just now');
    expect(relativeTime('2026-12-01T09:55:00.000Z', at)).toBe('5 min ago');
    expect(relativeTime('2026-12-01T07:00:00.000Z', at)).toBe('3 h ago');
    expect(relativeTime('2026-11-20T10:00:00.000Z', at)).toMatch(/20/);
    expect(relativeTime('not a time', at)).toBe('');
  });
});
