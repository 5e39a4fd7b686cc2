/**
 * Many WebSocket viewers in this process, measuring what they receive: for
 * each `message-delta`, the time from its `emittedAt` (the server's clock
 * when the provider emitted the chunk's first text) to its arrival here (this
 * machine's clock: both are the same system clock, read in milliseconds), and
 * the frames each viewer receives per second. The same code measures the room
 * and the plain Node server.
 */
import WebSocket from 'ws';

/** What a measuring window saw. */
export interface Measurement {
  viewers: number;
  seconds: number;
  /** Milliseconds from emit to arrival, one sample per delta frame per viewer, sorted. */
  latencies: Float64Array;
  /** Frames received by all viewers in the window. */
  frames: number;
  /** Messages finished in the window (counted on one viewer). */
  messages: number;
}

/** A pool of connected viewers. */
export interface ViewerPool {
  /** The viewers' sockets (reactors.ts makes them react). */
  sockets: WebSocket[];
  /** Records for `seconds` and returns what was seen. */
  measure(seconds: number): Promise<Measurement>;

  close(): Promise<void>;
}

/** How many connections are opened at once. */
const CONNECT_BATCH = 50;

/** Connects `count` viewers to `url` and waits until each has received its first frame. */
export async function connectViewers(url: string, count: number): Promise<ViewerPool> {
  const sockets: WebSocket[] = [];
  let recording = false;
  let latencies: number[] = [];
  let frames = 0;
  let messages = 0;
  const onFrame = (index: number) => (data: WebSocket.RawData) => {
    if (!recording) return;
    const arrived = Date.now();
    frames += 1;
    const frame: unknown = JSON.parse(data.toString());
    if (typeof frame !== 'object' || frame === null || !('type' in frame)) return;
    if (frame.type === 'message-delta' && 'emittedAt' in frame && typeof frame.emittedAt === 'number')
      latencies.push(arrived - frame.emittedAt);
    else if (frame.type === 'message-end' && index === 0) messages += 1;
  };
  for (let first = 0; first < count; first += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - first) }, (_, offset) => {
      // Each viewer its own address, as so many people would have: the route rate-limits connections per IP.
      const socket = new WebSocket(url, { perMessageDeflate: false, headers: { 'cf-connecting-ip': randomAddress() } });
      sockets.push(socket);
      socket.on('message', onFrame(first + offset));
      return new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('closed before its first frame')));
        socket.once('unexpected-response', (_request, response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            reject(new Error(`the upgrade was answered ${response.statusCode}: ${body.slice(0, 300)}`)),
          );
        });
      });
    });
    try {
      await Promise.all(batch);
    } catch (error) {
      for (const socket of sockets) socket.terminate();
      throw error;
    }
  }
  return {
    sockets,
    async measure(seconds) {
      latencies = [];
      frames = 0;
      messages = 0;
      recording = true;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      recording = false;
      return { viewers: count, seconds, latencies: new Float64Array(latencies).sort(), frames, messages };
    },
    async close() {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              socket.once('close', () => resolve());
              socket.terminate();
            }),
        ),
      );
    },
  };
}

/** A random address in its own /64 of the IPv6 documentation range. */
export function randomAddress(): string {
  const groups = [...crypto.getRandomValues(new Uint16Array(3))].map((group) => group.toString(16));
  return `2001:db8:${groups[0]}:${groups[1]}::${groups[2]}`;
}

/** The value below which `share` (0..1) of the sorted samples fall. */
export function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}
