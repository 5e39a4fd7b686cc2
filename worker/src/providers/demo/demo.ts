/**
 * The demo provider: no key, no network, an improv engine. It reads the scene
 * from the request (scene.ts: who spoke last and what they claimed, the
 * viewer to answer, the Moderator's nudge, the topic), answers it in the
 * persona's voice by conversational moves (moves.ts, voices.ts), and streams
 * the reply word by word at a human-like pace. Deterministic for a given seed
 * and request, so the room's tests can rely on it; the room seeds it with its
 * turn number, which is also what keeps it from repeating itself.
 */
import { estimateRequestTokens, estimateTokens } from '../tokens.ts';
import { ProviderError, type ChatProvider, type ChatRequest, type StreamEvent } from '../types.ts';
import { improvise } from './moves.ts';
import { readScene } from './scene.ts';

/** The one model the demo provider offers. */
export const DEMO_MODEL = 'chimera-demo';

export interface DemoOptions {
  /** Mean milliseconds between streamed words; 0 streams as fast as it can. */
  paceMs: number;
}

/** The demo provider; `paceMs` sets its typing speed. */
export function createDemoProvider(options: DemoOptions): ChatProvider {
  return {
    id: 'demo',
    label: 'Demo (built-in, no AI)',
    streamChat: (request, signal) => streamDemo(request, signal, options),
    listModels: async () => [{ id: DEMO_MODEL, contextWindow: 32_000 }],
    healthCheck: async () => ({ ok: true, latencyMs: 0 }),
  };
}

async function* streamDemo(
  request: ChatRequest,
  signal: AbortSignal,
  options: DemoOptions,
): AsyncGenerator<StreamEvent> {
  const content = hash(`${request.system}\n${request.messages.map((message) => message.content).join('\n')}`);
  const turn = request.seed ?? content;
  const random = mulberry32(turn ^ content);
  const text = improvise(readScene(request), turn, random);
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
