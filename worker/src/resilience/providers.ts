/**
 * The resilience policies runTurn applies to each provider, built on
 * cockatiel: a first-token and a stalled-stream timeout around every read of
 * a stream, bounded retries with exponential backoff and jitter that honour
 * Retry-After (only while no token has been streamed), and one circuit
 * breaker per provider that opens after consecutive failures, half-opens
 * after a pause to let one trial call through, and closes when it succeeds.
 * A refused request (`bad-request`) is the request's fault and counts for
 * nothing, until the provider refuses call after call for the very same
 * reason (an API version that rejects a parameter we always send): from the
 * second identical refusal on, each counts as the provider's failure.
 */
import {
  BrokenCircuitError,
  CircuitState as BreakerState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { ProviderError, type ProviderErrorKind, type ProviderId, type StreamEvent } from '../providers/types.ts';

/** The knobs of every policy; tests shrink the durations. */
export interface ResilienceOptions {
  /** Milliseconds from the start of an attempt to its first token. */
  firstTokenTimeoutMs: number;
  /** Milliseconds between two events of a started stream. */
  stallTimeoutMs: number;
  /** Extra attempts on the same provider, only while nothing was streamed. */
  retries: number;
  /** First backoff delay; later ones grow exponentially, with jitter. */
  retryBaseDelayMs: number;
  /** The longest wait before a retry; a Retry-After longer than this sends the turn to the next provider instead. */
  retryMaxDelayMs: number;
  /** Consecutive failed attempts that open a provider's circuit. */
  breakerThreshold: number;
  /** Milliseconds an open circuit waits before it lets one trial call through. */
  halfOpenAfterMs: number;
}

/** Production defaults: patient enough for a slow model, quick to move on from a dead one. */
export const DEFAULT_RESILIENCE: ResilienceOptions = {
  firstTokenTimeoutMs: 20_000,
  stallTimeoutMs: 15_000,
  retries: 2,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 8_000,
  breakerThreshold: 3,
  halfOpenAfterMs: 30_000,
};

/** The states of a provider's circuit as the API shows them. */
export const CIRCUIT_STATES = ['closed', 'open', 'half-open'] as const;

/** A provider's circuit as the API shows it; `half-open` once an open circuit would let a trial call through. */
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** Failures worth another attempt on the same provider. */
const RETRYABLE: readonly ProviderErrorKind[] = ['rate-limit', 'server', 'network', 'first-token-timeout'];

/** Failures that say nothing about the provider's health: they never open its circuit. */
const NOT_THE_PROVIDERS_FAULT: readonly ProviderErrorKind[] = ['aborted', 'circuit-open'];

/** Identical refusals in a row from which each counts against the provider. */
export const REPEATED_REFUSALS = 2;

/** The circuit breakers of one registry, one per provider, kept across turns. */
export interface Circuits {
  state(provider: ProviderId): CircuitState;
  /** The kind of the failure that last opened the provider's circuit, while it is not closed. */
  openedBy(provider: ProviderId): ProviderErrorKind | null;
  /** Runs `call` through the provider's breaker; throws a `circuit-open` ProviderError, without calling, while it is open. */
  run<T>(provider: ProviderId, call: () => Promise<T>): Promise<T>;
}

interface Breaker {
  policy: CircuitBreakerPolicy;
  openedAt: number;
  openedBy: ProviderErrorKind | null;
}

/** One breaker per provider, created on first use. */
export function createCircuits(options: ResilienceOptions): Circuits {
  const breakers = new Map<ProviderId, Breaker>();
  // The last refusal of each provider and how many times in a row it came.
  const refusals = new Map<ProviderId, { reason: string; count: number }>();
  const countsAgainst = (provider: ProviderId, error: unknown) => {
    const failure = failureOf(error);
    const kind = failure?.kind ?? 'network';
    if (kind !== 'bad-request') {
      // Any other outcome breaks a run of refusals.
      refusals.delete(provider);
      return !NOT_THE_PROVIDERS_FAULT.includes(kind);
    }
    const reason = `${failure?.status ?? ''} ${failure?.message ?? ''}`;
    const last = refusals.get(provider);
    const count = last?.reason === reason ? last.count + 1 : 1;
    refusals.set(provider, { reason, count });
    return count >= REPEATED_REFUSALS;
  };
  const breakerOf = (provider: ProviderId) => {
    let entry = breakers.get(provider);
    if (!entry) {
      const policy = circuitBreaker(
        handleWhen((error) => countsAgainst(provider, error)),
        { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
      );
      const created: Breaker = { policy, openedAt: 0, openedBy: null };
      policy.onBreak((reason) => {
        created.openedAt = Date.now();
        created.openedBy = 'error' in reason ? (failureOf(reason.error)?.kind ?? 'network') : null;
      });
      breakers.set(provider, created);
      entry = created;
    }
    return entry;
  };
  return {
    state(provider) {
      const entry = breakers.get(provider);
      if (!entry || entry.policy.state === BreakerState.Closed) return 'closed';
      if (entry.policy.state === BreakerState.HalfOpen) return 'half-open';
      return Date.now() - entry.openedAt >= options.halfOpenAfterMs ? 'half-open' : 'open';
    },
    openedBy(provider) {
      return this.state(provider) === 'closed' ? null : (breakers.get(provider)?.openedBy ?? null);
    },
    async run(provider, call) {
      try {
        const result = await breakerOf(provider).policy.execute(call);
        refusals.delete(provider);
        return result;
      } catch (error) {
        if (error instanceof BrokenCircuitError)
          throw new ProviderError(
            provider,
            'circuit-open',
            `The ${provider} circuit is open after repeated failures.`,
            { cause: error },
          );
        throw error;
      }
    },
  };
}

/** Marks a failure that happened after tokens were streamed: it goes to the next provider, never to a retry. */
export class StreamedFailure extends Error {
  readonly failure: ProviderError;

  constructor(failure: ProviderError) {
    super(failure.message, { cause: failure });
    this.name = 'StreamedFailure';
    this.failure = failure;
  }
}

/** Retries a provider's attempts before any token, with exponential backoff and jitter, waiting at least a 429's Retry-After. */
export function createRetryPolicy(options: ResilienceOptions): RetryPolicy {
  const retryable = (error: unknown) =>
    error instanceof ProviderError &&
    RETRYABLE.includes(error.kind) &&
    (error.retryAfterMs ?? 0) <= options.retryMaxDelayMs;
  const backoff = new ExponentialBackoff({ initialDelay: options.retryBaseDelayMs, maxDelay: options.retryMaxDelayMs });
  return retry(handleWhen(retryable), { maxAttempts: options.retries, backoff: honourRetryAfter(backoff) });
}

type RetryContext = IRetryBackoffContext<unknown>;

/** Wraps a backoff so each delay is at least the Retry-After of the failure it follows. */
function honourRetryAfter(inner: IBackoffFactory<RetryContext>): IBackoffFactory<RetryContext> {
  return {
    next(context) {
      const backoff = inner.next(context);
      const failure = 'error' in context.result ? context.result.error : undefined;
      const retryAfter = failure instanceof ProviderError ? (failure.retryAfterMs ?? 0) : 0;
      return { duration: Math.max(backoff.duration, retryAfter), next: honourRetryAfter(backoff).next };
    },
  };
}

/**
 * The events of `open(signal)`, failing with `first-token-timeout` when the
 * first event takes longer than firstTokenTimeoutMs from the start, or
 * `stalled` when a later one takes longer than stallTimeoutMs. On a timeout
 * the underlying request is aborted so its connection closes.
 */
export async function* withStreamTimeouts(
  provider: ProviderId,
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  options: Pick<ResilienceOptions, 'firstTokenTimeoutMs' | 'stallTimeoutMs'>,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const timedOut = new AbortController();
  const iterator = open(AbortSignal.any([signal, timedOut.signal]))[Symbol.asyncIterator]();
  const started = Date.now();
  let streamed = false;
  let finished = false;
  try {
    for (;;) {
      const budget = streamed
        ? options.stallTimeoutMs
        : Math.max(1, options.firstTokenTimeoutMs - (Date.now() - started));
      let next: IteratorResult<StreamEvent>;
      try {
        next = await timeout(budget, TimeoutStrategy.Aggressive).execute(() => iterator.next());
      } catch (error) {
        if (!(error instanceof TaskCancelledError) || signal.aborted) throw error;
        throw streamed
          ? new ProviderError(
              provider,
              'stalled',
              `${provider} sent nothing for ${options.stallTimeoutMs} ms mid-stream.`,
            )
          : new ProviderError(
              provider,
              'first-token-timeout',
              `${provider} sent no token within ${options.firstTokenTimeoutMs} ms.`,
            );
      }
      if (next.done) {
        finished = true;
        return;
      }
      streamed = true;
      yield next.value;
    }
  } finally {
    if (!finished) {
      // A timeout, or a consumer that stopped early: abort the request so its
      // connection closes; the pending read then rejects and the generator ends.
      timedOut.abort();
      void iterator.return?.()?.catch(() => {});
    }
  }
}

/** The ProviderError behind a failure, unwrapping StreamedFailure. */
export function failureOf(error: unknown): ProviderError | undefined {
  if (error instanceof StreamedFailure) return error.failure;
  return error instanceof ProviderError ? error : undefined;
}
