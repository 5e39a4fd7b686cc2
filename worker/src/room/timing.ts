/**
 * Natural delays between turns, pure and randomised: the next speaker first
 * reads the last message (reading time grows with its length), then thinks
 * while the room shows it typing (thinking time depends on temperament).
 */

/** Words a persona reads per second: an unhurried 240 words a minute. */
const READING_WORDS_PER_SECOND = 4;

/** The bounds of reading time, so a one-liner still gets a beat and an essay does not stall the show. */
export const READING_MS = { min: 700, max: 8000 } as const;
/** The bounds of thinking time before the first word. */
export const THINKING_MS = { min: 500, max: 4500 } as const;

/** Traits that make a persona quick on the draw, and traits that make it ponder. */
const QUICK_TRAITS = new Set(['witty', 'playful', 'spontaneous', 'impulsive', 'energetic', 'sarcastic']);
const SLOW_TRAITS = new Set(['thoughtful', 'wise', 'methodical', 'careful', 'contemplative', 'precise']);

/** How long reading `text` takes, ±20% at random. */
export function readingTimeMs(text: string, random: () => number): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  const base = 300 + (words / READING_WORDS_PER_SECOND) * 1000;
  return clamp(base * (0.8 + random() * 0.4), READING_MS.min, READING_MS.max);
}

/** How long a persona thinks before it starts: about two seconds, shorter for quick temperaments, longer for ponderous ones. */
export function thinkingTimeMs(persona: { traits: string[]; temperature: number }, random: () => number): number {
  const traits = persona.traits.map((trait) => trait.toLowerCase());
  const quick = traits.filter((trait) => QUICK_TRAITS.has(trait)).length;
  const slow = traits.filter((trait) => SLOW_TRAITS.has(trait)).length;
  const temperament = 1 + 0.15 * (slow - quick) - 0.1 * (persona.temperature - 0.7);
  const base = 1200 + random() * 1600;
  return clamp(base * temperament, THINKING_MS.min, THINKING_MS.max);
}

/** Scales a delay by ROOM_TIMING_SCALE (0 runs turns back to back). */
export function scaled(ms: number, scale: number): number {
  return Math.round(ms * scale);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
