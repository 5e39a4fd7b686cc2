import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_PERSONAS } from '../../personas/seed.ts';
import { buildContext, EMPTY_SUMMARY, type RunningSummary } from '../../room/context.ts';
import type { RoomPersona } from '../../room/contract.ts';
import type { RoomMessage } from '../../contract/index.ts';
import { sentenceKey, splitSentences } from '../transcript.ts';
import type { ChatRequest, StreamEvent } from '../types.ts';
import { createDemoProvider } from './demo.ts';

const provider = createDemoProvider({ paceMs: 0 });
const personas: RoomPersona[] = SEED_PERSONAS.map(
  ({ defaultProvider: _provider, defaultModel: _model, ...persona }) => ({
    ...persona,
    provider: 'demo',
    model: 'chimera-demo',
  }),
);
const [, comedian, scientist] = personas as [RoomPersona, RoomPersona, RoomPersona];
const pirate: RoomPersona = {
  ...comedian,
  name: 'pirate-historian',
  displayName: 'Captain Quill',
  systemPrompt:
    'You are a Pirate Historian who tells tales of sail and the golden age of piracy. Call everyone "matey" and speak like an old sea dog.',
  style: 'salty',
  traits: ['gruff', 'nostalgic'],
};
const topic = 'whether talking with an AI can be a real conversation, and what would make it one';

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

/** A room of `cast` on the demo provider, driven through the room's own context builder, round the table. */
function room(cast: RoomPersona[]) {
  const history: RoomMessage[] = [];
  let summary: RunningSummary = EMPTY_SUMMARY;
  let seq = 0;
  let turn = 0;
  const add = (
    fields: Pick<RoomMessage, 'senderType' | 'persona' | 'author' | 'content'> & { metadata?: RoomMessage['metadata'] },
  ) => {
    seq += 1;
    const message: RoomMessage = {
      id: `m${seq}`,
      seq,
      senderId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      metadata: {},
      ...fields,
    };
    history.push(message);
    return message;
  };
  return {
    history,
    interject: (username: string, text: string) =>
      add({ senderType: 'user', persona: null, author: username, content: text }),
    nudge: (angle: string) =>
      add({
        senderType: 'system',
        persona: null,
        author: 'Moderator',
        content: `Let's take this somewhere new: ${angle}.`,
        metadata: { nudge: angle },
      }),
    async speak(options: { replyTo?: RoomMessage; nudge?: string; speaker?: RoomPersona } = {}) {
      turn += 1;
      const speaker = options.speaker ?? cast[(turn - 1) % cast.length]!;
      const settings = { title: 'Night talk', topic, personas: cast };
      const context = buildContext({
        settings,
        speaker,
        history: history.filter((message) => message.seq > summary.throughSeq),
        summary,
        kind: 'turn',
        replyTo: options.replyTo ?? null,
        nudge: options.nudge ?? null,
      });
      summary = context.summary;
      const { text } = await collect({ ...context.request, model: 'chimera-demo' });
      return add({
        senderType: 'ai',
        persona: speaker.name,
        author: speaker.displayName,
        content: text,
        metadata: { turn },
      });
    },
  };
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
    expect(events.at(-1)).toEqual({
      type: 'finish',
      reason: 'stop',
      usage: { inputTokens: expect.any(Number), outputTokens: Math.ceil(text.length / 4), estimated: true },
    });
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
  });

  it('is deterministic for a seed and varies with it', async () => {
    const first = await collect(requestFor('comedian', 1));
    expect((await collect(requestFor('comedian', 1))).text).toBe(first.text);
    expect((await collect(requestFor('comedian', 2))).text).not.toBe(first.text);
  });

  it('speaks in each persona voice, near its target length, about the conversation', async () => {
    const philosopherText = (await collect(requestFor('philosopher'))).text;
    const comedianText = (await collect(requestFor('comedian'))).text;
    const scientistText = (await collect(requestFor('scientist'))).text;
    expect(comedianText).toMatch(/\p{Extended_Pictographic}/u);
    expect(scientistText).toMatch(/evidence|data|stud|measur|hypothes/i);
    expect(philosopherText).toMatch(/Aristotle|Kant|Hume|Heraclitus|Beauvoir|Arendt|Confucius|Spinoza|Murdoch/);
    const words = (text: string) => text.split(/\s+/).length;
    expect(words(philosopherText)).toBeGreaterThan(words(comedianText));
    expect(words(philosopherText)).toBeGreaterThan(150 * 0.5);
    for (const text of [philosopherText, comedianText, scientistText])
      expect(text).toContain('consciousness just computation');
  });

  it('answers the previous speaker by name, picks up what they claimed, and brings the topic back', async () => {
    const show = room(personas);
    const opening = await show.speak();
    const answer = await show.speak();
    expect(answer.content).toMatch(/Philosopher/);
    const claimed = /that “?([^”]+)”/.exec(answer.content)?.[1] ?? /“([^”]+)”/.exec(answer.content)![1]!;
    expect(opening.content).toContain(claimed.split(' ').slice(0, 6).join(' '));
    expect(answer.content).toContain(topic);
    const third = await show.speak();
    expect(third.content).toMatch(/Comedian/);
  });

  it("answers a viewer's interjection by the viewer's name and in the viewer's own words", async () => {
    const show = room(personas);
    await show.speak();
    const interjection = show.interject('newcomer1', 'But can a machine ever be surprised by what it says?');
    const answer = await show.speak({ replyTo: interjection });
    expect(answer.content).toContain('newcomer1');
    expect(answer.content).toContain('can a machine ever be surprised by what it says');
  });

  it("takes up the Moderator's nudge in the very next reply", async () => {
    const show = room(personas);
    await show.speak();
    show.nudge('a concrete example from everyday life');
    const answer = await show.speak({ nudge: 'a concrete example from everyday life' });
    expect(answer.content).toMatch(/Moderator[^.]*a concrete example from everyday life/);
  });

  it("opens and closes a show in the speaker's voice", async () => {
    const show = room(personas);
    expect((await show.speak()).content).toMatch(/welcome|open|here we are/i);
    const settings = { title: 'Night talk', topic, personas };
    const closing = buildContext({
      settings,
      speaker: comedian,
      history: show.history,
      summary: EMPTY_SUMMARY,
      kind: 'closing',
      replyTo: null,
      nudge: null,
    });
    const { text } = await collect({ ...closing.request, model: 'chimera-demo' });
    expect(text).toMatch(/Philosopher/);
    expect(text).toMatch(/last word|goodnight|close|remember|leave|settle|thank/i);
    expect(text.split(/\s+/).length).toBeLessThan(70);
  });

  it("derives a voice from a user persona's own prompt: a pirate speaks like a pirate", async () => {
    const show = room([pirate, scientist]);
    const replies = [await show.speak(), await show.speak(), await show.speak(), await show.speak()].filter(
      (message) => message.persona === pirate.name,
    );
    const spoken = replies.map((message) => message.content).join(' ');
    expect(spoken).toMatch(/matey/i);
    expect(spoken).toMatch(/tales of sail|the open sea|ship|crow's nest|tide/i);
    expect(spoken).not.toMatch(/randomised|Aristotle|toaster/);
  });

  it('never repeats a sentence in a 100-message show, interjections and nudges included', async () => {
    const show = room(personas);
    for (let index = 1; show.history.length < 100; index++) {
      if (index % 13 === 0)
        await show.speak({
          replyTo: show.interject('ada', `Question number ${index}: is anyone listening to anyone?`),
        });
      else if (index % 17 === 0)
        await show.speak({
          nudge: show.nudge('what a curious child would ask about this') && 'what a curious child would ask about this',
        });
      else await show.speak();
    }
    const spoken = show.history
      .filter((message) => message.senderType === 'ai')
      .flatMap((message) => splitSentences(message.content).map(sentenceKey));
    expect(spoken.length).toBeGreaterThan(350);
    const repeated = spoken.filter((key, index) => spoken.indexOf(key) !== index);
    expect(repeated).toEqual([]);
  });

  it('stops with an aborted error when cancelled', async () => {
    const slow = createDemoProvider({ paceMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of slow.streamChat(requestFor('scientist'), controller.signal))
        if (event.type === 'text-delta') seen.push(event.text);
    })();
    setTimeout(() => controller.abort(), 60);
    await expect(run).rejects.toMatchObject({ name: 'ProviderError', kind: 'aborted' });
    expect(seen.length).toBeLessThan(20);
  });
});
