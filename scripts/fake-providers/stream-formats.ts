/**
 * How each provider family frames a streamed reply, as the fake server sends
 * it: OpenAI chat completions SSE with `stream_options.include_usage`,
 * Anthropic Messages SSE events, Gemini `streamGenerateContent?alt=sse`,
 * Ollama `/api/chat` NDJSON.
 */
import { CREATED, type FakeUsage, type Json, type WireFamily } from './wire.ts';

/** How one family frames a streamed reply. */
export interface StreamFormat {
  contentType: string;
  /** Frames sent before the first token (message_start, the role chunk...). */
  opening(model: string): string[];
  delta(model: string, text: string): string;
  /** A frame of thinking before the reply (DeepSeek's `reasoning_content`); families without one send a plain delta. */
  reasoningDelta(model: string, text: string): string;
  /** The finish frames, with the usage unless it is undefined. */
  closing(model: string, usage: FakeUsage | undefined): string[];
  /** A frame that is not valid JSON inside the format's framing. */
  malformed(): string;
}

const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** The stream framing of each family. */
export const STREAM_FORMATS: Record<WireFamily, StreamFormat> = {
  openai: {
    contentType: 'text/event-stream',
    opening: (model) => [sse(openAiChunk(model, { role: 'assistant', content: '' }, null))],
    delta: (model, value) => sse(openAiChunk(model, { content: value }, null)),
    // DeepSeek's reasoner: thinking in `reasoning_content`, `content` null until the answer starts.
    reasoningDelta: (model, value) => sse(openAiChunk(model, { content: null, reasoning_content: value }, null)),
    closing: (model, usage) => [
      sse(openAiChunk(model, {}, 'stop')),
      // include_usage: a last chunk without choices carries the usage.
      ...(usage
        ? [
            sse({
              ...openAiChunk(model, {}, null),
              choices: [],
              usage: {
                prompt_tokens: usage.inputTokens,
                completion_tokens: usage.outputTokens,
                total_tokens: usage.inputTokens + usage.outputTokens,
              },
            }),
          ]
        : []),
      sse('[DONE]'),
    ],
    malformed: () => sse('{"id": "chatcmpl-fake", "choices": [{"delta": {"content": "unterminated'),
  },
  anthropic: {
    contentType: 'text/event-stream',
    opening: (model) => [
      sse(
        {
          type: 'message_start',
          message: {
            id: 'msg_fake',
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 1 },
          },
        },
        'message_start',
      ),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      sse({ type: 'ping' }, 'ping'),
    ],
    delta: (_model, value) =>
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: value } }, 'content_block_delta'),
    // Not served: Anthropic's thinking is a block of its own before the text block.
    reasoningDelta: () => '',
    closing: (_model, usage) => [
      sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      sse(
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: usage?.inputTokens ?? 0, output_tokens: usage?.outputTokens ?? 0 },
        },
        'message_delta',
      ),
      sse({ type: 'message_stop' }, 'message_stop'),
    ],
    malformed: () => sse('{"type": "content_block_delta", "delta": ', 'content_block_delta'),
  },
  gemini: {
    contentType: 'text/event-stream',
    opening: () => [],
    delta: (model, value) =>
      sse({ candidates: [{ content: { parts: [{ text: value }], role: 'model' }, index: 0 }], modelVersion: model }),
    reasoningDelta: (model, value) =>
      sse({
        candidates: [{ content: { parts: [{ text: value, thought: true }], role: 'model' }, index: 0 }],
        modelVersion: model,
      }),
    closing: (model, usage) => [
      sse({
        candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        ...(usage && {
          usageMetadata: {
            promptTokenCount: usage.inputTokens,
            candidatesTokenCount: usage.outputTokens,
            totalTokenCount: usage.inputTokens + usage.outputTokens,
          },
        }),
        modelVersion: model,
      }),
    ],
    malformed: () => sse('{"candidates": [{"content": '),
  },
  ollama: {
    contentType: 'application/x-ndjson',
    opening: () => [],
    delta: (model, value) =>
      `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: value }, done: false })}\n`,
    reasoningDelta: (model, value) =>
      `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '', thinking: value }, done: false })}\n`,
    closing: (model, usage) => [
      `${JSON.stringify({
        model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'stop',
        total_duration: 1_000_000,
        ...(usage && { prompt_eval_count: usage.inputTokens, eval_count: usage.outputTokens }),
      })}\n`,
    ],
    malformed: () => '{"model": "unterminated\n',
  },
};

function openAiChunk(model: string, delta: Json, finishReason: string | null): Json {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}
