/**
 * The text rule (text-schema.ts) on every path by which text enters: REST
 * bodies and WebSocket frames refuse control characters and lone surrogates
 * with a 400 or `bad_frame` naming the field, and a provider's reply reaches
 * the viewers and Postgres without them. Also what a room makes of a reply:
 * an empty one is a failed attempt, a retry is not a switch.
 */
import { describe, expect, it, vi } from 'vitest';
import { openFakeSpace } from './providers/testing/fake-space.ts';
import {
  connectViewer,
  demoPersonas,
  finished,
  insideRoom,
  isStopped,
  ofType,
  openRoom,
  postgresMessages,
  providersFrom,
} from './room/testing.ts';
import { signedInClient, testClient } from './testing/client.ts';
import { createConversation } from './testing/conversations.ts';
import { personaInput } from './testing/personas.ts';
import { breaksTextRule, stripForbiddenText } from './text-schema.ts';

const FORBIDDEN = [
  ['NUL', 'before\u0000after'],
  ['a C0 control', 'bell\u0007ring'],
  ['DEL', 'del\u007fete'],
  ['a C1 control', 'next\u0085line'],
  ['a lone high surrogate', 'half \ud83d'],
  ['a lone low surrogate', '\ude00 half'],
] as const;

describe('the text rule', () => {
  it.each(FORBIDDEN)('refuses %s anywhere, and strips it from text we did not write', (_name, text) => {
    expect(breaksTextRule(text, { multiline: true })).toBe(true);
    expect(breaksTextRule(stripForbiddenText(text), { multiline: true })).toBe(false);
  });

  it('keeps emoji, accents, tabs and line breaks in multiline text, and line breaks out of one-line fields', () => {
    expect(breaksTextRule('Ça va? 😀\tyes\r\nno', { multiline: true })).toBe(false);
    expect(breaksTextRule('two\nlines')).toBe(true);
    expect(stripForbiddenText('Ça va? 😀\tyes\r\n')).toBe('Ça va? 😀\tyes\r\n');
  });
});

describe('REST bodies', () => {
  it.each(FORBIDDEN)('answer %s with a 400 naming the field, never a 500', async (_name, text) => {
    const client = await signedInClient('text-rule');
    const conversation = await client.post('/api/conversations', {
      title: text,
      topic: 'Tea',
      personas: [{ persona: 'philosopher' }, { persona: 'comedian' }],
    });
    expect(conversation.status).toBe(400);
    expect(conversation.body).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('json.title') },
    });

    const persona = await client.post(
      '/api/personas',
      personaInput({ systemPrompt: `You are a pirate who says ${text} a lot.` }),
    );
    expect(persona.status).toBe(400);
    expect(persona.body).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('json.systemPrompt') },
    });

    const id = await createConversation(client);
    const interjection = await client.post(`/api/conversations/${id}/interject`, { text });
    expect(interjection.status).toBe(400);
    expect(interjection.body).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('json.text') },
    });

    const login = await testClient().post('/api/auth/login', {
      login: `ada${text}`,
      password: 'correct horse battery',
    });
    expect(login.status).toBe(400);
    expect(login.body).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('json.login') },
    });
  });
});

describe('WebSocket frames', () => {
  // The socket carries no viewer text since interjections have one path (REST): the frame of the attack is refused whole.
  it('refuse an interjection frame with a NUL as bad_frame, and store nothing', async () => {
    const { id, viewer } = await openRoom();
    const ada = await connectViewer(id, { viewer: { userId: 'user-ada', username: 'ada' } });
    ada.socket.send(JSON.stringify({ type: 'interject', text: 'before\u0000after' }));
    const refused = await ada.next(ofType('error'));
    expect(refused).toMatchObject({ code: 'bad_frame' });
    const stored = await insideRoom(id, (conversation) => conversation.store.recentMessages(10));
    expect(stored).toEqual([]);
    ada.close();
    viewer.close();
  });
});

describe("a provider's reply in a room", () => {
  const onOpenAi = () =>
    demoPersonas().map((persona) => ({ ...persona, provider: 'openai' as const, model: 'gpt-4.1-mini' }));

  it('reaches the viewers and Postgres without its control characters', async () => {
    const space = await openFakeSpace();
    await space.script({ reply: ['before\u0000', 'after\u0007 ', 'and\ud83d on.'] });
    const { id, room, viewer } = await openRoom({ personas: onOpenAi(), maxTurns: 1 });
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom(space.config(['openai'])));
    });
    await room.start();
    await viewer.until(isStopped);
    const [message] = finished(viewer);
    expect(message).toMatchObject({ content: 'beforeafter and on.', metadata: { provider: 'openai', fallbacks: [] } });
    const deltas = viewer.frames
      .filter(ofType('message-delta'))
      .map((frame) => frame.text)
      .join('');
    expect(deltas).toBe('beforeafter and on.');
    await vi.waitFor(
      async () => expect((await postgresMessages(id)).map((row) => row.content)).toEqual(['beforeafter and on.']),
      { timeout: 10_000 },
    );
    viewer.close();
  });

  it('that is empty is a failed attempt: the next provider speaks, and no blank message is stored', async () => {
    const space = await openFakeSpace();
    await space.script({ reply: [' ', '\n'] });
    const { id, room, viewer } = await openRoom({ personas: onOpenAi(), maxTurns: 1 });
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom(space.config(['openai'])));
    });
    await room.start();
    await viewer.until(isStopped);
    const [message] = finished(viewer);
    expect(message?.metadata).toMatchObject({ provider: 'demo', fallbacks: [{ provider: 'openai', kind: 'empty' }] });
    expect(message?.content.trim()).not.toBe('');
    viewer.close();
  });

  it('retried on the same provider says retry on its second message-start, a fallback does not', async () => {
    const space = await openFakeSpace();
    // Twice: the call started during the opening pause fails first and is discarded (prefetch.ts), then the turn's own call fails once and is retried.
    await space.script({ faults: [{ kind: 'status-500', provider: 'openai', times: 2 }] });
    const { id, room, viewer } = await openRoom({ personas: onOpenAi(), maxTurns: 1 });
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom(space.config(['openai'])));
    });
    await room.start();
    await viewer.until(isStopped);
    const starts = viewer.frames
      .filter(ofType('message-start'))
      .map((frame) => [frame.provider, frame.attempt, frame.retry]);
    // One retry, or two when no call was started ahead: every start after the first says retry, on the same provider.
    const [first, ...again] = starts;
    expect(first).toEqual(['openai', 1, false]);
    expect(again.length).toBeGreaterThan(0);
    for (const [index, start] of again.entries()) expect(start).toEqual(['openai', index + 2, true]);
    viewer.close();
  });
});
