import { describe, expect, it } from 'vitest';
import { READING_MS, readingTimeMs, scaled, THINKING_MS, thinkingTimeMs } from './timing.ts';

const fixed = (value: number) => () => value;

describe('natural delays', () => {
  it('reads longer messages for longer, within bounds', () => {
    const short = readingTimeMs('Ha!', fixed(0.5));
    const long = readingTimeMs('word '.repeat(120), fixed(0.5));
    expect(long).toBeGreaterThan(short);
    expect(short).toBe(READING_MS.min);
    expect(readingTimeMs('word '.repeat(5000), fixed(0.5))).toBe(READING_MS.max);
    expect(readingTimeMs('word '.repeat(20), fixed(0.5))).toBeCloseTo(300 + 5000, 0);
  });

  it('randomises reading time by ±20%', () => {
    const text = 'word '.repeat(20);
    expect(readingTimeMs(text, fixed(0))).toBeCloseTo(5300 * 0.8, 0);
    expect(readingTimeMs(text, fixed(0.999999))).toBeCloseTo(5300 * 1.2, 0);
  });

  it('lets quick temperaments answer sooner than ponderous ones', () => {
    const comedian = { traits: ['witty', 'playful', 'spontaneous', 'entertaining'], temperature: 0.9 };
    const philosopher = { traits: ['thoughtful', 'abstract', 'wise', 'questioning'], temperature: 0.7 };
    for (const draw of [0, 0.3, 0.7, 0.99]) {
      expect(thinkingTimeMs(comedian, fixed(draw))).toBeLessThan(thinkingTimeMs(philosopher, fixed(draw)));
      expect(thinkingTimeMs(comedian, fixed(draw))).toBeGreaterThanOrEqual(THINKING_MS.min);
      expect(thinkingTimeMs(philosopher, fixed(draw))).toBeLessThanOrEqual(THINKING_MS.max);
    }
  });

  it('scales delays by ROOM_TIMING_SCALE, down to back to back', () => {
    expect(scaled(2000, 1)).toBe(2000);
    expect(scaled(2000, 0.02)).toBe(40);
    expect(scaled(2000, 0)).toBe(0);
  });
});
