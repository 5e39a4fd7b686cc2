import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openFakeSpace } from '../providers/testing/fake-space.ts';
import type { RoomPersona } from './contract.ts';
import type { RoomMessage, ServerFrame } from '../contract/index.ts';
import {
  connectViewer,
  createConversation,
  demoPersonas,
  demoSettings,
  finished,
  insideRoom,
  isStopped,
  ofType,
  openRoom,
  providersFrom,
  roomOf,
} from './testing.ts';

const ada = { userId: 'user-ada', username: 'ada' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stateIs = (status: string) => (frames: ServerFrame[]) =>
  frames.some((frame) => frame.type === 'state' && frame.state.status === status);

describe('controlling a live room', () => {
  it('pauses after the message in progress, resumes, and on stop discards the message being streamed', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 50 });
    await room.start();
    await viewer.next(ofType('message-start'));
    await room.pause();
    await viewer.until((frames) =>
      frames.some(
        (frame) => frame.type === 'state' && frame.state.status === 'paused' && frame.state.speaking === null,
      ),
    );
    const paused = await room.state();
    expect(paused).toMatchObject({ status: 'paused', turns: 1 });
    const framesWhilePaused = viewer.frames.length;
    await sleep(600);
    expect(viewer.frames.slice(framesWhilePaused).filter((frame) => frame.type === 'typing-start')).toEqual([]);

    await room.resume();
    const resumedFrom = viewer.frames.length;
    const started = await viewer.next(ofType('message-start'), { from: resumedFrom });
    await viewer.next(ofType('message-delta'), { from: resumedFrom });
    expect(await room.stop()).toMatchObject({ ok: true, value: { status: 'stopped', stopReason: 'owner' } });
    const discard = await viewer.next(ofType('message-discard'), { from: resumedFrom });
    expect(discard).toMatchObject({ messageId: started.messageId, reason: 'stopped' });
    await sleep(300);
    expect(await room.state()).toMatchObject({ status: 'stopped', turns: 1, speaking: null });
    const stored = await insideRoom(id, (conversation) =>
      conversation.store.recentMessages(10).map((message) => message.id),
    );
    expect(stored).not.toContain(started.messageId);
    expect(stored).toHaveLength(1);
    viewer.close();
  });

  it('ends with closing remarks from each persona once the budget is crossed, then stops', async () => {
    const space = await openFakeSpace();
    // 100k tokens in, 50k out on gpt-4.1-mini: 0.12 USD a turn.
    await space.script({ reply: ['A priced ', 'reply.'], usage: { inputTokens: 100_000, outputTokens: 50_000 } });
    const personas: RoomPersona[] = demoPersonas().map((persona) => ({
      ...persona,
      provider: 'openai',
      model: 'gpt-4.1-mini',
    }));
    const { id, room, viewer } = await openRoom({ personas, maxTurns: 20, budgetUsd: 0.2 });
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom(space.config(['openai'])));
    });
    await room.start();
    await viewer.until(isStopped);
    const messages = finished(viewer).filter((message) => message.senderType === 'ai');
    expect(messages.map((message) => [message.persona, message.metadata.closing ?? false])).toEqual([
      ['philosopher', false],
      ['comedian', false],
      ['scientist', true],
      ['philosopher', true],
      ['comedian', true],
    ]);
    expect(
      messages.every((message) => message.metadata.provider === 'openai' && message.metadata.costUsd === 0.12),
    ).toBe(true);
    const state = await room.state();
    expect(state).toMatchObject({ status: 'stopped', stopReason: 'budget', turns: 5 });
    expect(state.costUsd).toBeCloseTo(0.6);
    const requests = (await space.requests()).filter((request) => request.kind === 'chat');
    expect(requests.map((request) => request.system.includes('The show is ending.'))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    viewer.close();
  });

  it("answers a signed-in viewer's interjection (as the REST route passes it) with the next speaker", async () => {
    const { room, viewer } = await openRoom({ mode: 'context-aware', maxTurns: 50 }, { viewer: ada });
    await room.start();
    await viewer.next(ofType('message-end'));
    expect(await room.interject({ ...ada, text: 'Comedian, what about interdisciplinarity?' })).toMatchObject({
      ok: true,
    });
    const interjection = (
      await viewer.next(
        (frame): frame is Extract<ServerFrame, { type: 'message-end' }> =>
          frame.type === 'message-end' && frame.message.senderType === 'user',
      )
    ).message;
    expect(interjection).toMatchObject({
      senderId: 'user-ada',
      author: 'ada',
      content: 'Comedian, what about interdisciplinarity?',
    });
    const answer = await viewer.next(
      (frame): frame is Extract<ServerFrame, { type: 'message-end' }> =>
        frame.type === 'message-end' && frame.message.metadata.replyTo === interjection.id,
    );
    expect(answer.message.persona).toBe('comedian');
    expect(answer.message.content).toContain('interdisciplinarity');
    const aiAfter = finished(viewer).filter((message) => message.seq > interjection.seq && message.senderType === 'ai');
    expect(aiAfter[0]?.id).toBe(answer.message.id);
    await room.stop();
    viewer.close();
  });

  it('pauses itself when nobody watches and resumes when a viewer comes back', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 50 }));
    const first = await connectViewer(id);
    await room.start();
    await first.next(ofType('message-end'));
    first.close();
    await expect.poll(() => insideRoom(id, (conversation) => conversation.schedule.dueAt('idle-check'))).not.toBeNull();
    // Make the idle countdown (ROOM_IDLE_PAUSE_MS) run out now, and let the alarm find it.
    await insideRoom(id, (conversation) => conversation.schedule.at('idle-check', Date.now()));
    await runDurableObjectAlarm(room);
    await expect.poll(() => room.state()).toMatchObject({ status: 'paused', idlePaused: true });
    const { turns } = await room.state();
    await sleep(500);
    expect((await room.state()).turns).toBeLessThanOrEqual(turns + 1);

    const second = await connectViewer(id);
    expect(await second.next(ofType('snapshot'))).toMatchObject({ state: { status: 'paused', idlePaused: true } });
    await second.until(stateIs('running'));
    expect(await insideRoom(id, (conversation) => conversation.schedule.dueAt('idle-check'))).toBeNull();
    await second.next(ofType('typing-start'));
    await room.stop();
    second.close();
  });

  it('breaks a repetitive loop with a topic nudge that the next speaker takes up', async () => {
    // Two terse personas on a provider that says the same thing every time (the demo provider no longer repeats itself).
    const space = await openFakeSpace();
    await space.script({ reply: ['Round and round ', 'we go again, ', 'saying the very same thing.'] });
    const plain = (name: string): RoomPersona => ({
      ...demoPersonas()[0]!,
      name,
      displayName: name.toUpperCase(),
      style: 'plain',
      avgLength: 10,
      traits: ['plain'],
      provider: 'openai',
      model: 'gpt-4.1-mini',
    });
    const { id, room, viewer } = await openRoom({ personas: [plain('ann'), plain('bob')], maxTurns: 12 });
    await insideRoom(id, (conversation) => conversation.useDependencies(providersFrom(space.config(['openai']))));
    await room.start();
    await viewer.until(isStopped);
    const messages = finished(viewer);
    const nudge = messages.find((message) => message.senderType === 'system');
    expect(nudge).toMatchObject({
      author: 'Moderator',
      content: expect.stringMatching(/^Let's take this somewhere new: /),
      metadata: { nudge: expect.any(String) },
    });
    const before = messages.filter((message) => message.senderType === 'ai' && message.seq < nudge!.seq).slice(-3);
    expect(before.every((message) => (message.metadata.quality?.novelty ?? 1) < 0.5)).toBe(true);
    const nudges = messages.filter((message) => message.senderType === 'system');
    const aiBetween = (a: number, b: number) =>
      messages.filter((message) => message.senderType === 'ai' && message.seq > a && message.seq < b).length;
    for (let index = 1; index < nudges.length; index++)
      expect(aiBetween(nudges[index - 1]!.seq, nudges[index]!.seq)).toBeGreaterThanOrEqual(6);
    viewer.close();
  });

  it("falls back to the next provider when a persona's own fails, voiding its partial text", async () => {
    const space = await openFakeSpace();
    await space.script({ faults: [{ kind: 'status-401', provider: 'openai' }] });
    const personas = demoPersonas().map((persona) => ({
      ...persona,
      provider: 'openai' as const,
      model: 'gpt-4.1-mini',
    }));
    const { id, room, viewer } = await openRoom({ personas, maxTurns: 1 });
    await insideRoom(id, (conversation) => {
      conversation.useDependencies(providersFrom(space.config(['openai'])));
    });
    await room.start();
    await viewer.until(isStopped);
    const starts = viewer.frames.filter(ofType('message-start'));
    expect(starts.map((frame) => [frame.provider, frame.attempt])).toEqual([
      ['openai', 1],
      ['demo', 2],
    ]);
    const [message] = finished(viewer);
    expect(message?.metadata).toMatchObject({
      provider: 'demo',
      fallbacks: [{ provider: 'openai', model: 'gpt-4.1-mini', kind: 'auth' }],
    });
    viewer.close();
  });

  it('reuses a reply from the reply cache when an opted-in conversation meets the same context again', async () => {
    const space = await openFakeSpace();
    await space.script({
      reply: ['Cached ', 'wisdom, ', 'served twice.'],
      usage: { inputTokens: 1000, outputTokens: 500 },
    });
    const topic = `reply caching ${crypto.randomUUID()}`;
    const personas = demoPersonas().map((persona) => ({
      ...persona,
      provider: 'openai' as const,
      model: 'gpt-4.1-mini',
    }));
    const replies: RoomMessage[] = [];
    for (const _room of [1, 2]) {
      const { id, room, viewer } = await openRoom({ personas, topic, maxTurns: 1, replyCache: true });
      await insideRoom(id, (conversation) => {
        conversation.useDependencies(providersFrom(space.config(['openai'])));
      });
      await room.start();
      await viewer.until(isStopped);
      replies.push(finished(viewer)[0]!);
      viewer.close();
    }
    const [first, second] = replies;
    expect(first!.metadata).toMatchObject({ provider: 'openai', costUsd: expect.any(Number) });
    expect(first!.metadata.cached).toBeUndefined();
    expect(second).toMatchObject({
      content: 'Cached wisdom, served twice.',
      metadata: { provider: 'openai', model: 'gpt-4.1-mini', cached: true, costUsd: 0 },
    });
    expect(first!.content).toBe(second!.content);
    expect((await space.requests()).filter((request) => request.kind === 'chat')).toHaveLength(1);
  });
});
