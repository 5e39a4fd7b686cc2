/**
 * The reconnect storm of `npm run bench`: `viewers` sockets watch a streaming
 * room, all drop at once, and all come back within `spreadMs`, each asking
 * for the frames after the last seq it saw, as the web client does. A socket
 * refused for now (an HTTP 503/429 with Retry-After, or a try-again close)
 * waits as asked and tries again, like the web client. Measures the time from
 * the drop until each viewer is resumed (its first frame back), and counts
 * every refusal by kind.
 */
import WebSocket from 'ws';
import { retryAfterOfClose } from '../../worker/src/contract/index.ts';
import { randomAddress } from './viewers.ts';

/** What one storm saw. */
export interface StormFigures {
  viewers: number;
  /** Milliseconds the first connection of every viewer took (50 at a time): the route's pace without a storm, for comparison. */
  firstConnectMs: number;
  /** Milliseconds from the drop until the last viewer was resumed. */
  allResumedMs: number;
  /** Median milliseconds from the drop until a viewer was resumed. */
  medianResumedMs: number;
  /** Upgrades answered with a 5xx status. */
  http5xx: number;
  /** Upgrades refused with another status (e.g. 429). */
  httpOther: number;
  /** Sockets opened and closed at once with a try-again close. */
  tryAgain: number;
  /** Sockets that failed otherwise (reset, closed before a frame). */
  failed: number;
  /** Viewers not resumed when the storm's time ran out. */
  missing: number;
}

/** How many first connections are opened at once. */
const CONNECT_BATCH = 50;
/** A viewer gives up after this long. */
const STORM_TIMEOUT_MS = 60_000;

/** Connects `viewers` to the room at `url` (ws://.../ws/conversation/:id), drops them all, and measures their return within `spreadMs`. */
export async function measureStorm(
  url: string,
  viewers: number,
  options: { spreadMs?: number; onDrop?: () => void } = {},
): Promise<StormFigures> {
  const spreadMs = options.spreadMs ?? 1000;
  const lastSeqs = new Array<number>(viewers).fill(-1);
  const sockets: WebSocket[] = [];
  const connectStarted = Date.now();
  for (let first = 0; first < viewers; first += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, viewers - first) }, (_, offset) => {
      const index = first + offset;
      const socket = new WebSocket(url, { perMessageDeflate: false, headers: { 'cf-connecting-ip': randomAddress() } });
      sockets.push(socket);
      socket.on('message', (data) => (lastSeqs[index] = Math.max(lastSeqs[index]!, seqOf(data))));
      return new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('error', reject);
        socket.once('unexpected-response', (_request, response) =>
          reject(new Error(`the first upgrade was answered ${response.statusCode}`)),
        );
      });
    });
    await Promise.all(batch);
  }
  const firstConnectMs = Date.now() - connectStarted;
  const figures = { http5xx: 0, httpOther: 0, tryAgain: 0, failed: 0 };
  options.onDrop?.();
  const dropped = Date.now();
  for (const socket of sockets) socket.terminate();
  const returns = await Promise.all(
    lastSeqs.map(async (lastSeq) => {
      await sleep(Math.random() * spreadMs);
      return rejoin(`${url}?lastSeq=${lastSeq}`, randomAddress(), dropped + STORM_TIMEOUT_MS, figures);
    }),
  );
  const resumed = returns
    .filter((at): at is number => at !== null)
    .map((at) => at - dropped)
    .sort((a, b) => a - b);
  return {
    viewers,
    firstConnectMs,
    allResumedMs: resumed.length === viewers ? resumed.at(-1)! : Number.NaN,
    medianResumedMs: resumed[Math.floor(resumed.length / 2)] ?? Number.NaN,
    ...figures,
    missing: viewers - resumed.length,
  };
}

/** Reconnects until a frame arrives (its time) or the deadline passes (null), waiting out each refusal as asked. */
async function rejoin(
  url: string,
  address: string,
  deadline: number,
  figures: Pick<StormFigures, 'http5xx' | 'httpOther' | 'tryAgain' | 'failed'>,
): Promise<number | null> {
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    const outcome = await new Promise<{ resumedAt: number } | { waitMs: number }>((resolve) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, headers: { 'cf-connecting-ip': address } });
      const backoff = () => 250 * 2 ** Math.min(attempt, 5) * (0.5 + Math.random() / 2);
      // Only the first of the events a socket emits counts: a close follows most of them.
      let settled = false;
      const settle = (result: { resumedAt: number } | { waitMs: number }, count?: keyof typeof figures) => {
        if (settled) return;
        settled = true;
        if (count) figures[count] += 1;
        resolve(result);
        socket.terminate();
      };
      socket.once('message', () => settle({ resumedAt: Date.now() }));
      socket.once('unexpected-response', (request, response) => {
        const retryAfter = Number(response.headers['retry-after']);
        response.resume();
        request.destroy();
        settle(
          { waitMs: Number.isFinite(retryAfter) ? retryAfter * 1000 + backoff() : backoff() },
          (response.statusCode ?? 0) >= 500 ? 'http5xx' : 'httpOther',
        );
      });
      socket.once('close', (code, reason) => {
        const retryAfter = retryAfterOfClose(code, reason.toString());
        settle({ waitMs: (retryAfter ?? 0) * 1000 + backoff() }, retryAfter === null ? 'failed' : 'tryAgain');
      });
      socket.on('error', () => settle({ waitMs: backoff() }, 'failed'));
    });
    if ('resumedAt' in outcome) return outcome.resumedAt;
    await sleep(outcome.waitMs);
  }
  return null;
}

function seqOf(data: WebSocket.RawData): number {
  const frame: unknown = JSON.parse(data.toString());
  return typeof frame === 'object' && frame !== null && 'seq' in frame && typeof frame.seq === 'number'
    ? frame.seq
    : -1;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
