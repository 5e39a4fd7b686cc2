import { describe, expect, it } from 'vitest';
import { TRY_AGAIN_CLOSE_CODE, tryAgainReason, type ServerFrame } from '../../../worker/src/contract/index.ts';
import { fakeSockets, ManualTimers } from '../testing/fake-room-socket.ts';
import { snapshot, streamedTurn } from '../testing/room-frames.ts';
import { reconnectDelayMs, RoomSocket, roomSocketUrl, type ConnectionStatus } from './room-socket.ts';

function connect(random = () => 0.5) {
  const fakes = fakeSockets();
  const timers = new ManualTimers();
  const frames: ServerFrame[] = [];
  const statuses: ConnectionStatus[] = [];
  const invalid: unknown[] = [];
  const socket = new RoomSocket({
    conversationId: 'c1',
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    onInvalidFrame: (error) => invalid.push(error),
    createSocket: fakes.createSocket,
    location: { protocol: 'https:', host: 'chimera.example' },
    timers,
    random,
    pingIntervalMs: 1000,
  });
  return { socket, fakes, timers, frames, statuses, invalid };
}

describe('the room socket', () => {
  it('sends a viewer’s frame as JSON while open, and nothing (false) before it opens or while it reconnects', () => {
    const { fakes, socket } = connect();
    const react = { type: 'react', messageId: 'm-1', emoji: '🔥' } as const;
    expect(socket.send(react)).toBe(false);
    fakes.latest().open();
    expect(socket.send(react)).toBe(true);
    expect(fakes.latest().sent).toEqual([JSON.stringify(react)]);
    fakes.latest().drop();
    expect(socket.send(react)).toBe(false);
  });

  it('connects to the room on this site, wss under https, without lastSeq the first time', () => {
    const { fakes, socket } = connect();
    expect(fakes.latest().url).toBe('wss://chimera.example/ws/conversation/c1');
    expect(socket.status).toBe('connecting');
    expect(roomSocketUrl({ protocol: 'http:', host: '127.0.0.1:8787' }, 'c1', 12)).toBe(
      'ws://127.0.0.1:8787/ws/conversation/c1?lastSeq=12',
    );
  });

  it('reconnects after a drop asking for the frames after the last seq it applied, and passes on no frame twice', () => {
    const { fakes, timers, frames, statuses, socket } = connect();
    const turn = streamedTurn(6, 'comedian', ['one ', 'two ', 'three']);
    fakes.latest().open();
    fakes.latest().push(snapshot(5, []), ...turn.frames.slice(0, 4));
    expect(socket.lastSeq).toBe(9);

    fakes.latest().drop();
    expect(statuses).toEqual(['live', 'reconnecting']);
    expect(fakes.sockets).toHaveLength(1);
    timers.advance(reconnectDelayMs(0, () => 0.5));
    expect(fakes.sockets).toHaveLength(2);
    expect(fakes.latest().url).toBe('wss://chimera.example/ws/conversation/c1?lastSeq=9');

    // The room replays from a little earlier than asked: the repeated frames are not passed on.
    fakes.latest().open();
    fakes.latest().push(...turn.frames.slice(2));
    expect(statuses.at(-1)).toBe('live');
    const seqs = frames.flatMap((frame) => ('seq' in frame ? [frame.seq] : []));
    expect(seqs).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('starts over from a snapshot, whatever its seq, and resumes from it next time', () => {
    const { fakes, timers, frames } = connect();
    fakes.latest().open();
    fakes.latest().push(snapshot(100, []));
    fakes.latest().drop();
    timers.advance(60_000);
    fakes.latest().open();
    fakes.latest().push(snapshot(3, []));
    expect(frames.map((frame) => frame.type)).toEqual(['snapshot', 'snapshot']);
    fakes.latest().drop();
    timers.advance(60_000);
    expect(fakes.latest().url).toContain('lastSeq=3');
  });

  it('backs off, with jitter, longer after each failed attempt, and from the start again once connected', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(3000);
    expect(reconnectDelayMs(30, () => 1)).toBe(15_000);

    const { fakes, timers } = connect(() => 1);
    fakes.latest().drop();
    expect(timers.waiting).toEqual([500]);
    timers.advance(500);
    fakes.latest().drop();
    expect(timers.waiting).toEqual([1000]);
    timers.advance(1000);
    fakes.latest().open();
    fakes.latest().drop();
    expect(timers.waiting).toEqual([500]);
  });

  it('waits out the Retry-After of a try-again close (1013) before the backoff, and not after an ordinary drop', () => {
    const { fakes, timers } = connect(() => 1);
    fakes.latest().onclose?.(new CloseEvent('close', { code: TRY_AGAIN_CLOSE_CODE, reason: tryAgainReason(5) }));
    expect(timers.waiting).toEqual([5500]);
    timers.advance(5500);
    fakes.latest().drop();
    expect(timers.waiting).toEqual([1000]);
  });

  it('treats a socket silent through a whole ping interval as dropped', () => {
    const { fakes, timers, statuses } = connect();
    fakes.latest().open();
    timers.advance(1000);
    expect(fakes.latest().sent).toEqual(['{"type":"ping"}']);
    fakes.latest().push({ type: 'pong' });
    timers.advance(1000);
    expect(statuses.at(-1)).toBe('live');
    timers.advance(1000);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(fakes.sockets[0]?.closed).toBe(true);
  });

  it('skips a frame that does not parse and keeps going', () => {
    const { fakes, frames, invalid } = connect();
    fakes.latest().open();
    fakes.latest().push('not json', '{"type":"message-delta","seq":"x"}', { type: 'presence', viewers: 3 });
    expect(invalid).toHaveLength(2);
    expect(frames).toEqual([{ type: 'presence', viewers: 3 }]);
  });

  it('reconnects at once when asked to (back online), without waiting out the backoff, and not while connected', () => {
    const { fakes, timers, socket } = connect(() => 1);
    fakes.latest().open();
    fakes.latest().push(snapshot(7, []));
    socket.retryNow();
    expect(fakes.sockets).toHaveLength(1);
    fakes.latest().drop();
    socket.retryNow();
    expect(fakes.sockets).toHaveLength(2);
    expect(fakes.latest().url).toContain('lastSeq=7');
    // The backoff's own timer was cancelled: it opens no third socket.
    timers.advance(60_000);
    expect(fakes.sockets).toHaveLength(2);
  });

  it('stops reconnecting once closed', () => {
    const { fakes, timers, socket, statuses } = connect();
    fakes.latest().open();
    socket.close();
    fakes.sockets[0]?.drop();
    timers.advance(60_000);
    expect(fakes.sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('closed');
  });
});
