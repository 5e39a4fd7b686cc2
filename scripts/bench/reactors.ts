/**
 * The reaction load of `npm run bench` (issue 15, point 5): every viewer of
 * a pool reacts to the newest finished message, as fast as its `react`
 * budget allows (cache/rate-limit.ts: one frame per window/limit), cycling
 * through the emoji, repeats included (they cost the room as much as new
 * ones and change nothing). The first viewer also counts what came of it:
 * the `reactions` frames it received and the counts they carried.
 */
import type WebSocket from 'ws';
import { BUDGETS } from '../../worker/src/cache/rate-limit.ts';
import { REACTION_EMOJI } from '../../worker/src/contract/index.ts';

/** What a reacting audience did and made, per second of a window. */
export interface ReactionFigures {
  /** React frames the audience sent. */
  sentPerSecond: number;
  /** Reactions the room counted (new kinds on a message, from the counts its frames carried). */
  acceptedPerSecond: number;
  /** `reactions` frames one viewer received. */
  framesPerSecond: number;
  /** React frames answered `rate_limited`, in the whole window. */
  refused: number;
}

/** A running reaction load. */
export interface ReactionLoad {
  /** Resolves once a message has finished: there is something to react to. */
  ready: Promise<void>;
  /** The figures of the window [from, to] (ms since the epoch). */
  figures(from: number, to: number): ReactionFigures;
  stop(): void;
}

/** Milliseconds between two react frames of one viewer: its budget, spent evenly. */
const { limit, windowSeconds } = BUDGETS.react.anonymous;
export const REACT_INTERVAL_MS = (windowSeconds * 1000) / limit;

/** Makes every socket react at its budget's pace to the newest finished message (the first socket tells which); the first one counts frames and counts. */
export function startReacting(sockets: WebSocket[]): ReactionLoad {
  const sent: number[] = [];
  const refusals: number[] = [];
  /** The first viewer's `reactions` frames: when, and the total of all counts it knew then. */
  const frames: { at: number; total: number }[] = [];
  const totals = new Map<string, number>();
  let latest: string | null = null;
  let firstMessage: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    firstMessage = resolve;
  });
  sockets[0]?.on('message', (data: WebSocket.RawData) => {
    const text = data.toString();
    if (text.startsWith('{"type":"message-end"')) {
      latest = (JSON.parse(text) as { message: { id: string } }).message.id;
      firstMessage();
    } else if (text.startsWith('{"type":"reactions"')) {
      const frame = JSON.parse(text) as { messageId: string; counts: Record<string, number> };
      totals.set(
        frame.messageId,
        Object.values(frame.counts).reduce((sum, count) => sum + count, 0),
      );
      frames.push({ at: Date.now(), total: [...totals.values()].reduce((sum, count) => sum + count, 0) });
    }
  });
  const timers = sockets.map((socket) => {
    let kind = 0;
    // A native search of the frame's bytes: the viewers' own process must not slow what it measures.
    socket.on('message', (data: Buffer) => {
      if (data.indexOf('"rate_limited"') !== -1) refusals.push(Date.now());
    });
    const send = () => {
      if (latest === null || socket.readyState !== socket.OPEN) return;
      const emoji = REACTION_EMOJI[kind++ % REACTION_EMOJI.length];
      socket.send(JSON.stringify({ type: 'react', messageId: latest, emoji }));
      sent.push(Date.now());
    };
    // A random phase each: a thousand viewers do not react in step.
    let interval: ReturnType<typeof setInterval> | undefined;
    const start = setTimeout(() => {
      interval = setInterval(send, REACT_INTERVAL_MS);
      send();
    }, Math.random() * REACT_INTERVAL_MS);
    return () => {
      clearTimeout(start);
      clearInterval(interval);
    };
  });
  return {
    ready,
    figures(from, to) {
      const seconds = (to - from) / 1000;
      const within = (at: number) => at >= from && at <= to;
      const totalAt = (time: number) => frames.filter((frame) => frame.at <= time).at(-1)?.total ?? 0;
      return {
        sentPerSecond: sent.filter(within).length / seconds,
        acceptedPerSecond: (totalAt(to) - totalAt(from)) / seconds,
        framesPerSecond: frames.filter((frame) => within(frame.at)).length / seconds,
        refused: refusals.filter(within).length,
      };
    },
    stop() {
      for (const stop of timers) stop();
    },
  };
}
