/**
 * The one resilience layer of the Worker's outbound calls, built on cockatiel:
 * named timeouts for Postgres, Redis and room RPCs (timeouts.ts), Redis'
 * timeout and circuit breaker (redis.ts), and the providers' first-token and
 * stall timeouts, retries and breakers (providers.ts). A call site runs its
 * work through one of these rather than racing its own timer.
 */
export * from './providers.ts';
export * from './redis.ts';
export * from './timeouts.ts';
