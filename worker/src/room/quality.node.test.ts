import { describe, expect, it } from 'vitest';
import { chooseNudge, isLoop, lengthFit, NUDGES, repetition, scoreMessage, styleAdherence } from './quality.ts';

const comedian = { style: 'humorous', avgLength: 20, traits: ['witty'] };
const philosopher = { style: 'contemplative', avgLength: 40, traits: ['wise'] };
const scientist = { style: 'analytical', avgLength: 30, traits: ['precise'] };

describe('message quality', () => {
  it('measures repetition as the share of three-word runs already said', () => {
    expect(repetition('the cat sat on the mat', [])).toBe(0);
    expect(repetition('the cat sat on the mat', ['the cat sat on the mat'])).toBe(1);
    expect(repetition('the cat sat on a hat', ['the cat sat on the mat'])).toBeCloseTo(0.5);
  });

  it('scores length near the target as 1 and falls off on either side', () => {
    expect(lengthFit(20, 20)).toBe(1);
    expect(lengthFit(5, 20)).toBeCloseTo(0.5);
    expect(lengthFit(64, 20)).toBeCloseTo(0);
  });

  it('recognises each seed style and penalises speaking out of character', () => {
    expect(styleAdherence('Why did the toaster cry? Burned again! 🍞', comedian)).toBe(1);
    expect(styleAdherence('I suppose the toaster, in its quiet persistence, reflects something about our longing for warmth and routine.', comedian)).toBe(0.5);
    expect(styleAdherence('As Kant suggested, perhaps what we perceive of warmth is shaped by faculties we scarcely understand at all?', philosopher)).toBe(1);
    expect(styleAdherence('A 2019 study found the effect, though the data were noisy.', scientist)).toBe(1);
    expect(styleAdherence('The Comedian: ha! 😄', comedian)).toBeCloseTo(0.7);
    expect(styleAdherence('As an AI language model, I cannot joke.', comedian)).toBeLessThan(0.5);
    expect(styleAdherence('Anything goes here.', { style: 'whimsical', avgLength: 10, traits: [] })).toBe(0.75);
  });

  it('combines novelty, length and adherence into a score that drops for a repeat', () => {
    const text = 'Why did the toaster cry? It kept getting burned! 🍞 Honestly, same.';
    const fresh = scoreMessage({ text, persona: comedian, recent: ['Something else entirely was said here.'] });
    const repeated = scoreMessage({ text, persona: comedian, recent: [text] });
    expect(fresh).toEqual({ score: 1, novelty: 1, length: 1, adherence: 1 });
    expect(repeated.novelty).toBe(0);
    expect(repeated.score).toBeCloseTo(0.55);
  });

  it('calls three repetitive AI messages in a row a loop', () => {
    expect(isLoop([0.9, 0.3, 0.2, 0.1])).toBe(true);
    expect(isLoop([0.3, 0.2, 0.9])).toBe(false);
    expect(isLoop([0.1, 0.1])).toBe(false);
  });

  it('offers nudges not given yet while there are any', () => {
    const given = NUDGES.slice(0, -1);
    expect(chooseNudge(given, () => 0.5)).toBe(NUDGES.at(-1));
    expect(NUDGES).toContain(chooseNudge([...NUDGES], () => 0.5));
  });
});
