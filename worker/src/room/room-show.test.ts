import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { providerCalls } from '../db/schema/index.ts';
import type { RoomMessage, ServerFrame } from '../contract/index.ts';
import { finished, insideRoom, ofType, openRoom } from './testing.ts';

const ada = { userId: 'user-ada', username: 'ada' };
type MessageEnd = Extract<ServerFrame, { type: 'message-end' }>;
const aiMessageEnd = (frame: ServerFrame): frame is MessageEnd =>
  frame.type === 'message-end' && frame.message.senderType === 'ai';

async function callsOf(conversationId: string) {
  const { db, close } = openDatabase(env);
  try {
    return await db.select().from(providerCalls).where(eq(providerCalls.conversationId, conversationId));
  } finally {
    await close();
  }
}

/** Opens a demo room at a third of natural timing, so that there is a real pause between turns, with ada watching. */
async function naturalRoom() {
  const opened = await openRoom({ maxTurns: 50 }, { viewer: ada });
  await insideRoom(opened.id, (conversation) =>
    conversation.useDependencies({ config: { ...conversation.dependencies.config, ROOM_TIMING_SCALE: 0.3 } }),
  );
  return opened;
}

describe('the show between turns', () => {
  it("announces who is up next, and after an interjection who will answer whom; the addressed persona answers in sequential mode, in the viewer's words", async () => {
    const { room, viewer } = await naturalRoom();
    await room.start();
    const first = await viewer.next(aiMessageEnd);
    const afterFirst = viewer.frames.indexOf(first) + 1;
    expect(await viewer.next(ofType('turn-announce'), { from: afterFirst })).toEqual({
      type: 'turn-announce',
      persona: 'comedian',
      displayName: 'The Comedian',
      answering: null,
    });

    await room.interject({ ...ada, text: 'Scientist, is tea really better than coffee for talking?' });
    const announced = viewer.frames.length;
    expect(await viewer.next(ofType('turn-announce'), { from: afterFirst + 1 })).toBeDefined();
    const reannounced = await viewer.until(
      (frames) => frames.filter((frame) => frame.type === 'turn-announce').length >= 2,
    );
    expect(reannounced.filter((frame) => frame.type === 'turn-announce').at(-1)).toEqual({
      type: 'turn-announce',
      persona: 'scientist',
      displayName: 'The Scientist',
      answering: 'ada',
    });

    const answer = (await viewer.next(aiMessageEnd, { from: announced })).message;
    expect(answer.persona).toBe('scientist');
    expect(answer.content).toContain('ada');
    expect(answer.content).toContain('is tea really better than coffee for talking');
    const next = (
      await viewer.next(aiMessageEnd, {
        from: viewer.frames.findIndex((frame) => aiMessageEnd(frame) && frame.message.id === answer.id) + 1,
      })
    ).message;
    expect(next.persona).toBe('comedian');
    await room.stop();
    viewer.close();
  });

  it('discards the call started ahead when an interjection arrives during the pause, logs it as prefetched, and charges each turn once', async () => {
    const { id, room, viewer } = await naturalRoom();
    await room.start();
    const first = await viewer.next(aiMessageEnd);
    await viewer.next(ofType('turn-announce'), { from: viewer.frames.indexOf(first) + 1 });
    await room.interject({ ...ada, text: 'Comedian, make us laugh about tea.' });
    const answer = await viewer.next(
      (frame): frame is MessageEnd => aiMessageEnd(frame) && frame.message.metadata.replyTo !== undefined,
    );
    await insideRoom(id, (conversation) => conversation.flushOutbox());
    const calls = await callsOf(id);
    const aiMessages: RoomMessage[] = finished(viewer).filter((message) => message.senderType === 'ai');
    await room.stop();

    expect(calls.filter((call) => call.outcome === 'prefetched')).toHaveLength(1);
    expect(calls.filter((call) => call.outcome === 'ok')).toHaveLength(aiMessages.length);
    expect(answer.message.content).toContain('make us laugh about tea');
    viewer.close();
  });

  it('hands the next speaker the reply started during the pause when nothing changed', async () => {
    const { id, room, viewer } = await naturalRoom();
    await room.start();
    await viewer.until((frames) => frames.filter(aiMessageEnd).length >= 3);
    await insideRoom(id, (conversation) => conversation.flushOutbox());
    const calls = await callsOf(id);
    const aiMessages = finished(viewer).filter((message) => message.senderType === 'ai');
    await room.stop();
    expect(calls.filter((call) => call.outcome === 'prefetched')).toEqual([]);
    expect(calls.filter((call) => call.outcome === 'ok')).toHaveLength(aiMessages.length);
    // Each turn after the first took the call started during the pause before it: it began before its typing did.
    const typingStarts = viewer.frames.filter((frame) => frame.type === 'typing-start').length;
    expect(typingStarts).toBeGreaterThanOrEqual(3);
    viewer.close();
  });
});
