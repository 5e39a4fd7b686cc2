/**
 * Coalesces a stream of small text deltas into chunks at most one per
 * interval: the first delta after a quiet interval goes out at once, later
 * ones wait for the interval to pass. One coalescer serves a whole room, so
 * every viewer receives the same frames. Also used by the benchmark's plain
 * Node server, so both do the same work.
 */

/** A chunk ready to send: its text and when its first character was emitted. */
export interface Chunk {
  text: string;
  emittedAt: number;
}

export class DeltaCoalescer {
  readonly #intervalMs: number;
  readonly #emit: (chunk: Chunk) => void;
  readonly #now: () => number;
  #text = '';
  #emittedAt = 0;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `emit` receives each chunk; `now` is the clock (Date.now). */
  constructor(intervalMs: number, emit: (chunk: Chunk) => void, now: () => number = Date.now) {
    this.#intervalMs = intervalMs;
    this.#emit = emit;
    this.#now = now;
  }

  /** Adds text emitted at `emittedAt`; emits now or arms the timer. */
  push(text: string, emittedAt: number = this.#now()): void {
    if (text.length === 0) return;
    if (this.#text.length === 0) this.#emittedAt = emittedAt;
    this.#text += text;
    if (this.#timer !== undefined) return;
    const wait = this.#lastFlushAt + this.#intervalMs - this.#now();
    if (wait <= 0) this.flush();
    else this.#timer = setTimeout(() => this.flush(), wait);
  }

  /** Emits whatever is buffered now (at the end of a message). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#text.length === 0) return;
    const chunk = { text: this.#text, emittedAt: this.#emittedAt };
    this.#text = '';
    this.#lastFlushAt = this.#now();
    this.#emit(chunk);
  }

  /** Drops buffered text without emitting it (its provider attempt failed). */
  discard(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#text = '';
  }
}
