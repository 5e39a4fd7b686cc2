/** A WebSocket viewer for the worker tests, connected through the app by a test client (its IP and cookie). */
import { expect } from 'vitest';
import { parseServerFrame, type ServerFrame } from '../room/protocol.ts';
import type { TestClient } from './client.ts';

/** A connected viewer recording every frame. */
export interface Viewer {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Resolves with the first frame (after index `from`) of `type`. */
  next<T extends ServerFrame['type']>(type: T, from?: number): Promise<Extract<ServerFrame, { type: T }>>;
  close(): void;
}

/** Opens the room's WebSocket as `client`; fails unless the route answers 101. */
export async function watch(client: TestClient, conversationId: string, headers: Record<string, string> = {}): Promise<Viewer> {
  const response = await client.request('GET', `/ws/conversation/${conversationId}`, { headers: { upgrade: 'websocket', ...headers } });
  expect(response.status, response.text).toBe(101);
  const socket = response.socket;
  if (!socket) throw new Error('no WebSocket in the 101 answer');
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.addEventListener('message', (event) => {
    frames.push(parseServerFrame(String(event.data)));
    for (const wake of waiters) wake();
  });
  socket.accept();
  function next<T extends ServerFrame['type']>(type: T, from = 0) {
    const find = () => frames.slice(from).find((frame): frame is Extract<ServerFrame, { type: T }> => frame.type === type);
    return new Promise<Extract<ServerFrame, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame; got ${frames.map((frame) => frame.type).join(', ')}`)), 20_000);
      const check = () => {
        const found = find();
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  }
  return { socket, frames, next, close: () => socket.close(1000, 'bye') };
}
