import { describe, expect, it } from 'vitest';
import { JITTER, READING_MS, readingTimeMs, scaled, THINKING_MS, thinkingTimeMs } from './timing.ts';

const fixed = (value: number) => () => value;

describe('natural delays', () => {
  it('reads longer messages for longer, within bounds far below the old 8 s', () => {
    const short = readingTimeMs('Ha!', fixed(0.5));
    const long = readingTimeMs('word '.repeat(120), fixed(0.5));
    expect(long).toBeGreaterThan(short);
    expect(short).toBe(READING_MS.min);
    expect(readingTimeMs('word '.repeat(5000), fixed(0.5))).toBe(READING_MS.max);
    expect(readingTimeMs('word '.repeat(100), fixed(0.5))).toBe(400 + 1000);
    expect(READING_MS.max * (1 + JITTER)).toBeLessThan(4000);
  });

  it('lets the ±25% jitter show on every message, the longest included', () => {
    for (const text of ['Ha!', 'word '.repeat(60), 'word '.repeat(5000)]) {
      const low = readingTimeMs(text, fixed(0));
      const high = readingTimeMs(text, fixed(0.999999));
      expect(high / low).toBeCloseTo((1 + JITTER) / (1 - JITTER), 2);
    }
    expect(readingTimeMs('word '.repeat(5000), fixed(0))).toBe(READING_MS.max * 0.75);
  });

  it('lets quick temperaments answer sooner than ponderous ones, and varies the thinking too', () => {
    const comedian = { traits: ['witty', 'playful', 'spontaneous', 'entertaining'], temperature: 0.9 };
    const philosopher = { traits: ['thoughtful', 'abstract', 'wise', 'questioning'], temperature: 0.7 };
    for (const draw of [0, 0.3, 0.7, 0.99]) {
      expect(thinkingTimeMs(comedian, fixed(draw))).toBeLessThan(thinkingTimeMs(philosopher, fixed(draw)));
      expect(thinkingTimeMs(comedian, fixed(draw))).toBeGreaterThanOrEqual(THINKING_MS.min * (1 - JITTER));
      expect(thinkingTimeMs(philosopher, fixed(draw))).toBeLessThanOrEqual(THINKING_MS.max * (1 + JITTER));
    }
    expect(thinkingTimeMs(philosopher, fixed(0.99))).toBeGreaterThan(thinkingTimeMs(philosopher, fixed(0)) * 1.5);
  });

  it('scales delays by ROOM_TIMING_SCALE, down to back to back', () => {
    expect(scaled(2000, 1)).toBe(2000);
    expect(scaled(2000, 0.02)).toBe(40);
    expect(scaled(2000, 0)).toBe(0);
  });
});
