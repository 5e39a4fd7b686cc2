/** Upstash Redis over REST: real Upstash in production, the local REST endpoint in development. */
import { Redis } from '@upstash/redis/cloudflare';

/** Where Redis is. */
export interface RedisConfig {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

/** A client; it holds no connection, so one per request is cheap. */
export function openRedis(config: RedisConfig): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    enableTelemetry: false,
    // Retries, timeout and breaker are Redis' policy (resilience/redis.ts), applied by tryRedis.
    retry: false,
  });
}
