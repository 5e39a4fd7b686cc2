/**
 * The exact-match reply cache a conversation can opt into (`replyCache: true`):
 * a persona's reply is reused when the same persona, provider and model meet
 * the exact same context again (same system prompt, messages, temperature and
 * output limit, by SHA-256). Entries are shared by every opted-in conversation;
 * hits and misses are counted per conversation. A Redis failure reads as a miss
 * and never fails a turn.
 *
 * The room calls it around a provider turn:
 *   const cache = openReplyCache(env, conversationId);       // null unless opted in (settings.replyCache)
 *   const key = await replyCacheKey(persona, provider, model, request);
 *   const hit = await cache.lookup(key);                        // counts a hit or a miss
 *   ...on a miss, run the turn, then: await cache.store(key, reply);
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { z } from 'zod';
import type { Services } from '../env.ts';
import { PROVIDER_IDS, type ChatRequest, type ProviderId } from '../providers/types.ts';
import { openRedis, type RedisConfig } from './redis.ts';
import { tryRedis } from './redis-guard.ts';

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
export async function contextHash(request: Pick<ChatRequest, 'system' | 'messages' | 'temperature' | 'maxOutputTokens'>): Promise<string> {
  const canonical = JSON.stringify([request.system, request.messages.map((message) => [message.role, message.content]), request.temperature, request.maxOutputTokens]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The key of a persona's reply to `request` on `provider`/`model`. */
export async function replyCacheKey(persona: string, provider: ProviderId, model: string, request: Parameters<typeof contextHash>[0]): Promise<ReplyKey> {
  return { persona, provider, model, contextHash: await contextHash(request) };
}

/** The reply cache of one conversation, over `redis`. */
export function createReplyCache(redis: Redis, conversationId: string): ReplyCache {
  const statsKey = replyStatsKey(conversationId);
  const guard = <T>(operation: () => Promise<T>) => operation().then((value) => ({ ok: true as const, value }), () => ({ ok: false as const }));
  return {
    async lookup(key) {
      const found = await guard(() => redis.get<unknown>(entryKey(key)));
      const parsed = found.ok ? CachedReplySchema.safeParse(found.value) : undefined;
      const reply = parsed?.success ? parsed.data : null;
      await guard(() => redis.hincrby(statsKey, reply ? 'hits' : 'misses', 1));
      return reply;
    },
    async store(key, reply) {
      await guard(() => redis.set(entryKey(key), JSON.stringify(reply), { ex: REPLY_TTL_SECONDS }));
    },
    async stats() {
      const found = await guard(() => redis.hgetall(statsKey));
      return StatsSchema.parse(found.ok ? (found.value ?? {}) : {});
    },
  };
}

/** The room's entry point: the cache of `conversationId` over the Worker's Redis. */
export function openReplyCache(config: RedisConfig, conversationId: string): ReplyCache {
  return createReplyCache(openRedis(config), conversationId);
}

/** A conversation's counts, for the API (zeros when Redis is down). */
export async function readReplyCacheStats(services: Services, conversationId: string): Promise<ReplyCacheStats> {
  const found = await tryRedis(services, (redis) => redis.hgetall(replyStatsKey(conversationId)));
  return StatsSchema.parse(found.ok ? (found.value ?? {}) : {});
}

function entryKey(key: ReplyKey): string {
  return `reply-cache:${key.persona}:${key.provider}:${key.model}:${key.contextHash}`;
}

function replyStatsKey(conversationId: string): string {
  return `reply-cache:stats:${conversationId.toLowerCase()}`;
}
