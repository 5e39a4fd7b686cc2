/**
 * runTurn: one persona's turn along a chain of providers. Each attempt streams
 * through `onEvent`; a failure before or during the stream moves on to the
 * next provider, so the turn completes while any provider in the chain works.
 * Every attempt leaves a call record.
 */
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
  /** Called once per attempt, successful or not. */
  onCall?(record: ProviderCallRecord): void;
}

/** Looks a provider up; undefined when it is not configured. */
export type ProviderLookup = (id: ProviderId) => ChatProvider | undefined;

/** Runs the turn; throws the last ProviderError when every provider failed, or an `aborted` one when cancelled. */
export async function runTurn(lookup: ProviderLookup, options: TurnOptions): Promise<TurnResult> {
  const fallbacks: TurnResult['fallbacks'] = [];
  let lastError: ProviderError | undefined;
  let attempt = 0;
  for (const choice of options.chain) {
    const provider = lookup(choice.provider);
    if (!provider) continue;
    attempt += 1;
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
      for await (const event of provider.streamChat({ ...options.request, model: choice.model }, options.signal)) {
        if (event.type === 'text-delta') {
          if (event.text.length === 0) continue;
          firstTokenAt ??= Date.now();
          text += event.text;
          options.onEvent(event);
          continue;
        }
        const costUsd = 0;
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
          fallbacks,
        };
      }
      throw new ProviderError(choice.provider, 'malformed', 'The stream ended without a finish.');
    } catch (error) {
      const failure = asProviderError(choice.provider, error, options.signal);
      record({ outcome: failure.kind === 'aborted' ? 'aborted' : 'error', errorClass: failure.kind, inputTokens: 0, outputTokens: 0, costUsd: 0 });
      if (failure.kind === 'aborted') throw failure;
      lastError = failure;
      fallbacks.push({ provider: choice.provider, model: choice.model, kind: failure.kind });
      options.onEvent({ type: 'attempt-failed', provider: choice.provider, model: choice.model, kind: failure.kind, message: failure.message });
    }
  }
  throw lastError ?? new ProviderError('demo', 'bad-request', 'No configured provider in the chain.');
}

function asProviderError(provider: ProviderId, error: unknown, signal: AbortSignal): ProviderError {
  if (signal.aborted) return new ProviderError(provider, 'aborted', 'The turn was cancelled.', { cause: error });
  if (error instanceof ProviderError) return error;
  return new ProviderError(provider, 'network', error instanceof Error ? error.message : String(error), { cause: error });
}
