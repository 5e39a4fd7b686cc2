/** A WebSocket viewer for the worker tests, connected through the app by a test client (its IP and cookie). */
import { expect } from 'vitest';
import { parseServerFrame, type ServerFrame } from '../contract/index.ts';
import type { TestClient } from './client.ts';

/** An accepted WebSocket whose every frame is parsed and recorded, with ways to wait for frames. */
export interface FrameRecorder {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Resolves with the first recorded frame (from index `from`) matching `match`. */
  next<T extends ServerFrame>(
    match: (frame: ServerFrame) => frame is T,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<T>;
  /** Resolves once `done(frames)` is true. */
  until(done: (frames: ServerFrame[]) => boolean, timeoutMs?: number): Promise<ServerFrame[]>;
  close(): void;
}

/** Accepts `socket` and records every frame it receives; a wait that outlasts its timeout fails naming the frames so far. */
export function recordFrames(socket: WebSocket): FrameRecorder {
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.addEventListener('message', (event) => {
    frames.push(parseServerFrame(String(event.data)));
    for (const wake of waiters) wake();
  });
  socket.accept();
  const until = (done: (frames: ServerFrame[]) => boolean, timeoutMs = 20_000) =>
    new Promise<ServerFrame[]>((resolve, reject) => {
      const check = () => {
        if (!done(frames)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(frames);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out; frames so far: ${frames.map((frame) => frame.type).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  async function next<T extends ServerFrame>(
    match: (frame: ServerFrame) => frame is T,
    { from = 0, timeoutMs }: { from?: number; timeoutMs?: number } = {},
  ) {
    await until((all) => all.slice(from).some(match), timeoutMs);
    return frames.slice(from).find(match)!;
  }
  return { socket, frames, next, until, close: () => socket.close(1000, 'bye') };
}

/** A connected viewer recording every frame. */
export interface Viewer {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Resolves with the first frame (after index `from`) of `type`. */
  next<T extends ServerFrame['type']>(type: T, from?: number): Promise<Extract<ServerFrame, { type: T }>>;
  close(): void;
}

/** Opens the room's WebSocket as `client`; fails unless the route answers 101. */
export async function watch(
  client: TestClient,
  conversationId: string,
  headers: Record<string, string> = {},
): Promise<Viewer> {
  const response = await client.request('GET', `/ws/conversation/${conversationId}`, {
    headers: { upgrade: 'websocket', ...headers },
  });
  expect(response.status, response.text).toBe(101);
  const socket = response.socket;
  if (!socket) throw new Error('no WebSocket in the 101 answer');
  const recorder = recordFrames(socket);
  const next = <T extends ServerFrame['type']>(type: T, from = 0) =>
    recorder.next((frame): frame is Extract<ServerFrame, { type: T }> => frame.type === type, { from });
  return { socket, frames: recorder.frames, next, close: recorder.close };
}
