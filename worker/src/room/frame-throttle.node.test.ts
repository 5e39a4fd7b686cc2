import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIENCE_FRAME_INTERVAL_MS, FrameThrottle } from './frame-throttle.ts';

describe('FrameThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one frame per interval, whatever is marked, oldest key first, each key once per change', () => {
    const sent: { key: string; at: number }[] = [];
    const throttle = new FrameThrottle<string>((key) => sent.push({ key, at: Date.now() }));
    const start = Date.now();
    for (let i = 0; i < 1000; i++) throttle.mark(['a', 'b', 'c'][i % 3]!);
    vi.advanceTimersByTime(0);
    expect(sent.map((frame) => frame.key)).toEqual(['a']);
    vi.advanceTimersByTime(AUDIENCE_FRAME_INTERVAL_MS * 10);
    expect(sent.map((frame) => frame.key)).toEqual(['a', 'b', 'c']);
    const gaps = sent.slice(1).map((frame, index) => frame.at - sent[index]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(AUDIENCE_FRAME_INTERVAL_MS);
    expect(sent[0]!.at - start).toBe(0);
    expect(throttle.pending()).toBe(0);
  });

  it('forgets a dropped key', () => {
    const sent: string[] = [];
    const throttle = new FrameThrottle<string>((key) => sent.push(key));
    throttle.mark('a');
    throttle.mark('b');
    throttle.drop('b');
    vi.advanceTimersByTime(AUDIENCE_FRAME_INTERVAL_MS * 4);
    expect(sent).toEqual(['a']);
  });
});
