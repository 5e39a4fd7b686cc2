/**
 * The demo provider: no key, no network. It writes replies in the speaking
 * persona's voice from phrase banks, weaving in words from the conversation,
 * and streams them word by word at a human-like pace. Deterministic for a
 * given seed (or request), so tests can rely on it.
 */
import { estimateRequestTokens, estimateTokens } from '../tokens.ts';
import { ProviderError, type ChatProvider, type ChatRequest, type StreamEvent } from '../types.ts';
import { voiceFor } from './voices.ts';

/** The one model the demo provider offers. */
export const DEMO_MODEL = 'chimera-demo';

export interface DemoOptions {
  /** Mean milliseconds between streamed words; 0 streams as fast as it can. */
  paceMs: number;
}

const STOPWORDS = new Set(
  'the a an and or but of to in on at for with about from into over that this these those is are was were be been being it its i you we they he she my your our their what which who whom why how when where not no yes so as if then than too very just can could would should will do does did have has had me us them him her there here also more most some any all one'.split(
    ' ',
  ),
);

export function createDemoProvider(options: DemoOptions): ChatProvider {
  return {
    id: 'demo',
    label: 'Demo (built-in, no AI)',
    streamChat: (request, signal) => streamDemo(request, signal, options),
    listModels: async () => [{ id: DEMO_MODEL, contextWindow: 32_000 }],
    healthCheck: async () => ({ ok: true, latencyMs: 0 }),
  };
}

async function* streamDemo(request: ChatRequest, signal: AbortSignal, options: DemoOptions): AsyncGenerator<StreamEvent> {
  const random = mulberry32(request.seed ?? hash(`${request.system}\n${request.messages.map((message) => message.content).join('\n')}`));
  const text = composeReply(request, random);
  const words = text.split(/(?<=\s)/);
  for (const word of words) {
    if (signal.aborted) throw new ProviderError('demo', 'aborted', 'The demo stream was cancelled.');
    if (options.paceMs > 0) await sleep(options.paceMs * (0.5 + random()), signal);
    yield { type: 'text-delta', text: word };
  }
  yield {
    type: 'finish',
    reason: 'stop',
    usage: { inputTokens: estimateRequestTokens(request), outputTokens: estimateTokens(text), estimated: true },
  };
}

/** A reply of about the persona's target length, in its voice. */
export function composeReply(request: ChatRequest, random: () => number): string {
  const voice = voiceFor(request.persona?.style ?? '');
  const target = Math.max(12, Math.round((request.persona?.avgLength ?? 60) * (0.75 + random() * 0.5)));
  const last = request.messages.at(-1)?.content ?? '';
  const keywords = salientWords(last);
  const topic = keywords[0] ?? salientWords(request.system).at(-1) ?? 'all this';
  const fill = (sentence: string) =>
    sentence.replaceAll('{topic}', topic).replaceAll('{echo}', keywords.length > 1 ? `${keywords[0]} and ${keywords[1]}` : topic);

  const sentences = [fill(pick(voice.openers, random))];
  const middles = shuffle(voice.middles, random);
  let words = countWords(sentences[0]!);
  const closer = fill(pick(voice.closers, random));
  for (const middle of middles) {
    if (words + countWords(closer) >= target) break;
    const sentence = fill(middle);
    sentences.push(sentence);
    words += countWords(sentence);
  }
  sentences.push(closer);
  return sentences.join(' ');
}

/** The longest content words of `text`, longest first. */
function salientWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? [];
  const unique = [...new Set(words.filter((word) => !STOPWORDS.has(word)))];
  return unique.sort((a, b) => b.length - a.length).slice(0, 3);
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new ProviderError('demo', 'aborted', 'The demo stream was cancelled.'));
      },
      { once: true },
    );
  });
}
