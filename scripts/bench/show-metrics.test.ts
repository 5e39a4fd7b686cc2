import { describe, expect, it } from 'vitest';
import type { RoomMessage, ServerFrame } from '../../worker/src/contract/index.ts';
import { distribution, measureRun, type ReceivedFrame } from './show-metrics.ts';

const personas = [
  { name: 'ann', displayName: 'The Ann', traits: [], style: 'plain' },
  { name: 'bob', displayName: 'Bob', traits: [], style: 'plain' },
];
const topic = 'whether gardens remember their gardeners';

let seq = 0;
function message(fields: Partial<RoomMessage> & Pick<RoomMessage, 'senderType' | 'author' | 'content'>): RoomMessage {
  seq += 1;
  return { id: `m${seq}`, seq, senderId: null, persona: null, createdAt: '', metadata: {}, ...fields };
}

describe('the show figures', () => {
  it('counts repeats, topic, references, interjection answers, nudges, fairness and pauses from what a viewer received', () => {
    const first = message({
      senderType: 'ai',
      persona: 'ann',
      author: 'The Ann',
      content: 'Gardens remember their gardeners. Every spring says so.',
    });
    const viewer = message({
      senderType: 'user',
      author: 'newcomer1',
      content: 'Do roses hold grudges against pruners?',
    });
    const second = message({
      senderType: 'ai',
      persona: 'bob',
      author: 'Bob',
      content: 'Ann, newcomer1 asks whether roses hold grudges. Every spring says so.',
      metadata: { replyTo: viewer.id },
    });
    const nudge = message({
      senderType: 'system',
      author: 'Moderator',
      content: "Let's take this somewhere new: a concrete example from everyday life.",
      metadata: { nudge: 'a concrete example from everyday life' },
    });
    const third = message({
      senderType: 'ai',
      persona: 'ann',
      author: 'The Ann',
      content: 'Nothing here about it at all.',
    });
    const at = (time: number, frame: ServerFrame): ReceivedFrame => ({ at: time, frame });
    const frames: ReceivedFrame[] = [
      at(0, { type: 'typing-start', seq: 1, persona: 'ann', displayName: 'The Ann' }),
      at(500, { type: 'message-delta', seq: 2, messageId: first.id, text: 'Gardens', emittedAt: 0 }),
      at(1000, { type: 'message-end', seq: 3, message: first }),
      at(1000, { type: 'turn-announce', persona: 'bob', displayName: 'Bob', answering: null }),
      at(1100, { type: 'message-end', seq: 4, message: viewer }),
      at(1500, { type: 'typing-start', seq: 5, persona: 'bob', displayName: 'Bob' }),
      at(2000, { type: 'message-delta', seq: 6, messageId: second.id, text: 'Ann', emittedAt: 0 }),
      at(3000, { type: 'message-end', seq: 7, message: second }),
      at(3000, { type: 'message-end', seq: 8, message: nudge }),
      at(4000, { type: 'typing-start', seq: 9, persona: 'ann', displayName: 'The Ann' }),
      at(4500, { type: 'message-delta', seq: 10, messageId: third.id, text: 'Nothing', emittedAt: 0 }),
      at(5000, { type: 'message-end', seq: 11, message: third }),
    ];
    const figures = measureRun({ topic, personas, frames, scale: 0.5 });
    expect(figures.aiMessages).toBe(3);
    expect(figures.repeatedSentences).toBeCloseTo(1 / 5);
    expect(figures.onTopic).toBeCloseTo(1 / 3);
    expect(figures.refersToPrevious).toBeCloseTo(1 / 2);
    expect(figures.interjections).toEqual({ answered: 1, referring: 1 });
    expect(figures.nudges).toEqual({ given: 1, takenUp: 0 });
    expect(figures.shares).toEqual({ ann: 2 / 3 / 0.5, bob: 1 / 3 / 0.5 });
    expect(figures.longestWait).toBe(1);
    expect(figures.endToTyping).toEqual([1000, 2000]);
    expect(figures.endToText).toEqual([2000, 3000]);
    expect(figures.noTypingNoText).toBeCloseTo((500 + 1000) / 5000);
    expect(figures.nothingShown).toBeCloseTo(1000 / 5000);
    expect(distribution([3, 1, 2, 4])).toEqual({ median: 3, p90: 4 });
  });
});
