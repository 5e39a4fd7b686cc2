/**
 * The room's WebSocket client: connects to `/ws/conversation/:id` on this
 * site, parses every frame with the shared protocol module, and when the
 * socket drops, reconnects with backoff and jitter, asking for the frames
 * after the last seq it applied (`?lastSeq=N`), so nothing is missed or shown
 * twice. A silent socket (no frame or pong within a ping interval) counts as dropped.
 */
import {
  LAST_SEQ_PARAM,
  parseServerFrame,
  PING_FRAME,
  retryAfterOfClose,
  type ClientFrame,
  type ServerFrame,
} from '../../../worker/src/contract/index.ts';

/** Where the socket is: first connect, open and receiving, or waiting to reconnect after a drop. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** The part of a browser WebSocket the client uses. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Timers, injectable so tests control the clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What a RoomSocket needs. */
export interface RoomSocketOptions {
  conversationId: string;
  /** Called with every parsed frame whose seq (if any) is newer than the last one applied. */
  onFrame(frame: ServerFrame): void;
  onStatus?(status: ConnectionStatus): void;
  /** A frame that did not parse (never thrown: the socket goes on). */
  onInvalidFrame?(error: unknown): void;
  /** Builds the socket; default the browser's WebSocket. */
  createSocket?(url: string): SocketLike;
  /** Default `window.location`. */
  location?: { protocol: string; host: string };
  timers?: Timers;
  /** 0..1; default Math.random. */
  random?(): number;
  /** Milliseconds between pings on a quiet socket; default 25 s. */
  pingIntervalMs?: number;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter" so viewers of a restarted room do not return at once. */
export function reconnectDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return ceiling / 2 + (ceiling / 2) * random();
}

/** The socket URL of a room on this site, with the last seq applied when there is one. */
export function roomSocketUrl(
  location: { protocol: string; host: string },
  conversationId: string,
  lastSeq: number,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = new URL(`${scheme}//${location.host}/ws/conversation/${encodeURIComponent(conversationId)}`);
  if (lastSeq >= 0) url.searchParams.set(LAST_SEQ_PARAM, String(lastSeq));
  return url.href;
}

/** A room's live connection; `close()` ends it for good. */
export class RoomSocket {
  readonly #options: RoomSocketOptions;
  readonly #timers: Timers;
  readonly #random: () => number;
  #socket: SocketLike | null = null;
  #status: ConnectionStatus = 'connecting';
  #lastSeq = -1;
  #attempt = 0;
  #retryTimer: unknown = null;
  #pingTimer: unknown = null;
  #heardSincePing = false;
  #awaitingPong = false;
  #closed = false;

  constructor(options: RoomSocketOptions) {
    this.#options = options;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    };
    this.#random = options.random ?? Math.random;
    this.#connect();
  }

  /** The connection's state now. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  /** The highest seq applied so far; -1 before any. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Reconnects now instead of at the end of the backoff (the network came back, the tab was shown again); nothing while connected. */
  retryNow(): void {
    if (this.#closed || this.#status !== 'reconnecting' || this.#socket) return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** Sends a frame to the room while the socket is open; false (nothing sent) while it is not. */
  send(frame: ClientFrame): boolean {
    if (this.#closed || this.#status !== 'live' || !this.#socket) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  /** Closes the socket and stops reconnecting. */
  close(): void {
    this.#closed = true;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#timers.clearTimeout(this.#pingTimer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'viewer left');
    this.#setStatus('closed');
  }

  #connect(): void {
    const location = this.#options.location ?? window.location;
    const url = roomSocketUrl(location, this.#options.conversationId, this.#lastSeq);
    const create = this.#options.createSocket ?? ((target: string) => new WebSocket(target));
    const socket = create(url);
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      this.#awaitingPong = false;
      this.#setStatus('live');
      this.#schedulePing();
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#heardSincePing = true;
      if (typeof event.data === 'string') this.#receive(event.data);
    };
    socket.onclose = (event) => this.#dropped(socket, retryAfterOfClose(event.code, event.reason));
    // An error is always followed by close; some fakes and browsers skip close, so treat it the same.
    socket.onerror = () => this.#dropped(socket);
  }

  #receive(raw: string): void {
    let frame: ServerFrame;
    try {
      frame = parseServerFrame(raw);
    } catch (error) {
      this.#options.onInvalidFrame?.(error);
      return;
    }
    if (frame.type === 'snapshot') this.#lastSeq = frame.seq;
    else if ('seq' in frame) {
      if (frame.seq <= this.#lastSeq) return;
      this.#lastSeq = frame.seq;
    }
    this.#options.onFrame(frame);
  }

  /** `retryAfterSeconds`: the server asked for at least that wait (a try-again close); the jittered backoff comes on top. */
  #dropped(socket: SocketLike, retryAfterSeconds: number | null = null): void {
    if (this.#socket !== socket || this.#closed) return;
    this.#socket = null;
    this.#timers.clearTimeout(this.#pingTimer);
    try {
      socket.close();
    } catch {
      // Already closed.
    }
    this.#setStatus('reconnecting');
    const delay = reconnectDelayMs(this.#attempt, this.#random) + (retryAfterSeconds ?? 0) * 1000;
    this.#attempt += 1;
    this.#retryTimer = this.#timers.setTimeout(() => this.#connect(), delay);
  }

  #schedulePing(): void {
    const interval = this.#options.pingIntervalMs ?? 25_000;
    this.#pingTimer = this.#timers.setTimeout(() => {
      const socket = this.#socket;
      if (!socket || this.#closed) return;
      if (this.#awaitingPong && !this.#heardSincePing) {
        // Nothing, not even the pong, since the last ping: the connection is dead without having said so.
        this.#dropped(socket);
        return;
      }
      this.#heardSincePing = false;
      this.#awaitingPong = true;
      socket.send(PING_FRAME);
      this.#schedulePing();
    }, interval);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#options.onStatus?.(status);
  }
}
