/** Test doubles for the room's WebSocket: a fake socket the test drives as the server would, and a manual clock. */
import type { ServerFrame } from '../../../worker/src/contract/index.ts';
import type { SocketLike, Timers } from '../lib/room-socket.ts';

/** A socket whose server side is the test: `open()`, `push(frame)`, `drop()`. */
export class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly url: string;
  readonly sent: string[] = [];
  closed = false;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closed = true;
  }

  /** The server accepted the connection. */
  open(): void {
    this.onopen?.(new Event('open'));
  }

  /** The server sends frames (as JSON text, as on the wire). */
  push(...frames: (ServerFrame | string)[]): void {
    for (const frame of frames)
      this.onmessage?.(
        new MessageEvent('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) }),
      );
  }

  /** The connection died. */
  drop(): void {
    this.closed = true;
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }
}

/** Every socket a client under test created, newest last. */
export function fakeSockets(): {
  sockets: FakeSocket[];
  createSocket: (url: string) => FakeSocket;
  latest: () => FakeSocket;
} {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    latest: () => {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was created');
      return socket;
    },
  };
}

/** Timers that run only when the test advances them. */
export class ManualTimers implements Timers {
  #now = 0;
  #next = 1;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.#pending.set(handle, { at: this.#now + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** The delays of the timers waiting now, from now. */
  get waiting(): number[] {
    return [...this.#pending.values()].map((timer) => timer.at - this.#now);
  }

  /** Moves the clock on, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#pending.entries()]
        .filter(([, timer]) => timer.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#pending.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = until;
  }
}
