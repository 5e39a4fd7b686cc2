import { describe, expect, it } from 'vitest';
import { TURN_MODES } from './contract.ts';
import type { FrameOf, SequencedFrame } from '../contract/index.ts';
import {
  connectViewer,
  createConversation,
  demoSettings,
  finished,
  isSequenced,
  isStopped,
  ofType,
  openRoom,
  postgresMessages,
  roomOf,
} from './testing.ts';

describe('a conversation with the demo provider', () => {
  it.each(TURN_MODES)('runs several turns in %s mode and stops after maxTurns', async (mode) => {
    const { room, viewer } = await openRoom({ mode, maxTurns: 5 });
    await viewer.next(ofType('snapshot'));
    await room.start();
    await viewer.until(isStopped);
    const messages = finished(viewer);
    expect(messages.map((message) => message.metadata.turn)).toEqual([1, 2, 3, 4, 5]);
    const speakers = messages.map((message) => message.persona);
    if (mode === 'sequential')
      expect(speakers).toEqual(['philosopher', 'comedian', 'scientist', 'philosopher', 'comedian']);
    for (let index = 1; index < speakers.length; index++) expect(speakers[index]).not.toBe(speakers[index - 1]);
    expect(await room.state()).toMatchObject({ status: 'stopped', stopReason: 'max-turns', turns: 5, speaking: null });
    expect(messages.at(-1)?.metadata.closing).toBe(true);
    viewer.close();
  });

  it('streams each turn as typing-start, message-start, deltas, typing-end, message-end, with consecutive seqs', async () => {
    const { room, viewer } = await openRoom({ maxTurns: 3 });
    await viewer.next(ofType('snapshot'));
    await room.start();
    await viewer.until(isStopped);
    const sequenced = viewer.frames.filter(isSequenced);
    expect(sequenced.map((frame) => frame.seq)).toEqual(sequenced.map((_, index) => index + 1));
    const turns: SequencedFrame[][] = [];
    for (const frame of sequenced) {
      if (frame.type === 'typing-start') turns.push([]);
      turns.at(-1)!.push(frame);
    }
    expect(turns).toHaveLength(3);
    for (const turn of turns) {
      const shape = turn
        .map((frame) => frame.type)
        .join(' ')
        .replace(/( message-delta)+/, ' message-delta+');
      expect(shape).toBe('typing-start message-start message-delta+ typing-end message-end');
      const end = turn.at(-1) as FrameOf<'message-end'>;
      const deltas = turn.filter(ofType('message-delta'));
      expect(deltas.map((delta) => delta.text).join('')).toBe(end.message.content);
      expect(deltas.every((delta) => delta.messageId === end.message.id)).toBe(true);
      expect(end.message.seq).toBe(end.seq);
      expect(end.message.metadata).toMatchObject({
        provider: 'demo',
        model: 'chimera-demo',
        latencyMs: expect.any(Number),
        timeToFirstTokenMs: expect.any(Number),
        tokens: { input: expect.any(Number), output: expect.any(Number), estimated: true },
        costUsd: 0,
        quality: {
          score: expect.any(Number),
          novelty: expect.any(Number),
          length: expect.any(Number),
          adherence: expect.any(Number),
        },
        fallbacks: [],
        finishReason: 'stop',
      });
    }
    viewer.close();
  });

  it('sends every viewer identical frames in identical order', async () => {
    const id = await createConversation();
    const room = roomOf(id);
    await room.configure(demoSettings(id, { maxTurns: 3 }));
    const viewers = await Promise.all([connectViewer(id), connectViewer(id), connectViewer(id)]);
    await Promise.all(
      viewers.map((viewer) =>
        viewer.until((frames) => frames.some((frame) => frame.type === 'presence' && frame.viewers === 3)),
      ),
    );
    await room.start();
    await Promise.all(viewers.map((viewer) => viewer.until(isStopped)));
    const [first, ...others] = viewers.map((viewer) => JSON.stringify(viewer.frames.filter(isSequenced)));
    expect(first!.length).toBeGreaterThan(100);
    for (const other of others) expect(other).toBe(first);
    for (const viewer of viewers) viewer.close();
  });

  it('copies every message to Postgres once, in order', async () => {
    const { id, room, viewer } = await openRoom({ maxTurns: 3 });
    await room.start();
    await viewer.until(isStopped);
    const messages = finished(viewer);
    await expect.poll(async () => (await postgresMessages(id)).length, { timeout: 10_000 }).toBe(3);
    const rows = await postgresMessages(id);
    expect(rows.map((row) => row.id)).toEqual(messages.map((message) => message.id));
    expect(rows[0]).toMatchObject({
      senderType: 'ai',
      senderId: 'demo/chimera-demo',
      persona: 'philosopher',
      content: messages[0]!.content,
    });
    expect(rows[0]!.metadata).toMatchObject({
      seq: messages[0]!.seq,
      author: 'The Philosopher',
      provider: 'demo',
      quality: messages[0]!.metadata.quality,
    });
    viewer.close();
  });
});
