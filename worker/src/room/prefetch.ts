/**
 * The next turn's reply, started during the reading pause so that its first
 * tokens are ready when the typing ends (issue 13.5). At most one call ahead.
 * Until its turn takes it, the call's events and call records are held; the
 * turn then gets the held text at a natural pace, then the rest live. When
 * the context changes first (an interjection, a control, the call falling
 * back to another provider, or the turn asking for another request) it is
 * discarded: aborted, its call records kept with outcome `prefetched` and
 * never counted as the turn's cost.
 */
import type { ProviderCallRecord, TurnEvent } from '../providers/types.ts';
import type { Reply } from './reply-source.ts';
import type { ReplyRequest } from './speaker-turn.ts';

/** Why a prefetched call was thrown away. */
export type DiscardReason = 'interjection' | 'control' | 'fallback' | 'context-changed' | 'replanned';

/** What starting a prefetch needs. */
export interface PrefetchOptions {
  /** The message id of the planned turn it is for. */
  messageId: string;
  request: ReplyRequest['request'];
  /** Starts the call (the reply cache or the provider chain), with the prefetch's own signal and sinks. */
  start(request: Pick<ReplyRequest, 'request' | 'signal' | 'onEvent' | 'onCall'>): Promise<Reply>;
  /** Milliseconds between held deltas when the turn takes them (ROOM_TIMING_SCALE applied). */
  paceMs: number;
  /** Called once the discarded call has settled, with its records marked `prefetched`. */
  onDiscard(reason: DiscardReason, calls: ProviderCallRecord[]): void;
}

export class Prefetch {
  readonly messageId: string;
  readonly #key: string;
  readonly #controller = new AbortController();
  readonly #events: TurnEvent[] = [];
  readonly #calls: ProviderCallRecord[] = [];
  readonly #result: Promise<Reply>;
  readonly #options: PrefetchOptions;
  #state: 'running' | 'taken' | 'discarded' = 'running';
  #onEvent: ((event: TurnEvent) => void) | null = null;
  #onCall: ((record: ProviderCallRecord) => void) | null = null;

  constructor(options: PrefetchOptions) {
    this.messageId = options.messageId;
    this.#options = options;
    this.#key = JSON.stringify(options.request);
    this.#result = options.start({
      request: options.request,
      signal: this.#controller.signal,
      onEvent: (event) => {
        if (this.#state === 'running' && event.type === 'attempt-failed') return this.discard('fallback');
        if (this.#onEvent) this.#onEvent(event);
        else this.#events.push(event);
      },
      onCall: (record) => {
        if (this.#onCall) this.#onCall(record);
        else this.#calls.push(record);
      },
    });
    // Settled here too, so a discarded call's rejection is never unhandled.
    this.#result.catch(() => {});
  }

  /** True while it can still be taken by the turn `messageId` asking for exactly `request`. */
  fits(messageId: string, request: ReplyRequest['request']): boolean {
    return this.#state === 'running' && messageId === this.messageId && JSON.stringify(request) === this.#key;
  }

  /** Hands the call to its turn: held records and events first (the text at a natural pace), then live. */
  async take(turn: ReplyRequest): Promise<Reply> {
    this.#state = 'taken';
    if (turn.signal.aborted) this.#controller.abort();
    else turn.signal.addEventListener('abort', () => this.#controller.abort(), { once: true });
    for (const record of this.#calls.splice(0)) turn.onCall(record);
    this.#onCall = turn.onCall;
    for (let index = 0; index < this.#events.length; index++) {
      const event = this.#events[index]!;
      turn.onEvent(event);
      if (event.type === 'text-delta' && this.#options.paceMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.#options.paceMs));
    }
    this.#onEvent = turn.onEvent;
    return this.#result;
  }

  /** Aborts the call unless its turn took it; its records reach `onDiscard` once it has settled. */
  discard(reason: DiscardReason): void {
    if (this.#state !== 'running') return;
    this.#state = 'discarded';
    this.#controller.abort();
    void this.#result
      .catch(() => null)
      .then(() =>
        this.#options.onDiscard(
          reason,
          this.#calls.splice(0).map((record) => ({ ...record, outcome: 'prefetched' })),
        ),
      );
  }
}
