/**
 * Message quality, pure: how much a message repeats the room (its word
 * 5-grams and its sentences against the whole history, and itself: a stutter
 * like "systematically systematically"), how close it is to its persona's
 * target length, and whether it sounds like its persona (the seed styles'
 * marks, and the words a user persona's own prompt asks for). The total is
 * novelty times the rest, so a message that is mostly repeats ranks low
 * however well it fits; a Moderator's nudge it did not take up halves it.
 * A run of repetitive messages is a loop, which the room breaks with a nudge.
 */
import type { Quality } from '../contract/index.ts';
import { sentenceKey, splitSentences } from '../providers/transcript.ts';

/** What scoring a message needs. */
export interface ScoreInput {
  text: string;
  persona: { style: string; avgLength: number; traits: string[]; systemPrompt?: string };
  /** Every earlier message of the room (any sender), or as many as are kept. */
  history: string[];
  /** The Moderator's nudge this message was asked to take up, if any. */
  nudge?: string | null;
  /** The room's topic: saying it again is staying on topic, not repeating oneself. */
  topic?: string;
}

/** Messages in a row whose novelty stays under LOOP_NOVELTY make a loop. */
export const LOOP_WINDOW = 3;
export const LOOP_NOVELTY = 0.5;
/** AI turns after a nudge before another may come. */
export const NUDGE_COOLDOWN_TURNS = 6;
/** Words per shingle. */
export const SHINGLE_WORDS = 5;
/** What the total keeps of itself when a nudge was not taken up. */
export const IGNORED_NUDGE_FACTOR = 0.5;

const THINKERS =
  /\b(socrates|plato|aristotle|kant|nietzsche|heraclitus|wittgenstein|beauvoir|sartre|camus|hume|descartes|confucius|spinoza|hegel|arendt|seneca|aurelius|epicurus|kierkegaard|laozi|locke|rousseau|murdoch)\b/i;
const EVIDENCE =
  /\b(study|studies|evidence|data|hypothes[ie]s|measur\w*|experiment\w*|meta-analysis|research|variables?|sample|replicat\w*|peer-reviewed|trial|control group)\b/i;
const EMOJI = /\p{Extended_Pictographic}/u;
const OUT_OF_CHARACTER = /\b(as an ai|language model|i cannot roleplay)\b/i;
const NAME_PREFIX = /^\s*[\p{L} .'-]{2,40}:\s/u;
const DOUBLED_WORD = /\b(\p{L}{3,})\s+\1\b/giu;
const PROMPT_FILLER = new Set(
  'you are who that which with your responses response respond speak talk always never keep make sure use using like from into about their them they this these those very often every also each persona character style voice reply replies answer answers short long sentences words word give should would could must will does have been being when where what while than then there here only just more most some such other others own full everyone everything something things thing like tell tells'.split(
    ' ',
  ),
);

/** Scores a message; every part and the total are 0..1, higher is better. */
export function scoreMessage(input: ScoreInput): Quality {
  const own = unquoted(input.text);
  const history = input.topic ? [...input.history, input.topic] : input.history;
  const novelty =
    1 -
    Math.max(
      repetition(own, history, input.topic),
      sentenceRepetition(input.text, input.history),
      selfRepetition(input.text),
    );
  const length = lengthFit(countWords(input.text), input.persona.avgLength);
  const adherence = styleAdherence(input.text, input.persona);
  const fit = 0.4 + 0.3 * length + 0.3 * adherence;
  const ignoredNudge = input.nudge && !tookUpNudge(input.text, input.nudge) ? IGNORED_NUDGE_FACTOR : 1;
  return {
    score: round(novelty * fit * ignoredNudge),
    novelty: round(novelty),
    length: round(length),
    adherence: round(adherence),
  };
}

/** The share of the text's word 5-grams already said in `history` (those of `topic` aside): 0 is all new, 1 all repeated. */
export function repetition(text: string, history: string[], topic = ''): number {
  const exempt = shingles(topic);
  const own = new Set([...shingles(text)].filter((shingle) => !exempt.has(shingle)));
  if (own.size === 0) return 0;
  const said = new Set<string>();
  for (const message of history) for (const shingle of shingles(message)) said.add(shingle);
  let repeated = 0;
  for (const shingle of own) if (said.has(shingle)) repeated += 1;
  return repeated / own.size;
}

/** The share of the text's sentences (of three words or more) said before, word for word. */
export function sentenceRepetition(text: string, history: string[]): number {
  const keys = splitSentences(text)
    .map(sentenceKey)
    .filter((key) => key.split(' ').length >= 3);
  if (keys.length === 0) return 0;
  const said = new Set(history.flatMap((message) => splitSentences(message).map(sentenceKey)));
  return keys.filter((key) => said.has(key)).length / keys.length;
}

/** How much a text repeats itself: its 5-grams said twice within it, and a doubled word ("systematically systematically") counting as a quarter each. */
export function selfRepetition(text: string): number {
  const words = wordsOf(text);
  let repeated = 0;
  let total = 0;
  const seen = new Set<string>();
  for (let index = 0; index + SHINGLE_WORDS <= words.length; index++, total++) {
    const shingle = words.slice(index, index + SHINGLE_WORDS).join(' ');
    if (seen.has(shingle)) repeated += 1;
    seen.add(shingle);
  }
  const share = total === 0 ? 0 : repeated / total;
  const doubled = [...text.matchAll(DOUBLED_WORD)].length;
  return Math.min(1, share + 0.25 * doubled);
}

/** The text without what it quotes (“...”): quoting the previous speaker answers them, it does not repeat them. */
function unquoted(text: string): string {
  return text.replace(/[“"][^”"]*[”"]/g, ' … ');
}

/** 1 within half to 1.6 times the target length, falling off either side. */
export function lengthFit(words: number, target: number): number {
  const ratio = words / Math.max(1, target);
  if (ratio < 0.5) return ratio / 0.5;
  if (ratio > 1.6) return Math.max(0, 1 - (ratio - 1.6) / 1.6);
  return 1;
}

/**
 * How much the text shows the persona: the seed styles' marks (emoji and punch
 * for humorous, thinkers and long sentences for contemplative, evidence for
 * analytical), and how many of the words its own prompt asks for it uses (a
 * pirate's "matey", its "sail"): the mean of the two where both apply.
 */
export function styleAdherence(text: string, persona: ScoreInput['persona']): number {
  if (text.trim().length === 0) return 0;
  const style = styleMarks(text, persona.style);
  const prompt = persona.systemPrompt ? promptMarks(text, persona.systemPrompt) : null;
  let score = style !== null && prompt !== null ? (style + prompt) / 2 : (style ?? prompt ?? 0.75);
  if (NAME_PREFIX.test(text)) score -= 0.3;
  if (OUT_OF_CHARACTER.test(text)) score -= 0.4;
  return round(Math.min(1, Math.max(0, score)));
}

/** True when the text answers the nudge: names the Moderator, or uses half of the nudge's content words. */
export function tookUpNudge(text: string, nudge: string): boolean {
  if (/\bmoderator\b/i.test(text)) return true;
  const wanted = contentWords(nudge);
  const said = new Set(wordsOf(text).map(stem));
  return wanted.length > 0 && wanted.filter((word) => said.has(stem(word))).length * 2 >= wanted.length;
}

function styleMarks(text: string, style: string): number | null {
  const sentences = splitSentences(text);
  const wordsPerSentence = countWords(text) / Math.max(1, sentences.length);
  switch (style.toLowerCase()) {
    case 'humorous':
      return 0.5 + (EMOJI.test(text) ? 0.25 : 0) + (/[!?]/.test(text) ? 0.1 : 0) + (wordsPerSentence <= 22 ? 0.15 : 0);
    case 'contemplative':
      return (
        0.5 + (wordsPerSentence >= 14 ? 0.2 : 0) + (THINKERS.test(text) ? 0.2 : 0) + (text.includes('?') ? 0.1 : 0)
      );
    case 'analytical':
      return 0.5 + (EVIDENCE.test(text) ? 0.25 : 0) + (/\d/.test(text) ? 0.1 : 0) + (EMOJI.test(text) ? 0 : 0.15);
    default:
      return null;
  }
}

/** 0.25 plus a quarter per distinct word of the prompt's own lexicon used (its quoted words count double), up to 1. */
function promptMarks(text: string, prompt: string): number {
  const quoted = [...prompt.matchAll(/["“]([\p{L}][\p{L}' -]{1,24})["”]/gu)].map((match) => match[1]!.toLowerCase());
  const lexicon = [...new Set(contentWords(prompt).map(stem))];
  const said = new Set(wordsOf(text).map(stem));
  const lower = text.toLowerCase();
  const hits =
    lexicon.filter((word) => said.has(word)).length + 2 * quoted.filter((word) => lower.includes(word)).length;
  return Math.min(1, 0.25 + 0.25 * hits);
}

function contentWords(text: string): string[] {
  return wordsOf(text).filter((word) => word.length >= 4 && !PROMPT_FILLER.has(word));
}

/** A crude stem, enough to match "sail" with "sails" and "sailing". */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, '');
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

/** The text's word 5-grams that carry at least two content words: a run of function words ("what do you make of") is how the language sounds, not a repeat. */
function shingles(text: string): Set<string> {
  const words = wordsOf(text);
  const result = new Set<string>();
  for (let index = 0; index + SHINGLE_WORDS <= words.length; index++) {
    const run = words.slice(index, index + SHINGLE_WORDS);
    if (run.filter(isContentWord).length >= 2) result.add(run.join(' '));
  }
  return result;
}

function isContentWord(word: string): boolean {
  return word.length >= 4 && !PROMPT_FILLER.has(word);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
