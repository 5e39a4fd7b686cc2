/**
 * Holds back a kind of audience frame to at most one per interval per room
 * (contract/audience.ts AUDIENCE_FRAMES_PER_SECOND), whatever the audience
 * does: callers mark what changed (a message's reactions, the vote's tally),
 * and each tick sends the frame of the key marked longest ago, with its
 * state as of the send. A quiet room's first change goes out at once.
 */
import { AUDIENCE_FRAMES_PER_SECOND } from '../contract/index.ts';

/** Milliseconds between two frames of one throttle. */
export const AUDIENCE_FRAME_INTERVAL_MS = 1000 / AUDIENCE_FRAMES_PER_SECOND;

export class FrameThrottle<K> {
  readonly #send: (key: K) => void;
  readonly #now: () => number;
  readonly #intervalMs: number;
  /** Keys changed since their last frame, in the order first marked (a Set keeps insertion order). */
  readonly #dirty = new Set<K>();
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` builds and broadcasts the frame of one key; `now` is the clock. */
  constructor(send: (key: K) => void, now: () => number = Date.now, intervalMs = AUDIENCE_FRAME_INTERVAL_MS) {
    this.#send = send;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** `key` changed: its frame goes out at the next free tick. */
  mark(key: K): void {
    this.#dirty.add(key);
    this.#arm();
  }

  /** Keys still waiting for their frame. */
  pending(): number {
    return this.#dirty.size;
  }

  /** Forgets `key` without sending it (its vote closed, its frame is superseded). */
  drop(key: K): void {
    this.#dirty.delete(key);
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#dirty.size === 0) return;
    const wait = Math.max(0, this.#lastSentAt + this.#intervalMs - this.#now());
    this.#timer = setTimeout(() => this.#tick(), wait);
  }

  #tick(): void {
    this.#timer = undefined;
    const [key] = this.#dirty;
    if (key === undefined) return;
    this.#dirty.delete(key);
    this.#lastSentAt = this.#now();
    this.#send(key);
    this.#arm();
  }
}
