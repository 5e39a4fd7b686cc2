/**
 * What a turn makes of the reply itself, through the SDKs against the fake
 * server: the text rule on provider output, empty replies, reasoning models'
 * thinking, and a provider that refuses every call for the same reason.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './catalog.ts';
import { DEEPSEEK_REASONING_TOKENS } from './openai-compatible/presets.ts';
import { createProviderRegistry, type ProviderRegistry } from './registry.ts';
import { REPEATED_REFUSALS } from '../resilience/index.ts';
import { FAST_RESILIENCE, openFakeSpace } from './testing/fake-space.ts';
import type { ProviderCallRecord, ProviderChoice, TurnEvent } from './types.ts';

const REQUEST = {
  system: 'You are a witty comedian.',
  messages: [{ role: 'user' as const, content: 'Tell us about Mondays.' }],
  temperature: 0.9,
  maxOutputTokens: 200,
};

async function turn(registry: ProviderRegistry, chain: ProviderChoice[]) {
  const events: TurnEvent[] = [];
  const calls: ProviderCallRecord[] = [];
  const result = await registry.runTurn({
    chain,
    request: REQUEST,
    conversationId: null,
    signal: new AbortController().signal,
    onEvent: (event) => events.push(event),
    onCall: (record) => calls.push(record),
  });
  const streamed = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
  return { result, events, calls, streamed };
}

const openai = { provider: 'openai', model: DEFAULT_MODELS.openai } as const;
const ollama = { provider: 'ollama', model: DEFAULT_MODELS.ollama } as const;

describe('the text rule on provider replies', () => {
  it('strips NUL, other control characters and lone surrogates from what is streamed and stored', async () => {
    const space = await openFakeSpace();
    // A surrogate pair split across two chunks survives; a lone half does not.
    await space.script({
      reply: ['Mon\u0000days ', 'are\u0007 \u0085optional\ud83d', '\ude00, ', 'tabs\tand\nlines stay\udc00.'],
    });
    const registry = createProviderRegistry(space.config(['openai']), { resilience: FAST_RESILIENCE });
    const { result, streamed } = await turn(registry, [openai]);
    expect(result.text).toBe('Mondays are optional😀, tabs\tand\nlines stay.');
    expect(streamed).toBe(result.text);
  });
});

describe('an empty reply', () => {
  it.each([
    ['nothing', []],
    ['only whitespace', [' ', '\n\n', '\t']],
    ['only control characters', ['\u0000', '\u0007']],
  ])('of %s is a failed attempt: the next provider answers, and the call log keeps its cost', async (_name, reply) => {
    const empty = await openFakeSpace();
    const fallback = await openFakeSpace();
    await empty.script({ reply, usage: { inputTokens: 1000, outputTokens: 500 } });
    await fallback.script({ reply: ['Fine, ', 'Mondays.'] });
    const registry = createProviderRegistry(empty.config(['openai'], fallback.variables(['ollama'])), {
      resilience: FAST_RESILIENCE,
    });
    const { result, calls } = await turn(registry, [openai, ollama]);
    expect(result).toMatchObject({
      provider: 'ollama',
      text: 'Fine, Mondays.',
      fallbacks: [{ ...openai, kind: 'empty' }],
    });
    // Billed all the same (a thinking model spends its tokens): the call log keeps that cost.
    expect(calls[0]).toMatchObject({
      provider: 'openai',
      outcome: 'error',
      errorClass: 'empty',
      inputTokens: 1000,
      outputTokens: 500,
    });
    expect(calls[0]!.costUsd).toBeGreaterThan(0);
  });
});

describe("DeepSeek's reasoner", () => {
  it('keeps the stream alive while it thinks past the first-token timeout, and shows only the answer', async () => {
    const space = await openFakeSpace();
    // Five thoughts 250 ms apart: the answer starts well after the 600 ms first-token timeout.
    await space.script({
      reasoning: ['Mondays. ', 'Hm. ', 'Week starts. ', 'Joke? ', 'Yes. '],
      reply: ['Mondays ', 'are optional.'],
      chunkDelayMs: 250,
    });
    const resilience = { ...FAST_RESILIENCE, firstTokenTimeoutMs: 600, stallTimeoutMs: 5_000 };
    const registry = createProviderRegistry(space.config(['deepseek']), { resilience });
    const { result, streamed, events } = await turn(registry, [{ provider: 'deepseek', model: 'deepseek-reasoner' }]);
    expect(result).toMatchObject({ provider: 'deepseek', text: 'Mondays are optional.', fallbacks: [] });
    expect(streamed).toBe('Mondays are optional.');
    expect(events.some((event) => event.type === 'attempt-failed')).toBe(false);
  });

  it.each([
    ['gemini', 'gemini-2.5-flash'],
    ['ollama', 'qwen3:8b'],
  ] as const)(
    'and %s thinking models likewise stay alive while they think, showing only the answer',
    async (provider, model) => {
      const space = await openFakeSpace();
      await space.script({
        reasoning: ['Mondays. ', 'Hm. ', 'Week starts. ', 'Joke? ', 'Yes. '],
        reply: ['Mondays ', 'are optional.'],
        chunkDelayMs: 250,
      });
      const resilience = { ...FAST_RESILIENCE, firstTokenTimeoutMs: 600, stallTimeoutMs: 5_000 };
      const registry = createProviderRegistry(space.config([provider]), { resilience });
      const { result, streamed } = await turn(registry, [{ provider, model }]);
      expect(result).toMatchObject({ provider, text: 'Mondays are optional.', fallbacks: [] });
      expect(streamed).toBe('Mondays are optional.');
    },
  );

  it('gets room to think on top of the reply budget; the chat model does not', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(space.config(['deepseek']), { resilience: FAST_RESILIENCE });
    await turn(registry, [{ provider: 'deepseek', model: 'deepseek-reasoner' }]);
    await turn(registry, [{ provider: 'deepseek', model: 'deepseek-chat' }]);
    const budgets = (await space.requests()).map((request) => [request.model, request.maxOutputTokens]);
    expect(budgets).toEqual([
      ['deepseek-reasoner', REQUEST.maxOutputTokens + DEEPSEEK_REASONING_TOKENS],
      ['deepseek-chat', REQUEST.maxOutputTokens],
    ]);
  });
});

describe('a provider that refuses every call for the same reason', () => {
  it('opens its circuit after repeated identical refusals, and the circuit says why', async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'status-400', provider: 'openai' }] });
    const registry = createProviderRegistry(space.config(['openai', 'ollama']), { resilience: FAST_RESILIENCE });
    const turns = REPEATED_REFUSALS - 1 + FAST_RESILIENCE.breakerThreshold;
    for (let count = 0; count < turns; count++) {
      const { result } = await turn(registry, [openai, ollama]);
      expect(result).toMatchObject({ provider: 'ollama', fallbacks: [{ provider: 'openai', kind: 'bad-request' }] });
    }
    expect(registry.circuit('openai')).toBe('open');
    expect(registry.circuitCause('openai')).toBe('bad-request');
    const skipped = await turn(registry, [openai, ollama]);
    expect(skipped.result.fallbacks).toEqual([{ ...openai, kind: 'circuit-open' }]);
  });

  it('keeps the circuit closed when a success interrupts the refusals', async () => {
    const space = await openFakeSpace();
    const registry = createProviderRegistry(space.config(['openai', 'ollama']), { resilience: FAST_RESILIENCE });
    for (let count = 0; count < 6; count++) {
      // One refusal, then a success: never two identical refusals in a row.
      await space.script({ faults: [{ kind: 'status-400', provider: 'openai', times: 1 }] });
      await turn(registry, [openai, ollama]);
      await turn(registry, [openai, ollama]);
    }
    expect(registry.circuit('openai')).toBe('closed');
    expect(registry.circuitCause('openai')).toBeNull();
  });
});
