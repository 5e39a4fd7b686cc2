/**
 * The exact-match reply cache a conversation can opt into (`replyCache: true`):
 * a persona's reply is reused when the same persona, provider and model meet
 * the exact same context again (same system prompt, messages, temperature and
 * output limit, by SHA-256). Entries are shared by every opted-in conversation;
 * hits and misses are counted per conversation. A Redis failure reads as a miss
 * and never fails a turn.
 *
 * The room calls it around a provider turn when `settings.replyCache` is true:
 *   const cache = openReplyCache(readConfig(env), conversationId);
 *   const key = await replyCacheKey(persona.name, provider, model, request);
 *   const hit = await cache.lookup(key);   // counts a hit or a miss; null on a miss
 *   on a miss, run the turn, then (only for a complete reply): await cache.store(key, reply);
 */
import { z } from 'zod';
import { PROVIDER_IDS, type ChatRequest, type ProviderId } from '../providers/types.ts';
import { openRedis, type RedisConfig } from './redis.ts';
import { tryRedis, type RedisTarget } from './redis-guard.ts';

/** How long a cached reply lives. */
export const REPLY_TTL_SECONDS = 7 * 24 * 60 * 60;

/** What identifies a reply. */
export interface ReplyKey {
  persona: string;
  provider: ProviderId;
  model: string;
  /** contextHash() of the request. */
  contextHash: string;
}

/** A cached reply: the text and what it cost the first time. */
export interface CachedReply {
  text: string;
  provider: ProviderId;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** Hit and miss counts of one conversation. */
export interface ReplyCacheStats {
  hits: number;
  misses: number;
}

const CachedReplySchema = z.object({
  text: z.string(),
  provider: z.enum(PROVIDER_IDS),
  model: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
});

const StatsSchema = z.object({ hits: z.coerce.number().int().default(0), misses: z.coerce.number().int().default(0) });

/** The cache as one conversation uses it. */
export interface ReplyCache {
  /** The cached reply for `key`, or null; counts a hit or a miss for the conversation. */
  lookup(key: ReplyKey): Promise<CachedReply | null>;
  /** Stores a finished reply (only complete replies belong here). */
  store(key: ReplyKey, reply: CachedReply): Promise<void>;
  stats(): Promise<ReplyCacheStats>;
}

/** SHA-256 (hex) of what the provider would see: system prompt, messages, temperature and output limit. */
export async function contextHash(
  request: Pick<ChatRequest, 'system' | 'messages' | 'temperature' | 'maxOutputTokens'>,
): Promise<string> {
  const canonical = JSON.stringify([
    request.system,
    request.messages.map((message) => [message.role, message.content]),
    request.temperature,
    request.maxOutputTokens,
  ]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The key of a persona's reply to `request` on `provider`/`model`. */
export async function replyCacheKey(
  persona: string,
  provider: ProviderId,
  model: string,
  request: Parameters<typeof contextHash>[0],
): Promise<ReplyKey> {
  return { persona, provider, model, contextHash: await contextHash(request) };
}

/** The reply cache of one conversation; every Redis call is bounded (redis-guard.ts). */
export function createReplyCache(target: RedisTarget, conversationId: string): ReplyCache {
  const statsKey = replyStatsKey(conversationId);
  return {
    async lookup(key) {
      const found = await tryRedis(target, (redis) => redis.get<unknown>(entryKey(key)));
      if (!found.ok) return null;
      const parsed = CachedReplySchema.safeParse(found.value);
      const reply = parsed.success ? parsed.data : null;
      await tryRedis(target, (redis) => redis.hincrby(statsKey, reply ? 'hits' : 'misses', 1));
      return reply;
    },
    async store(key, reply) {
      await tryRedis(target, (redis) => redis.set(entryKey(key), JSON.stringify(reply), { ex: REPLY_TTL_SECONDS }));
    },
    stats: () => readStats(target, conversationId),
  };
}

/** The room's entry point: the cache of `conversationId` over the Worker's Redis. */
export function openReplyCache(config: RedisConfig, conversationId: string): ReplyCache {
  return createReplyCache({ config, redis: openRedis(config) }, conversationId);
}

/** A conversation's counts (zeros when Redis is down). */
export async function readStats(target: RedisTarget, conversationId: string): Promise<ReplyCacheStats> {
  const found = await tryRedis(target, (redis) => redis.hgetall(replyStatsKey(conversationId)));
  return StatsSchema.parse(found.ok ? (found.value ?? {}) : {});
}

function entryKey(key: ReplyKey): string {
  return `reply-cache:${key.persona}:${key.provider}:${key.model}:${key.contextHash}`;
}

function replyStatsKey(conversationId: string): string {
  return `reply-cache:stats:${conversationId.toLowerCase()}`;
}
