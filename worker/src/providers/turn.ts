/**
 * runTurn: one persona's turn along a chain of providers. Each attempt streams
 * through `onEvent` under the resilience policies (resilience.ts): timeouts
 * for the first token and for a stalled stream, bounded retries on the same
 * provider while nothing was streamed, and a circuit breaker per provider
 * that skips a failing one at once. A failure after tokens, or once retries
 * are spent, moves on to the next provider, so the turn completes while any
 * provider in the chain works. Every attempt leaves a call record with its
 * cost.
 */
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
export async function runTurn(lookup: ProviderLookup, options: TurnOptions, policies: TurnPolicies = createTurnPolicies()): Promise<TurnResult> {
  const fallbacks: TurnResult['fallbacks'] = [];
  const retryPolicy = createRetryPolicy(policies.resilience);
  let lastError: ProviderError | undefined;
  let attempt = 0;
  for (const choice of options.chain) {
    const provider = lookup(choice.provider);
    if (!provider) continue;
    let attemptFailure: ProviderError | undefined;
    const tryOnce = async () => {
      attempt += 1;
      try {
        return await attemptOnce(provider, choice, attempt, options, policies);
      } catch (error) {
        attemptFailure = failureOf(error);
        throw error;
      }
    };
    try {
      const result = await retryPolicy.execute(() => policies.circuits.run(choice.provider, tryOnce));
      return { ...result, fallbacks };
    } catch (error) {
      const failure = failureOf(error) ?? new ProviderError(choice.provider, 'network', String(error), { cause: error });
      if (failure.kind === 'circuit-open') reportSkip(choice, (attempt += 1), failure, options);
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
  attempt: number,
  options: TurnOptions,
  policies: TurnPolicies,
): Promise<Omit<TurnResult, 'fallbacks'>> {
  options.onEvent({ type: 'attempt-start', provider: choice.provider, model: choice.model, attempt });
  const startedAt = new Date();
  let firstTokenAt: number | undefined;
  const record = (fields: Pick<ProviderCallRecord, 'outcome' | 'errorClass' | 'inputTokens' | 'outputTokens' | 'costUsd'>) =>
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
  try {
    if (options.signal.aborted) throw new ProviderError(choice.provider, 'aborted', 'The turn was cancelled.');
    const request = { ...options.request, model: choice.model };
    const stream = withStreamTimeouts(choice.provider, (signal) => provider.streamChat(request, signal), policies.resilience, options.signal);
    for await (const event of stream) {
      if (event.type === 'text-delta') {
        if (event.text.length === 0) continue;
        firstTokenAt ??= Date.now();
        text += event.text;
        options.onEvent(event);
        continue;
      }
      const costUsd = costOf(choice.provider, choice.model, event.usage);
      record({ outcome: 'ok', errorClass: null, inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens, costUsd });
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
    record({ outcome: failure.kind === 'aborted' ? 'aborted' : 'error', errorClass: failure.kind, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    if (failure.kind !== 'aborted') {
      options.onEvent({ type: 'attempt-failed', provider: choice.provider, model: choice.model, kind: failure.kind, message: failure.message });
    }
    // Once tokens reached the viewers, a retry would repeat them: only the next provider may take over.
    throw firstTokenAt === undefined ? failure : new StreamedFailure(failure);
  }
}

/** An open circuit skips its provider at once; the skip is still an attempt the room and the call log see. */
function reportSkip(choice: ProviderChoice, attempt: number, failure: ProviderError, options: TurnOptions) {
  options.onEvent({ type: 'attempt-start', provider: choice.provider, model: choice.model, attempt });
  options.onEvent({ type: 'attempt-failed', provider: choice.provider, model: choice.model, kind: failure.kind, message: failure.message });
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

function asProviderError(provider: ProviderId, error: unknown, signal: AbortSignal): ProviderError {
  if (signal.aborted) return new ProviderError(provider, 'aborted', 'The turn was cancelled.', { cause: error });
  if (error instanceof ProviderError) return error;
  return new ProviderError(provider, 'network', error instanceof Error ? error.message : String(error), { cause: error });
}
