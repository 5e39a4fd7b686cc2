/**
 * One adapter for every provider that speaks OpenAI's chat completions API
 * (OpenAI, DeepSeek, LM Studio), through the official `openai` SDK. Each
 * provider is a small preset (presets.ts): its base URL, key, headers, how it
 * names the output-token limit, and the room a reasoning model needs on top
 * of it. DeepSeek's reasoner streams its thinking as `reasoning_content`
 * before any `content`: those chunks are `reasoning-delta`s, liveness only.
 */
import OpenAI from 'openai';
import { httpError, malformed, thrownError } from '../errors.ts';
import { estimateRequestTokens, estimateTokens } from '../tokens.ts';
import type { ChatProvider, ChatRequest, FinishReason, ModelInfo, ProviderId, StreamEvent } from '../types.ts';
import { timedHealthCheck } from '../health-check.ts';

/** What distinguishes one OpenAI-compatible provider from another. */
export interface OpenAiCompatibleSettings {
  id: ProviderId;
  label: string;
  /** The API root including its version path, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Local servers take any key; the SDK insists on one. */
  apiKey: string;
  headers?: Record<string, string>;
  /** OpenAI's newer models want `max_completion_tokens`; DeepSeek and LM Studio read `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Tokens a model may think for on top of the reply's budget (its limit counts thinking too); 0 for a model that does not reason. */
  reasoningTokens?: (model: string) => number;
}

/** A provider over the chat completions API. */
export function createOpenAiCompatibleProvider(settings: OpenAiCompatibleSettings): ChatProvider {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    defaultHeaders: settings.headers,
    // runTurn owns retries and timeouts; the SDK's own would hide failures from the breaker.
    maxRetries: 0,
    fetch: (input, init) => fetch(input, init),
  });
  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const models: ModelInfo[] = [];
      for await (const model of client.models.list({ signal })) models.push({ id: model.id });
      return models;
    } catch (error) {
      throw toProviderError(settings.id, error, signal ?? new AbortController().signal);
    }
  };
  return {
    id: settings.id,
    label: settings.label,
    streamChat: (request, signal) => streamChat(client, settings, request, signal),
    listModels,
    healthCheck: (signal) => timedHealthCheck(() => listModels(signal)),
  };
}

async function* streamChat(
  client: OpenAI,
  settings: OpenAiCompatibleSettings,
  request: ChatRequest,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  let text = '';
  let reason: FinishReason | undefined;
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  try {
    const stream = await client.chat.completions.create(
      {
        model: request.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages],
        temperature: request.temperature,
        [settings.maxTokensField]: request.maxOutputTokens + (settings.reasoningTokens?.(request.model) ?? 0),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    for await (const chunk of stream) {
      // With include_usage the last chunk has no choices and carries the usage.
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      // DeepSeek's addition to OpenAI's delta, which the SDK does not type.
      const thinking = choice.delta && 'reasoning_content' in choice.delta ? choice.delta.reasoning_content : undefined;
      if (typeof thinking === 'string' && thinking.length > 0) yield { type: 'reasoning-delta', text: thinking };
      const delta = choice.delta?.content;
      if (typeof delta === 'string' && delta.length > 0) {
        text += delta;
        yield { type: 'text-delta', text: delta };
      }
      if (choice.finish_reason) reason = finishReason(choice.finish_reason);
    }
  } catch (error) {
    throw toProviderError(settings.id, error, signal);
  }
  if (!reason) throw malformed(settings.id, 'a stream that ended without a finish_reason');
  yield {
    type: 'finish',
    reason,
    usage: usage
      ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, estimated: false }
      : { inputTokens: estimateRequestTokens(request), outputTokens: estimateTokens(text), estimated: true },
  };
}

function finishReason(reason: string): FinishReason {
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'content-filter';
  return 'other';
}

function toProviderError(provider: ProviderId, error: unknown, signal: AbortSignal) {
  if (
    error instanceof OpenAI.APIError &&
    !(error instanceof OpenAI.APIConnectionError) &&
    !(error instanceof OpenAI.APIUserAbortError)
  ) {
    // An `error` event inside a stream has no status: the server failed mid-reply.
    return httpError(provider, { status: error.status ?? 500, message: error.message, headers: error.headers }, error);
  }
  return thrownError(provider, error, signal);
}
