import { describe, expect, it } from 'vitest';
import {
  chooseNudge,
  isLoop,
  lengthFit,
  NUDGES,
  repetition,
  scoreMessage,
  selfRepetition,
  sentenceRepetition,
  styleAdherence,
  tookUpNudge,
} from './quality.ts';

const comedian = { style: 'humorous', avgLength: 20, traits: ['witty'] };
const philosopher = { style: 'contemplative', avgLength: 40, traits: ['wise'] };
const scientist = { style: 'analytical', avgLength: 30, traits: ['precise'] };
const pirate = {
  style: 'salty',
  avgLength: 30,
  traits: ['gruff'],
  systemPrompt:
    'You are a Pirate Historian who tells tales of sail and the golden age of piracy. Call everyone "matey".',
};

/** What the old demo provider said again and again (issue 13). */
const stock = [
  'Let us examine methodological systematically, starting from what the evidence actually shows. The mechanism is plausible, but plausibility is not evidence; we need replication. In short: promising hypothesis, insufficient data, more research required.',
  'From a methodological standpoint, consciousness breaks down into three measurable components. The mechanism is plausible, but plausibility is not evidence; we need replication. Base rates matter: without them, even a striking result about methodological can mislead us. In short: promising hypothesis, insufficient data, more research required.',
];
const filler = Array.from(
  { length: 30 },
  (_, index) => `Message ${index} talks about something else entirely, with words of its own number ${index}.`,
);

describe('message quality', () => {
  it('measures repetition as the share of word 5-grams already said anywhere in the room, runs of function words aside', () => {
    const said = 'black cats sleep under warm blankets every winter';
    expect(repetition(said, [])).toBe(0);
    expect(repetition(said, [said])).toBe(1);
    expect(repetition('black cats sleep under warm stones near rivers', [said])).toBeCloseTo(0.25);
    expect(repetition(said, [said, ...filler])).toBe(1);
    expect(repetition('and what do you make of it', ['so what do you make of it'])).toBe(0);
    expect(
      repetition('whether cats dream of mice at night, truly', ['cats'], 'whether cats dream of mice at night'),
    ).toBe(0);
  });

  it('counts sentences said word for word before, and a message repeating itself', () => {
    expect(
      sentenceRepetition('Fresh words here. The cat sat on the mat!', [
        'Earlier that day. The cat sat on the mat.',
        ...filler,
      ]),
    ).toBe(0.5);
    expect(selfRepetition('Let us examine systematically systematically, starting now.')).toBeGreaterThanOrEqual(0.25);
    expect(
      selfRepetition('One two three four five six seven eight. One two three four five six seven eight.'),
    ).toBeGreaterThan(0.3);
    expect(selfRepetition('Every word here is new and none comes back.')).toBe(0);
  });

  it('scores length near the target as 1 and falls off on either side', () => {
    expect(lengthFit(20, 20)).toBe(1);
    expect(lengthFit(5, 20)).toBeCloseTo(0.5);
    expect(lengthFit(64, 20)).toBeCloseTo(0);
  });

  it('recognises each seed style and penalises speaking out of character', () => {
    expect(styleAdherence('Why did the toaster cry? Burned again! 🍞', comedian)).toBe(1);
    expect(
      styleAdherence(
        'I suppose the toaster, in its quiet persistence and its long and patient vigil, reflects something about our longing for warmth and routine.',
        comedian,
      ),
    ).toBe(0.5);
    expect(
      styleAdherence(
        'As Kant suggested, perhaps what we perceive of warmth is shaped by faculties we scarcely understand at all?',
        philosopher,
      ),
    ).toBe(1);
    expect(styleAdherence('A 2019 study found the effect, though the data were noisy.', scientist)).toBe(1);
    expect(styleAdherence('The Comedian: ha! 😄', comedian)).toBeCloseTo(0.7);
    expect(styleAdherence('As an AI language model, I cannot joke.', comedian)).toBeLessThan(0.5);
    expect(styleAdherence('Anything goes here.', { style: 'whimsical', avgLength: 10, traits: [] })).toBe(0.75);
  });

  it("understands a user persona's own prompt: a pirate who says matey and talks of sail fits, one who lectures on methodology does not", () => {
    const inCharacter = styleAdherence(
      'Matey, in my days under sail we called that a fair wind, and the golden age of piracy knew it well.',
      pirate,
    );
    const outOfCharacter = styleAdherence(
      'There are several ways to look at methodological questions, and each reveals something different.',
      pirate,
    );
    expect(inCharacter).toBe(1);
    expect(outOfCharacter).toBeLessThanOrEqual(0.25);
  });

  it('ranks a repeated message low whatever its fit, and a fresh one high', () => {
    const text = 'Why did the toaster cry? It kept getting burned! 🍞 Honestly, same, every single morning.';
    const fresh = scoreMessage({ text, persona: comedian, history: filler });
    const repeated = scoreMessage({ text, persona: comedian, history: [text, ...filler] });
    expect(fresh).toEqual({ score: 1, novelty: 1, length: 1, adherence: 1 });
    expect(repeated.novelty).toBe(0);
    expect(repeated.score).toBe(0);
    const mostlyRepeated = `${text} A brand new closing line appears.`;
    expect(scoreMessage({ text: mostlyRepeated, persona: comedian, history: [text, ...filler] }).score).toBeLessThan(
      0.4,
    );
  });

  it('scores "Let us examine systematically systematically..." low in a room that heard its stock phrases', () => {
    const text =
      'Let us examine systematically systematically, starting from what the evidence actually shows. The mechanism is plausible, but plausibility is not evidence; we need replication. In short: promising hypothesis, insufficient data, more research required.';
    const quality = scoreMessage({ text, persona: { ...scientist, avgLength: 35 }, history: [...stock, ...filler] });
    expect(quality.score).toBeLessThan(0.4);
    expect(scoreMessage({ text, persona: { ...scientist, avgLength: 35 }, history: filler }).score).toBeLessThan(0.8);
  });

  it("halves the score of a message that ignored the Moderator's nudge", () => {
    const nudge = 'a concrete example from everyday life';
    const text = 'Why did the toaster cry? It kept getting burned! 🍞 Honestly, same, every single morning.';
    expect(
      tookUpNudge('Take my kitchen this morning, a concrete example if ever there was one, from everyday life.', nudge),
    ).toBe(true);
    expect(tookUpNudge('The Moderator wants something new, so here goes.', nudge)).toBe(true);
    expect(tookUpNudge(text, nudge)).toBe(false);
    expect(scoreMessage({ text, persona: comedian, history: filler, nudge }).score).toBe(0.5);
    expect(scoreMessage({ text, persona: comedian, history: filler, nudge: null }).score).toBe(1);
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
