/**
 * Ollama over its native HTTP API (no official SDK runs in Workers):
 * `POST /api/chat` streams NDJSON, one message fragment a line, the last with
 * `done: true`, the done_reason and token counts; `GET /api/tags` lists the
 * installed models.
 */
import { z } from 'zod';
import { httpError, malformed, thrownError } from '../errors.ts';
import { timedHealthCheck } from '../health-check.ts';
import { estimateRequestTokens, estimateTokens } from '../tokens.ts';
import type { ChatProvider, ChatRequest, FinishReason, ModelInfo, StreamEvent } from '../types.ts';
import { readLines } from './lines.ts';

/** Where Ollama is: http://127.0.0.1:11434 locally, or a tunnel URL with its Access headers. */
export interface OllamaSettings {
  baseUrl: string;
  headers?: Record<string, string>;
}

const chatLine = z.union([
  z.object({ error: z.string() }),
  z.object({
    // `thinking`: a thinking model's reasoning, streamed before its content.
    message: z.object({ content: z.string(), thinking: z.string().optional() }).optional(),
    done: z.boolean(),
    done_reason: z.string().optional(),
    prompt_eval_count: z.number().int().optional(),
    eval_count: z.number().int().optional(),
  }),
]);

const tagsBody = z.object({ models: z.array(z.object({ name: z.string() })) });

/** The Ollama provider. */
export function createOllamaProvider(settings: OllamaSettings): ChatProvider {
  const url = (path: string) => `${settings.baseUrl.replace(/\/+$/, '')}${path}`;
  const listModels = async (signal?: AbortSignal): Promise<ModelInfo[]> => {
    const ownSignal = signal ?? new AbortController().signal;
    try {
      const response = await send(url('/api/tags'), { headers: settings.headers, signal });
      const parsed = tagsBody.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw malformed('ollama', 'a model list of an unknown shape');
      return parsed.data.models.map((model) => ({ id: model.name }));
    } catch (error) {
      throw thrownError('ollama', error, ownSignal);
    }
  };
  return {
    id: 'ollama',
    label: 'Ollama',
    streamChat: (request, signal) => streamChat(url('/api/chat'), settings, request, signal),
    listModels,
    healthCheck: (signal) => timedHealthCheck(() => listModels(signal)),
  };
}

async function* streamChat(
  url: string,
  settings: OllamaSettings,
  request: ChatRequest,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  let text = '';
  try {
    const response = await send(url, {
      method: 'POST',
      headers: { ...settings.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: request.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages],
        stream: true,
        options: { temperature: request.temperature, num_predict: request.maxOutputTokens },
      }),
      signal,
    });
    if (!response.body) throw malformed('ollama', 'a reply without a body');
    for await (const line of readLines(response.body)) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw malformed('ollama', 'a line that is not JSON');
      }
      const parsed = chatLine.safeParse(json);
      if (!parsed.success) throw malformed('ollama', 'a line of an unknown shape');
      const event = parsed.data;
      if ('error' in event) throw httpError('ollama', { status: 500, message: event.error });
      const thinking = event.message?.thinking ?? '';
      if (thinking.length > 0) yield { type: 'reasoning-delta', text: thinking };
      const delta = event.message?.content ?? '';
      if (delta.length > 0) {
        text += delta;
        yield { type: 'text-delta', text: delta };
      }
      if (event.done) {
        const counted = event.prompt_eval_count !== undefined && event.eval_count !== undefined;
        yield {
          type: 'finish',
          reason: finishReason(event.done_reason),
          usage: counted
            ? { inputTokens: event.prompt_eval_count ?? 0, outputTokens: event.eval_count ?? 0, estimated: false }
            : { inputTokens: estimateRequestTokens(request), outputTokens: estimateTokens(text), estimated: true },
        };
        return;
      }
    }
  } catch (error) {
    throw thrownError('ollama', error, signal);
  }
  throw malformed('ollama', 'a stream that ended before `done`');
}

/** fetch that turns a non-2xx answer into a ProviderError with Ollama's `{ error }` message. */
async function send(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.ok) return response;
  const body = await response.text().catch(() => '');
  const message = /"error"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? (body.slice(0, 200) || response.statusText);
  throw httpError('ollama', { status: response.status, message, headers: response.headers });
}

function finishReason(reason: string | undefined): FinishReason {
  if (reason === undefined || reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  return 'other';
}
