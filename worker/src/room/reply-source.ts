/**
 * Where a turn's reply comes from: the exact-match reply cache
 * (cache/reply-cache.ts) when the conversation opted in and this persona,
 * provider and model met this very context before, otherwise the provider
 * chain. A cached reply is streamed through the same events as a provider's,
 * at a natural pace, and costs nothing; a complete reply from the persona's
 * own provider and model is stored for next time.
 */
import { openReplyCache, replyCacheKey } from '../cache/reply-cache.ts';
import type { Config } from '../env.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import {
  ProviderError,
  type ChatRequest,
  type ProviderCallRecord,
  type TurnEvent,
  type TurnResult,
} from '../providers/types.ts';
import type { RoomPersona, RoomSettings } from './contract.ts';
import { scaled } from './timing.ts';

/** Milliseconds between the words of a cached reply, before ROOM_TIMING_SCALE: about the pace of a fast typist. */
export const CACHED_WORD_MS = 35;

/** What a reply needs. */
export interface ReplyOptions {
  registry: ProviderRegistry;
  config: Config;
  settings: RoomSettings;
  speaker: RoomPersona;
  request: Omit<ChatRequest, 'model'>;
  signal: AbortSignal;
  onEvent(event: TurnEvent): void;
  onCall(record: ProviderCallRecord): void;
}

/** The reply and whether it came from the cache. */
export type Reply = TurnResult & { cached: boolean };

export async function produceReply(options: ReplyOptions): Promise<Reply> {
  const { settings, speaker, registry } = options;
  const cache = settings.replyCache ? openReplyCache(options.config, settings.conversationId) : null;
  const key = cache ? await replyCacheKey(speaker.name, speaker.provider, speaker.model, options.request) : null;
  const hit = cache && key ? await cache.lookup(key) : null;
  if (hit) return { ...(await replay(hit.text, hit, options)), cached: true };

  const result = await registry.runTurn({
    chain: registry.chain({ provider: speaker.provider, model: speaker.model }, settings.fallbackOrder),
    request: options.request,
    conversationId: settings.conversationId,
    signal: options.signal,
    onEvent: options.onEvent,
    onCall: options.onCall,
  });
  const own = result.provider === speaker.provider && result.model === speaker.model;
  if (cache && key && own && result.finishReason === 'stop') {
    await cache.store(key, {
      text: result.text,
      provider: result.provider,
      model: result.model,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
    });
  }
  return { ...result, cached: false };
}

/** Streams a cached reply word by word as a provider attempt would. */
async function replay(
  text: string,
  origin: { provider: TurnResult['provider']; model: string; inputTokens: number; outputTokens: number },
  options: ReplyOptions,
): Promise<TurnResult> {
  const started = Date.now();
  options.onEvent({ type: 'attempt-start', provider: origin.provider, model: origin.model, attempt: 1, retry: false });
  const pause = scaled(CACHED_WORD_MS, options.config.ROOM_TIMING_SCALE);
  for (const word of text.split(/(?<=\s)/)) {
    if (options.signal.aborted) throw new ProviderError(origin.provider, 'aborted', 'The turn was cancelled.');
    options.onEvent({ type: 'text-delta', text: word });
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return {
    text,
    provider: origin.provider,
    model: origin.model,
    usage: { inputTokens: origin.inputTokens, outputTokens: origin.outputTokens, estimated: false },
    costUsd: 0,
    finishReason: 'stop',
    latencyMs: Date.now() - started,
    timeToFirstTokenMs: 0,
    fallbacks: [],
  };
}
