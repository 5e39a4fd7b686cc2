import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../worker/src/contract/index.ts';
import { aiMessage, ROOM, roomState, snapshot, streamedTurn } from '../testing/room-frames.ts';
import { applyFrame, emptyRoomView, runningCost, type RoomView } from './room.ts';

function reduce(frames: ServerFrame[], from: RoomView = emptyRoomView()): RoomView {
  return frames.reduce(applyFrame, from);
}

describe('the room reducer', () => {
  it('appends deltas to the streaming message, then replaces it with the finished one', () => {
    const turn = streamedTurn(1, 'comedian', ['Why did ', 'the electron ', 'cross the road?']);
    const midway = reduce([snapshot(0, []), ...turn.frames.slice(0, 4)]);
    expect(midway.typing).toEqual({ persona: 'comedian', displayName: 'The Comedian' });
    expect(midway.streaming?.text).toBe('Why did the electron ');
    const done = reduce(turn.frames.slice(4), midway);
    expect(done.streaming).toBeNull();
    expect(done.typing).toBeNull();
    expect(done.messages.map((message) => message.content)).toEqual(['Why did the electron cross the road?']);
    expect(done.lastSeq).toBe(turn.lastSeq);
  });

  it('shows who is up next between turns until that persona starts typing', () => {
    const announced = reduce([
      snapshot(0, []),
      { type: 'turn-announce', persona: 'scientist', displayName: 'The Scientist', answering: 'newcomer1' },
    ]);
    expect(announced.upNext).toEqual({ persona: 'scientist', displayName: 'The Scientist', answering: 'newcomer1' });
    const turn = streamedTurn(1, 'scientist', ['Data.']);
    expect(reduce(turn.frames.slice(0, 1), announced).upNext).toBeNull();
  });

  it('takes the stored content of message-end over what was streamed', () => {
    const turn = streamedTurn(1, 'scientist', ['Data ', 'suggests']);
    const end = turn.frames.at(-1) as Extract<ServerFrame, { type: 'message-end' }>;
    const view = reduce([
      snapshot(0, []),
      ...turn.frames.slice(0, -1),
      { ...end, message: { ...end.message, content: 'Data suggests otherwise.' } },
    ]);
    expect(view.messages[0]?.content).toBe('Data suggests otherwise.');
  });

  it('ignores frames it already applied, so a replay after a reconnect duplicates no text', () => {
    const turn = streamedTurn(1, 'philosopher', ['To be ', 'or not ', 'to be']);
    const first = reduce([snapshot(0, []), ...turn.frames.slice(0, 4)]);
    // The room replays from an older seq: the deltas already shown come again, then the rest.
    const replayed = reduce([...turn.frames.slice(1, 4), ...turn.frames.slice(4, 5)], first);
    expect(replayed.streaming?.text).toBe('To be or not to be');
    const finished = reduce(turn.frames, replayed);
    expect(finished.messages).toHaveLength(1);
    expect(reduce(turn.frames, finished)).toBe(finished);
  });

  it('replaces everything with a snapshot, the message being streamed included', () => {
    const before = reduce([snapshot(0, []), ...streamedTurn(1, 'comedian', ['a', 'b']).frames]);
    const later = aiMessage(40, 'scientist', 'Later message');
    const view = applyFrame(
      before,
      snapshot(42, [later], {
        hasEarlier: true,
        typing: { persona: 'philosopher', displayName: 'The Philosopher' },
        streaming: {
          messageId: 'm-41',
          persona: 'philosopher',
          provider: 'demo',
          model: 'chimera-demo',
          attempt: 1,
          text: 'Half a thought',
        },
      }),
    );
    expect(view.messages.map((message) => message.id)).toEqual([later.id]);
    expect(view.hasEarlier).toBe(true);
    expect(view.streaming?.text).toBe('Half a thought');
    expect(view.typing?.displayName).toBe('The Philosopher');
    expect(view.lastSeq).toBe(42);
  });

  it('voids the text of a failed attempt and notes the fallback when the same message starts again', () => {
    const view = reduce([
      snapshot(0, []),
      {
        type: 'message-start',
        seq: 1,
        messageId: 'm',
        persona: 'comedian',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        attempt: 1,
      },
      { type: 'message-delta', seq: 2, messageId: 'm', text: 'Lost words', emittedAt: 0 },
      {
        type: 'message-start',
        seq: 3,
        messageId: 'm',
        persona: 'comedian',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        attempt: 2,
      },
      { type: 'message-delta', seq: 4, messageId: 'm', text: 'Fresh words', emittedAt: 0 },
    ]);
    expect(view.streaming).toMatchObject({ provider: 'anthropic', attempt: 2, text: 'Fresh words' });
    expect(view.fallbackNotices.m).toBe('The Comedian switched to anthropic · claude-sonnet-4-5');
  });

  it('says retried, not switched, when the same provider tries the message again', () => {
    const view = reduce([
      snapshot(0, []),
      {
        type: 'message-start',
        seq: 1,
        messageId: 'm',
        persona: 'comedian',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        attempt: 1,
        retry: false,
      },
      {
        type: 'message-start',
        seq: 2,
        messageId: 'm',
        persona: 'comedian',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        attempt: 2,
        retry: true,
      },
    ]);
    expect(view.fallbackNotices.m).toBe('The Comedian retried openai · gpt-4.1-mini');
  });

  it('keeps the fallback notice of a message already on its second provider in a snapshot', () => {
    const view = applyFrame(
      emptyRoomView(),
      snapshot(5, [], {
        streaming: {
          messageId: 'm',
          persona: 'scientist',
          provider: 'demo',
          model: 'chimera-demo',
          attempt: 2,
          text: 'So far',
        },
      }),
    );
    expect(view.fallbackNotices.m).toBe('The Scientist switched to demo · chimera-demo');
  });

  it('drops a discarded message', () => {
    const view = reduce([
      snapshot(0, []),
      {
        type: 'message-start',
        seq: 1,
        messageId: 'm',
        persona: 'comedian',
        provider: 'demo',
        model: 'chimera-demo',
        attempt: 1,
      },
      { type: 'message-discard', seq: 2, messageId: 'm', reason: 'stopped' },
    ]);
    expect(view.streaming).toBeNull();
    expect(view.messages).toEqual([]);
  });

  it('tracks viewers, state and errors, which carry no seq and always apply', () => {
    const view = reduce([
      snapshot(10, []),
      { type: 'presence', viewers: 7 },
      { type: 'state', state: roomState({ status: 'paused', costUsd: 0.5, viewers: 7 }), room: ROOM },
      { type: 'error', code: 'bad_frame', message: 'Slow down' },
    ]);
    expect(view.viewers).toBe(7);
    expect(view.state?.status).toBe('paused');
    expect(view.errors).toEqual([{ id: 1, code: 'bad_frame', message: 'Slow down' }]);
    expect(view.lastSeq).toBe(10);
  });

  it('sums the cost of the messages, never showing less than the room reports', () => {
    const view = reduce([
      snapshot(2, [
        aiMessage(1, 'comedian', 'a', { metadata: { costUsd: 0.002 } }),
        aiMessage(2, 'scientist', 'b', { metadata: { costUsd: 0.003 } }),
      ]),
    ]);
    expect(runningCost(view)).toBeCloseTo(0.005);
    expect(
      runningCost(applyFrame(view, { type: 'state', state: roomState({ costUsd: 0.9 }), room: ROOM })),
    ).toBeCloseTo(0.9);
  });
});
