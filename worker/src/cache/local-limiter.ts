/**
 * The fallback counter while Redis is down: a fixed window per identifier in
 * this isolate's memory, bounded in size. Coarser than the sliding window and
 * per isolate, but it keeps every budget enforced.
 */

/** A budget: `limit` requests per `windowSeconds`. */
export interface LocalRule {
  limit: number;
  windowSeconds: number;
}

const MAX_ENTRIES = 10_000;

const windows = new Map<string, { resetAt: number; count: number }>();

/** Counts one request for `key` under `rule`. */
export function consumeLocally(
  key: string,
  rule: LocalRule,
  now = Date.now(),
): { allowed: boolean; limit: number; remaining: number; resetAt: number } {
  let window = windows.get(key);
  if (!window || window.resetAt <= now) {
    if (windows.size >= MAX_ENTRIES) evict(now);
    window = { resetAt: now + rule.windowSeconds * 1000, count: 0 };
    windows.set(key, window);
  }
  const allowed = window.count < rule.limit;
  if (allowed) window.count += 1;
  return { allowed, limit: rule.limit, remaining: rule.limit - window.count, resetAt: window.resetAt };
}

/** Drops expired windows, then the oldest ones if still full. */
function evict(now: number) {
  for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  for (const key of windows.keys()) {
    if (windows.size < MAX_ENTRIES) break;
    windows.delete(key);
  }
}
