/**
 * Anthropic through `@anthropic-ai/sdk`: the Messages API's streaming events
 * (message_start carries input tokens, content_block_delta the text,
 * message_delta the stop reason and output tokens, message_stop the end).
 * The SDK sends API version 2026-10-21, which refuses `temperature`, `top_p`
 * and `top_k` (even at their defaults): none is sent, and the persona's
 * temperature becomes one line of the system prompt instead.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import { httpError, malformed, thrownError } from '../errors.ts';
import { timedHealthCheck } from '../health-check.ts';
import type { ChatProvider, ChatRequest, FinishReason, ModelInfo, StreamEvent } from '../types.ts';

/** Where Anthropic is and with which key. */
export interface AnthropicSettings {
  /** The host root, e.g. https://api.anthropic.com (the SDK adds /v1). */
  baseUrl: string;
  apiKey: string;
}

/** At or below this temperature a persona asks for precise wording; at or above CREATIVE, for inventive wording. */
const PRECISE = 0.4;
const CREATIVE = 0.8;

/**
 * The persona's temperature as an instruction, since this API version takes
 * no sampling parameter: a line for a low or a high one, nothing in between.
 */
export function temperatureHint(temperature: number): string | undefined {
  if (temperature <= PRECISE) return 'Keep your wording precise, literal and predictable.';
  if (temperature >= CREATIVE) return 'Let your wording be loose, surprising and inventive.';
  return undefined;
}

/** The Anthropic provider. */
export function createAnthropicProvider(settings: AnthropicSettings): ChatProvider {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    maxRetries: 0,
    fetch: (input, init) => fetch(input, init),
  });
  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const models: ModelInfo[] = [];
      for await (const model of client.models.list({}, { signal })) models.push({ id: model.id });
      return models;
    } catch (error) {
      throw toProviderError(error, signal ?? new AbortController().signal);
    }
  };
  return {
    id: 'anthropic',
    label: 'Anthropic',
    streamChat: (request, signal) => streamChat(client, request, signal),
    listModels,
    healthCheck: (signal) => timedHealthCheck(() => listModels(signal)),
  };
}

async function* streamChat(client: Anthropic, request: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let reason: FinishReason | undefined;
  let stopped = false;
  try {
    const hint = temperatureHint(request.temperature);
    const body: MessageCreateParamsStreaming = {
      model: request.model,
      system: hint ? `${request.system}\n\n${hint}` : request.system,
      messages: request.messages,
      max_tokens: request.maxOutputTokens,
      stream: true,
    };
    const stream = await client.messages.create(body, { signal });
    for await (const event of stream) {
      if (event.type === 'message_start') {
        inputTokens = event.message.usage.input_tokens;
        outputTokens = event.message.usage.output_tokens;
      } else if (
        event.type === 'content_block_delta' &&
        event.delta.type === 'text_delta' &&
        event.delta.text.length > 0
      ) {
        yield { type: 'text-delta', text: event.delta.text };
      } else if (event.type === 'content_block_delta' && event.delta.type === 'thinking_delta') {
        // A thinking model thinks first: liveness for the first-token timeout, never shown.
        yield { type: 'reasoning-delta', text: event.delta.thinking };
      } else if (event.type === 'message_delta') {
        outputTokens = event.usage.output_tokens;
        inputTokens = event.usage.input_tokens ?? inputTokens;
        if (event.delta.stop_reason) reason = finishReason(event.delta.stop_reason);
      } else if (event.type === 'message_stop') {
        stopped = true;
      }
    }
  } catch (error) {
    throw toProviderError(error, signal);
  }
  if (!stopped || !reason || inputTokens === undefined || outputTokens === undefined) {
    throw malformed('anthropic', 'a stream without message_start, a stop_reason and message_stop');
  }
  yield { type: 'finish', reason, usage: { inputTokens, outputTokens, estimated: false } };
}

function finishReason(reason: string): FinishReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'content-filter';
  return 'other';
}

function toProviderError(error: unknown, signal: AbortSignal) {
  if (
    error instanceof Anthropic.APIError &&
    !(error instanceof Anthropic.APIConnectionError) &&
    !(error instanceof Anthropic.APIUserAbortError)
  ) {
    // An `error` event inside the stream (e.g. overloaded_error) has no status: a server failure.
    return httpError(
      'anthropic',
      { status: error.status ?? 500, message: error.message, headers: error.headers },
      error,
    );
  }
  return thrownError('anthropic', error, signal);
}
