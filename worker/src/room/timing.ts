/**
 * Natural delays between turns, pure and randomised: the next speaker first
 * reads the last message (a beat that grows with its length: viewers read it
 * while it streamed, so this is the pause of someone taking it in, not the
 * time to read it from scratch), then thinks while the room shows it typing
 * (thinking time depends on temperament). The jitter is applied after the
 * bounds, so a long message's pause varies too. At the default scale the
 * median from one message's end to the next one's first text is about 3 s
 * (README, the show benchmark).
 */

/** Milliseconds of reading pause per word of the last message. */
const READING_MS_PER_WORD = 10;
/** The pause before any word is taken in. */
const READING_BASE_MS = 400;

/** The bounds of the reading pause before jitter: a beat for a one-liner, never a long silence after an essay. */
export const READING_MS = { min: 600, max: 2200 } as const;
/** The bounds of thinking time before the first word, before jitter. */
export const THINKING_MS = { min: 500, max: 2600 } as const;
/** The jitter of every delay: ±25%, after the bounds. */
export const JITTER = 0.25;

/** Traits that make a persona quick on the draw, and traits that make it ponder. */
const QUICK_TRAITS = new Set(['witty', 'playful', 'spontaneous', 'impulsive', 'energetic', 'sarcastic']);
const SLOW_TRAITS = new Set(['thoughtful', 'wise', 'methodical', 'careful', 'contemplative', 'precise']);

/** How long the next speaker takes in `text`: growing with its length within READING_MS, then ±25%. */
export function readingTimeMs(text: string, random: () => number): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return jitter(clamp(READING_BASE_MS + words * READING_MS_PER_WORD, READING_MS.min, READING_MS.max), random);
}

/** How long a persona thinks before it starts: about 1.3 s, shorter for quick temperaments, longer for ponderous ones, then ±25%. */
export function thinkingTimeMs(persona: { traits: string[]; temperature: number }, random: () => number): number {
  const traits = persona.traits.map((trait) => trait.toLowerCase());
  const quick = traits.filter((trait) => QUICK_TRAITS.has(trait)).length;
  const slow = traits.filter((trait) => SLOW_TRAITS.has(trait)).length;
  const temperament = 1 + 0.15 * (slow - quick) - 0.1 * (persona.temperature - 0.7);
  return jitter(clamp(1300 * temperament, THINKING_MS.min, THINKING_MS.max), random);
}

/** Scales a delay by ROOM_TIMING_SCALE (0 runs turns back to back). */
export function scaled(ms: number, scale: number): number {
  return Math.round(ms * scale);
}

function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (1 - JITTER + random() * 2 * JITTER));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
