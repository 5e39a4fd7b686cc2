/** Token estimates for providers whose stream reports no usage. */
import type { ChatRequest } from './types.ts';

/** About four characters a token for English text: close enough to bound costs. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** The estimated input tokens of a request: system prompt plus every message. */
export function estimateRequestTokens(request: Pick<ChatRequest, 'system' | 'messages'>): number {
  return (
    estimateTokens(request.system) +
    request.messages.reduce((sum, message) => sum + estimateTokens(message.content) + 4, 0)
  );
}
