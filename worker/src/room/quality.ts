/**
 * Message quality, pure: how much a message repeats the recent turns, how
 * close it is to its persona's target length, and whether it sounds like its
 * persona. A run of repetitive messages is a loop, which the room breaks with
 * a topic nudge.
 */
import type { Quality } from '../contract/index.ts';

/** What scoring a message needs. */
export interface ScoreInput {
  text: string;
  persona: { style: string; avgLength: number; traits: string[] };
  /** The recent messages before this one (any sender). */
  recent: string[];
}

/** Messages in a row whose novelty stays under LOOP_NOVELTY make a loop. */
export const LOOP_WINDOW = 3;
export const LOOP_NOVELTY = 0.5;
/** AI turns after a nudge before another may come. */
export const NUDGE_COOLDOWN_TURNS = 6;

const THINKERS =
  /\b(socrates|plato|aristotle|kant|nietzsche|heraclitus|wittgenstein|beauvoir|sartre|camus|hume|descartes|confucius|spinoza|hegel|arendt|seneca|aurelius|epicurus|kierkegaard|laozi|locke|rousseau)\b/i;
const EVIDENCE = /\b(study|studies|evidence|data|hypothes[ie]s|measur\w*|experiment\w*|meta-analysis|research|variables?|sample|replicat\w*|peer-reviewed)\b/i;
const EMOJI = /\p{Extended_Pictographic}/u;
const OUT_OF_CHARACTER = /\b(as an ai|language model|i cannot roleplay)\b/i;
const NAME_PREFIX = /^\s*[\p{L} .'-]{2,40}:\s/u;

/** Scores a message; every part and the total are 0..1, higher is better. */
export function scoreMessage(input: ScoreInput): Quality {
  const novelty = 1 - repetition(input.text, input.recent);
  const length = lengthFit(countWords(input.text), input.persona.avgLength);
  const adherence = styleAdherence(input.text, input.persona);
  const score = 0.45 * novelty + 0.25 * length + 0.3 * adherence;
  return { score: round(score), novelty: round(novelty), length: round(length), adherence: round(adherence) };
}

/** The share of the text's three-word runs already said in `recent`: 0 is all new, 1 all repeated. */
export function repetition(text: string, recent: string[]): number {
  const own = shingles(text);
  if (own.size === 0) return 0;
  const said = new Set(recent.flatMap((message) => [...shingles(message)]));
  let repeated = 0;
  for (const shingle of own) if (said.has(shingle)) repeated += 1;
  return repeated / own.size;
}

/** 1 within half to 1.6 times the target length, falling off either side. */
export function lengthFit(words: number, target: number): number {
  const ratio = words / Math.max(1, target);
  if (ratio < 0.5) return ratio / 0.5;
  if (ratio > 1.6) return Math.max(0, 1 - (ratio - 1.6) / 1.6);
  return 1;
}

/** How much the text shows the persona's style; styles without heuristics score a neutral 0.75 unless out of character. */
export function styleAdherence(text: string, persona: ScoreInput['persona']): number {
  if (text.trim().length === 0) return 0;
  const sentences = text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim().length > 0);
  const wordsPerSentence = countWords(text) / Math.max(1, sentences.length);
  let score: number;
  switch (persona.style.toLowerCase()) {
    case 'humorous':
      score = 0.5 + (EMOJI.test(text) ? 0.25 : 0) + (/[!?]/.test(text) ? 0.1 : 0) + (wordsPerSentence <= 14 ? 0.15 : 0);
      break;
    case 'contemplative':
      score = 0.5 + (wordsPerSentence >= 14 ? 0.2 : 0) + (THINKERS.test(text) ? 0.2 : 0) + (text.includes('?') ? 0.1 : 0);
      break;
    case 'analytical':
      score = 0.5 + (EVIDENCE.test(text) ? 0.25 : 0) + (/\d/.test(text) ? 0.1 : 0) + (EMOJI.test(text) ? 0 : 0.15);
      break;
    default:
      score = 0.75;
  }
  if (NAME_PREFIX.test(text)) score -= 0.3;
  if (OUT_OF_CHARACTER.test(text)) score -= 0.4;
  return round(Math.min(1, Math.max(0, score)));
}

/** True when the last LOOP_WINDOW AI messages (newest last) all repeated the conversation. */
export function isLoop(novelties: number[]): boolean {
  const window = novelties.slice(-LOOP_WINDOW);
  return window.length === LOOP_WINDOW && window.every((novelty) => novelty < LOOP_NOVELTY);
}

/** New angles the moderator offers when the conversation goes round in circles. */
export const NUDGES: readonly string[] = [
  'what would change if the opposite were true',
  'a concrete example from everyday life',
  'how this will look a hundred years from now',
  'the strongest argument against your own view',
  'what a curious child would ask about this',
  'a surprising parallel from history',
  'what this means for someone living alone on a remote island',
  'the practical advice you would give a friend tomorrow',
];

/** The nudge to use, avoiding the ones already given while others remain. */
export function chooseNudge(given: string[], random: () => number): string {
  const fresh = NUDGES.filter((nudge) => !given.includes(nudge));
  const pool = fresh.length > 0 ? fresh : NUDGES;
  return pool[Math.floor(random() * pool.length)]!;
}

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const result = new Set<string>();
  for (let index = 0; index + 3 <= words.length; index++) result.add(words.slice(index, index + 3).join(' '));
  return result;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
