/**
 * runTurn: one persona's turn along a chain of providers. Each attempt streams
 * through `onEvent` under the resilience policies (resilience.ts): timeouts
 * for the first token and for a stalled stream, bounded retries on the same
 * provider while nothing was streamed, and a circuit breaker per provider
 * that skips a failing one at once. A failure after tokens, or once retries
 * are spent, moves on to the next provider, so the turn completes while any
 * provider in the chain works. Every attempt leaves a call record with its
 * cost. Reply text passes the text rule (text-schema.ts) on its way in, and
 * an empty or whitespace-only reply is a failed attempt like any other.
 */
import { stripForbiddenText } from '../text-schema.ts';
import { costOf } from './pricing.ts';
import {
  createCircuits,
  createRetryPolicy,
  DEFAULT_RESILIENCE,
  failureOf,
  StreamedFailure,
  withStreamTimeouts,
  type Circuits,
  type ResilienceOptions,
} from '../resilience/index.ts';
import {
  ProviderError,
  type ChatProvider,
  type ChatRequest,
  type ProviderCallRecord,
  type ProviderChoice,
  type ProviderId,
  type TurnEvent,
  type TurnResult,
} from './types.ts';

/** What a turn needs. */
export interface TurnOptions {
  /** Providers to try in order: the persona's own first, then its fallbacks. */
  chain: ProviderChoice[];
  request: Omit<ChatRequest, 'model'>;
  conversationId: string | null;
  /** Aborting cancels the turn; no fallback is tried after. */
  signal: AbortSignal;
  onEvent(event: TurnEvent): void;
  /** Called once per attempt (each retry, each fallback, each skip of an open circuit), successful or not. */
  onCall?(record: ProviderCallRecord): void;
}

/** Looks a provider up; undefined when it is not configured. */
export type ProviderLookup = (id: ProviderId) => ChatProvider | undefined;

/** The policies a turn runs under; the registry keeps one set so breakers outlive a turn. */
export interface TurnPolicies {
  resilience: ResilienceOptions;
  circuits: Circuits;
}

/** Fresh policies: default options, every circuit closed. */
export function createTurnPolicies(overrides: Partial<ResilienceOptions> = {}): TurnPolicies {
  const resilience = { ...DEFAULT_RESILIENCE, ...overrides };
  return { resilience, circuits: createCircuits(resilience) };
}

/** Runs the turn; throws the last ProviderError when every provider failed, or an `aborted` one when cancelled. */
export async function runTurn(
  lookup: ProviderLookup,
  options: TurnOptions,
  policies: TurnPolicies = createTurnPolicies(),
): Promise<TurnResult> {
  const fallbacks: TurnResult['fallbacks'] = [];
  const retryPolicy = createRetryPolicy(policies.resilience);
  let lastError: ProviderError | undefined;
  let attempt = 0;
  for (const choice of options.chain) {
    const provider = lookup(choice.provider);
    if (!provider) continue;
    let attemptFailure: ProviderError | undefined;
    const firstAttempt = attempt + 1;
    const tryOnce = async () => {
      attempt += 1;
      try {
        return await attemptOnce(provider, choice, { attempt, retry: attempt > firstAttempt }, options, policies);
      } catch (error) {
        attemptFailure = failureOf(error);
        throw error;
      }
    };
    try {
      const result = await retryPolicy.execute(() => policies.circuits.run(choice.provider, tryOnce));
      return { ...result, fallbacks };
    } catch (error) {
      const failure =
        failureOf(error) ?? new ProviderError(choice.provider, 'network', String(error), { cause: error });
      if (failure.kind === 'circuit-open') {
        attempt += 1;
        reportSkip(choice, attempt, failure, options);
      }
      if (failure.kind === 'aborted') throw failure;
      // A circuit that opened during this turn's retries: the failure that opened it says more.
      lastError = attemptFailure ?? failure;
      fallbacks.push({ provider: choice.provider, model: choice.model, kind: lastError.kind });
    }
  }
  throw lastError ?? new ProviderError('demo', 'bad-request', 'No configured provider in the chain.');
}

/** One call to one provider: streams its deltas to `onEvent`, records the call, and returns the turn or throws. */
async function attemptOnce(
  provider: ChatProvider,
  choice: ProviderChoice,
  { attempt, retry }: { attempt: number; retry: boolean },
  options: TurnOptions,
  policies: TurnPolicies,
): Promise<Omit<TurnResult, 'fallbacks'>> {
  options.onEvent({ type: 'attempt-start', provider: choice.provider, model: choice.model, attempt, retry });
  const startedAt = new Date();
  let firstTokenAt: number | undefined;
  const record = (
    fields: Pick<ProviderCallRecord, 'outcome' | 'errorClass' | 'inputTokens' | 'outputTokens' | 'costUsd'>,
  ) =>
    options.onCall?.({
      conversationId: options.conversationId,
      provider: choice.provider,
      model: choice.model,
      startedAt: startedAt.toISOString(),
      timeToFirstTokenMs: firstTokenAt === undefined ? null : firstTokenAt - startedAt.getTime(),
      durationMs: Date.now() - startedAt.getTime(),
      ...fields,
    });
  let text = '';
  let recorded = false;
  const clean = replyCleaner();
  try {
    if (options.signal.aborted) throw new ProviderError(choice.provider, 'aborted', 'The turn was cancelled.');
    const request = { ...options.request, model: choice.model };
    const stream = withStreamTimeouts(
      choice.provider,
      (signal) => provider.streamChat(request, signal),
      policies.resilience,
      options.signal,
    );
    for await (const event of stream) {
      // Reasoning only kept the stream alive (withStreamTimeouts saw it): it is not the reply.
      if (event.type === 'reasoning-delta') continue;
      if (event.type === 'text-delta') {
        const delta = clean(event.text);
        if (delta.length === 0) continue;
        firstTokenAt ??= Date.now();
        text += delta;
        options.onEvent({ type: 'text-delta', text: delta });
        continue;
      }
      const costUsd = costOf(choice.provider, choice.model, event.usage);
      const tokens = { inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens, costUsd };
      if (text.trim().length === 0) {
        // Billed all the same (thinking tokens cost): the call log keeps the cost, the room gets no blank message.
        record({ outcome: 'error', errorClass: 'empty', ...tokens });
        recorded = true;
        throw new ProviderError(
          choice.provider,
          'empty',
          `${choice.provider} sent an empty reply (finish: ${event.reason}).`,
        );
      }
      record({ outcome: 'ok', errorClass: null, ...tokens });
      const finishedAt = Date.now();
      return {
        text,
        provider: choice.provider,
        model: choice.model,
        usage: event.usage,
        costUsd,
        finishReason: event.reason,
        latencyMs: finishedAt - startedAt.getTime(),
        timeToFirstTokenMs: (firstTokenAt ?? finishedAt) - startedAt.getTime(),
      };
    }
    throw new ProviderError(choice.provider, 'malformed', 'The stream ended without a finish.');
  } catch (error) {
    const failure = asProviderError(choice.provider, error, options.signal);
    if (!recorded)
      record({
        outcome: failure.kind === 'aborted' ? 'aborted' : 'error',
        errorClass: failure.kind,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
      });
    if (failure.kind !== 'aborted') options.onEvent(attemptFailed(choice, failure));
    // Once tokens reached the viewers, a retry would repeat them: only the next provider may take over.
    throw firstTokenAt === undefined ? failure : new StreamedFailure(failure);
  }
}

/** The event of an attempt that failed with `failure`. */
function attemptFailed(choice: ProviderChoice, failure: ProviderError): TurnEvent {
  return {
    type: 'attempt-failed',
    provider: choice.provider,
    model: choice.model,
    kind: failure.kind,
    message: failure.message,
  };
}

/** An open circuit skips its provider at once; the skip is still an attempt the room and the call log see. */
function reportSkip(choice: ProviderChoice, attempt: number, failure: ProviderError, options: TurnOptions) {
  options.onEvent({ type: 'attempt-start', provider: choice.provider, model: choice.model, attempt, retry: false });
  options.onEvent(attemptFailed(choice, failure));
  options.onCall?.({
    conversationId: options.conversationId,
    provider: choice.provider,
    model: choice.model,
    startedAt: new Date().toISOString(),
    timeToFirstTokenMs: null,
    durationMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    outcome: 'error',
    errorClass: 'circuit-open',
  });
}

/**
 * The text rule applied to a stream of deltas: forbidden characters are
 * dropped, and a high surrogate ending a delta waits for its pair in the next
 * (a lone one never reaches the reply).
 */
function replyCleaner(): (delta: string) => string {
  let held = '';
  return (delta) => {
    let joined = held + delta;
    held = '';
    const last = joined.charCodeAt(joined.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      held = joined.slice(-1);
      joined = joined.slice(0, -1);
    }
    return stripForbiddenText(joined);
  };
}

function asProviderError(provider: ProviderId, error: unknown, signal: AbortSignal): ProviderError {
  if (signal.aborted) return new ProviderError(provider, 'aborted', 'The turn was cancelled.', { cause: error });
  if (error instanceof ProviderError) return error;
  return new ProviderError(provider, 'network', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
