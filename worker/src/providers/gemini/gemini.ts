/**
 * Gemini through Google's `@google/genai` SDK (the maintained successor of
 * `@google/generative-ai`): `generateContentStream`, i.e.
 * `:streamGenerateContent?alt=sse`, whose chunks carry text and, at the end,
 * usageMetadata and a finishReason.
 */
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { z } from 'zod';
import { httpError, malformed, thrownError } from '../errors.ts';
import { timedHealthCheck } from '../health-check.ts';
import type { ChatProvider, ChatRequest, FinishReason, ModelInfo, StreamEvent } from '../types.ts';

/** Where Gemini is and with which key. */
export interface GeminiSettings {
  /** The host root, e.g. https://generativelanguage.googleapis.com (the SDK adds /v1beta). */
  baseUrl: string;
  apiKey: string;
}

/** The Gemini provider. */
export function createGeminiProvider(settings: GeminiSettings): ChatProvider {
  const client = new GoogleGenAI({
    apiKey: settings.apiKey,
    // No retryOptions: the SDK then makes one attempt, and runTurn owns retries.
    // apiVersion: SDK 3 defaults to v1; the requests this provider sends stay on v1beta, as before.
    httpOptions: { baseUrl: settings.baseUrl, apiVersion: 'v1beta', fetch: (input, init) => fetch(input, init) },
  });
  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    try {
      const models: ModelInfo[] = [];
      const pager = await client.models.list({ config: { abortSignal: signal } });
      for await (const model of pager) {
        // Embedding and other non-chat models cannot generateContent.
        const chats = !model.supportedActions || model.supportedActions.includes('generateContent');
        if (model.name && chats)
          models.push({ id: model.name.replace(/^models\//, ''), contextWindow: model.inputTokenLimit });
      }
      return models;
    } catch (error) {
      throw toProviderError(error, signal ?? new AbortController().signal);
    }
  };
  return {
    id: 'gemini',
    label: 'Google Gemini',
    streamChat: (request, signal) => streamChat(client, request, signal),
    listModels,
    healthCheck: (signal) => timedHealthCheck(() => listModels(signal)),
  };
}

async function* streamChat(
  client: GoogleGenAI,
  request: ChatRequest,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  let last: GenerateContentResponse | undefined;
  let reason: FinishReason | undefined;
  try {
    const stream = await client.models.generateContentStream({
      model: request.model,
      contents: request.messages.map((message) => ({
        role: message.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: message.content }],
      })),
      config: {
        systemInstruction: request.system,
        temperature: request.temperature,
        maxOutputTokens: request.maxOutputTokens,
        abortSignal: signal,
      },
    });
    for await (const chunk of stream) {
      last = chunk;
      const candidate = chunk.candidates?.[0];
      const parts = candidate?.content?.parts ?? [];
      // Thought parts (a thinking model's reasoning) keep the stream alive but are not the reply.
      const thought = parts.map((part) => (part.thought ? (part.text ?? '') : '')).join('');
      if (thought.length > 0) yield { type: 'reasoning-delta', text: thought };
      const text = parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
      if (text.length > 0) yield { type: 'text-delta', text };
      if (candidate?.finishReason) reason = finishReason(candidate.finishReason);
    }
  } catch (error) {
    throw toProviderError(error, signal);
  }
  const usage = last?.usageMetadata;
  if (!reason || usage?.promptTokenCount === undefined)
    throw malformed('gemini', 'a stream without a finishReason and usageMetadata');
  yield {
    type: 'finish',
    reason,
    // Thinking models bill their thoughts as output tokens.
    usage: {
      inputTokens: usage.promptTokenCount,
      outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
      estimated: false,
    },
  };
}

function finishReason(reason: string): FinishReason {
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(reason))
    return 'content-filter';
  return 'other';
}

function toProviderError(error: unknown, signal: AbortSignal) {
  if (error instanceof ApiError && !signal.aborted) {
    return httpError(
      'gemini',
      {
        status: error.status,
        message: error.message,
        retryAfterMs: retryDelayOf(error.message),
        kind: kindOfBody(error.message),
      },
      error,
    );
  }
  return thrownError('gemini', error, signal);
}

/** The error body of a Google API, as far as its kind goes: `google.rpc.ErrorInfo` details carry a `reason`. */
const errorBodySchema = z
  .object({
    error: z.object({ details: z.array(z.object({ reason: z.string().optional() }).loose()).optional() }).loose(),
  })
  .loose();

/**
 * Gemini answers a bad, expired or blocked key with HTTP 400 INVALID_ARGUMENT
 * (not 401), and says so only in the body: an ErrorInfo reason `API_KEY_*`.
 * The SDK's message is that body as JSON.
 */
function kindOfBody(message: string): 'auth' | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  const reasons = parsed.success ? (parsed.data.error.details ?? []).map((detail) => detail.reason ?? '') : [];
  return reasons.some((reason) => reason.startsWith('API_KEY_')) ? 'auth' : undefined;
}

/** Google APIs put a 429's wait in the body, as a RetryInfo detail `{ retryDelay: "30s" }`; the SDK keeps no headers. */
function retryDelayOf(message: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}
