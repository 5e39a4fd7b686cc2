/**
 * What the demo provider reads from a request before it improvises: who it
 * is (a written voice or one derived from its prompt), the topic, who spoke
 * last and what they claimed, the viewer to answer and their words, the
 * Moderator's nudge, whether the show opens or closes, whom to hand over to,
 * and its memory: every sentence already in the prompt. All of it comes from
 * the transcript as room/context.ts writes it (providers/transcript.ts).
 */
import { readFraming, readTurn, sentenceKey, splitSentences, type ReadTurn } from '../transcript.ts';
import type { ChatRequest } from '../types.ts';
import { deriveVoice } from './derived-voice.ts';
import { SEED_ROLES, SEED_VOICES, type Voice } from './voices.ts';

/** The situation of one reply. */
export interface Scene {
  voice: Voice;
  /** The speaker's display name. */
  self: string;
  /** The topic as a phrase that fits inside a sentence. */
  topic: string;
  /** A short form of it: what the topic is about, in a few words. */
  subject: string;
  previous: { name: string; claim: string } | null;
  viewer: { name: string; words: string; question: boolean } | null;
  nudge: string | null;
  opening: boolean;
  closing: boolean;
  /** The persona quiet longest, other than the speaker and the previous speaker. */
  handOffTo: string | null;
  /** Sentence keys already said in the prompt. */
  memory: Set<string>;
  /** Target length in words. */
  targetWords: number;
}

const SPOKEN_WORDS = /^(the|a|an|whether|how|why|what|who|is|are|can|could|do|does|should|will|would|when|where)$/i;
const CLAIM_MARKER =
  /\b(?:think|suspect|say|believe|hold|maintain|argue|bet|reckon|convinced|sure|confident|view|claim|hypothesis|truth is|suggest|show|seems to me|secret is|taught me)\b[^.!?]*?\bthat\s+([^.!?]+)/i;

/** Reads the scene of a request. */
export function readScene(request: ChatRequest): Scene {
  const framing = readFraming(request.system);
  const self = request.persona?.name ?? 'The Guest';
  const turns: (ReadTurn | { kind: 'own'; text: string })[] = request.messages.map((message) =>
    message.role === 'assistant' ? { kind: 'own', text: message.content } : readTurn(message.content),
  );
  const opening = turns.every((turn) => turn.kind === 'opening' || turn.kind === 'stage');
  const stated =
    framing.topic ??
    turns.find((turn) => turn.kind === 'opening')?.topic ??
    turns.findLast((turn) => turn.kind === 'stage')?.text;
  const topic = phraseOf(stated ?? 'all of this');

  const lastOwn = turns.findLastIndex((turn) => turn.kind === 'own');
  const speakers = turns.flatMap((turn, index) =>
    turn.kind === 'speaker' && turn.author !== 'Moderator' && turn.author !== self ? [{ ...turn, index }] : [],
  );
  const previousTurn = speakers.at(-1);
  const previous =
    previousTurn && previousTurn.index > lastOwn
      ? { name: previousTurn.author, claim: claimOf(previousTurn.text) }
      : null;
  const viewerTurn = turns.findLast((turn) => turn.kind === 'viewer' && turn.answerNow);
  const viewer =
    viewerTurn?.kind === 'viewer'
      ? { name: viewerTurn.author, words: quotable(viewerTurn.text, 18), question: viewerTurn.text.includes('?') }
      : null;
  const nudgeTurn = turns.findLast((turn) => turn.kind === 'moderator');

  const memory = new Set<string>();
  for (const turn of turns) {
    const text = turn.kind === 'summary' ? turn.lines.join(' ') : 'text' in turn ? turn.text : '';
    for (const sentence of splitSentences(text)) memory.add(sentenceKey(sentence));
  }

  return {
    voice: voiceOf(framing.personaPrompt, request),
    self,
    topic,
    subject: subjectOf(topic),
    previous,
    viewer,
    nudge: nudgeTurn?.kind === 'moderator' ? nudgeTurn.angle : null,
    opening,
    closing: framing.closing || framing.final,
    handOffTo: quietest(othersOf(request.system, self), speakers, previous?.name ?? null),
    memory,
    targetWords: request.persona?.avgLength ?? 60,
  };
}

/** A seed persona speaks in its written voice; any other persona in one derived from its prompt. */
function voiceOf(prompt: string, request: ChatRequest): Voice {
  const style = (request.persona?.style ?? '').toLowerCase();
  const written = SEED_VOICES[style];
  const role = /\byou are (?:a |an |the )?(?:[\p{L}-]+ ){0,2}?([\p{L}-]+) who\b/iu.exec(prompt)?.[1]?.toLowerCase();
  if (written && (role === undefined || role === SEED_ROLES[style])) return written;
  return deriveVoice({ prompt, traits: request.persona?.traits ?? [], style });
}

/** The other personas named in the framing ("talking with A, B and C."). */
function othersOf(system: string, self: string): string[] {
  const line = system.split('\n').find((candidate) => candidate.startsWith(`You are ${self} on `)) ?? '';
  const at = line.lastIndexOf(' talking with ');
  if (at === -1) return [];
  return line
    .slice(at + ' talking with '.length)
    .replace(/\.$/, '')
    .split(/, | and /)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Whoever among `names` spoke least recently in the transcript (never spoke: first), other than `previous`. */
function quietest(
  names: string[],
  speakers: { author: string; index: number }[],
  previous: string | null,
): string | null {
  const candidates = names.filter((name) => name !== previous);
  if (candidates.length === 0) return null;
  const lastSpoke = (name: string) => speakers.findLast((turn) => turn.author === name)?.index ?? -1;
  return candidates.reduce((best, name) => (lastSpoke(name) < lastSpoke(best) ? name : best));
}

/** What the previous speaker claimed: the clause after its last "I think that..." when there is one, else its last plain sentence. */
function claimOf(text: string): string {
  const sentences = splitSentences(text);
  for (const sentence of [...sentences].reverse()) {
    const marked = CLAIM_MARKER.exec(sentence);
    if (marked) return quotable(marked[1]!.replaceAll('“', '‘').replaceAll('”', '’'), 16);
  }
  const plain = sentences.filter(
    (sentence) => !/[“”"]/.test(sentence) && !sentence.endsWith('?') && sentence.split(/\s+/).length >= 5,
  );
  return quotable(plain.at(-1) ?? sentences[0] ?? text, 14);
}

/** Up to `limit` words of `text`, one sentence, no leading vocative, no trailing punctuation or emoji. */
function quotable(text: string, limit: number): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .replace(/[.!?]+(?=\s)/g, ',')
    .trim();
  const words = flat.split(' ').filter(Boolean).slice(0, limit);
  return words.join(' ').replace(/[\s,;:.!?…-]+$/u, '');
}

/** The topic as a phrase inside a sentence: a question becomes "the question “...”", a leading function word is lowercased. */
function phraseOf(topic: string): string {
  const flat = topic
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?]+$/, '');
  const first = flat.split(' ')[0] ?? '';
  const lowered = SPOKEN_WORDS.test(first) ? flat.charAt(0).toLowerCase() + flat.slice(1) : flat;
  if (/[?]/.test(topic) && !/^whether\b/i.test(lowered)) return `the question “${lowered.replace(/[.!?]/g, ',')}”`;
  return lowered.replace(/[.!?](?=\s)/g, ',');
}

/** "talking with an AI" from "whether talking with an AI can be...", else the topic's first clause when short. */
function subjectOf(topic: string): string {
  const whether =
    /^whether (.+?) (?:can|could|is|are|was|were|will|would|should|must|does|do|did|has|have|might|may)\b/.exec(topic);
  if (whether && whether[1]!.split(' ').length <= 6) return whether[1]!;
  const clause = topic.split(/,| and | or /)[0]!.trim();
  if (clause.split(' ').length <= 6)
    return clause.endsWith('”') || !clause.startsWith('the question “') ? clause : `${clause}”`;
  return clause.split(' ').slice(0, 5).join(' ') + (clause.startsWith('the question “') ? '”' : '');
}
