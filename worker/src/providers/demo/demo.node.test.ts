import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_PERSONAS } from '../../personas/seed.ts';
import type { ChatRequest, StreamEvent } from '../types.ts';
import { createDemoProvider } from './demo.ts';

const provider = createDemoProvider({ paceMs: 0 });

function requestFor(personaName: string, seed = 7): ChatRequest {
  const persona = SEED_PERSONAS.find((candidate) => candidate.name === personaName)!;
  return {
    model: 'chimera-demo',
    system: persona.systemPrompt,
    messages: [{ role: 'user', content: 'Is consciousness just computation, or something stranger?' }],
    temperature: persona.temperature,
    maxOutputTokens: 400,
    persona: { name: persona.name, style: persona.style, traits: persona.traits, avgLength: persona.avgLength },
    seed,
  };
}

async function collect(request: ChatRequest, signal = new AbortController().signal) {
  const events: StreamEvent[] = [];
  for await (const event of provider.streamChat(request, signal)) events.push(event);
  const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
  return { events, text };
}

afterEach(() => vi.unstubAllGlobals());

describe('the demo provider', () => {
  it('streams many deltas then one finish with estimated usage, without any network', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('the demo provider must not touch the network');
    });
    const { events, text } = await collect(requestFor('philosopher'));
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(20);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop', usage: { inputTokens: expect.any(Number), outputTokens: Math.ceil(text.length / 4), estimated: true } });
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
  });

  it('is deterministic for a seed and varies with it', async () => {
    const first = await collect(requestFor('comedian', 1));
    expect((await collect(requestFor('comedian', 1))).text).toBe(first.text);
    expect((await collect(requestFor('comedian', 2))).text).not.toBe(first.text);
  });

  it('speaks in each persona voice, near its target length, about the conversation', async () => {
    const philosopher = await collect(requestFor('philosopher'));
    const comedian = await collect(requestFor('comedian'));
    const scientist = await collect(requestFor('scientist'));
    expect(comedian.text).toMatch(/\p{Extended_Pictographic}/u);
    expect(scientist.text).toMatch(/evidence|data|stud|measur|hypothes/i);
    expect(philosopher.text).toMatch(/Aristotle|Kant|Socrates|Heraclitus|Wittgenstein|Beauvoir|wisdom|question/);
    const words = (text: string) => text.split(/\s+/).length;
    expect(words(philosopher.text)).toBeGreaterThan(words(comedian.text));
    expect(words(philosopher.text)).toBeGreaterThan(150 * 0.5);
    expect(`${philosopher.text}${comedian.text}${scientist.text}`).toMatch(/consciousness|computation|stranger/);
  });

  it('stops with an aborted error when cancelled', async () => {
    const slow = createDemoProvider({ paceMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of slow.streamChat(requestFor('scientist'), controller.signal)) if (event.type === 'text-delta') seen.push(event.text);
    })();
    setTimeout(() => controller.abort(), 60);
    await expect(run).rejects.toMatchObject({ name: 'ProviderError', kind: 'aborted' });
    expect(seen.length).toBeLessThan(20);
  });
});
