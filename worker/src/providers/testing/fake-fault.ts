/**
 * Test support: how the fake provider server (scripts/fake-providers) fails a
 * request. Types only and free of Node APIs, so that both the server (Node) and
 * the Worker tests' fake space (workerd) use this one definition.
 */
import type { ProviderId } from '../types.ts';

/** How a request goes wrong; `bad-key`: the key refused as the provider's API refuses it (Gemini: 400 API_KEY_INVALID; the others: 401). */
export type FaultKind =
  | 'status-500'
  | 'status-400'
  | 'status-401'
  | 'status-429'
  | 'bad-key'
  | 'slow-first-token'
  | 'stall'
  | 'cut'
  | 'malformed';

/** A failure to serve. */
export interface Fault {
  kind: FaultKind;
  /** Only requests to this provider; all when unset. */
  provider?: Exclude<ProviderId, 'demo'>;
  /** `chat` (default) or `models` requests. */
  on?: 'chat' | 'models';
  /** How many matching requests fail; unlimited when unset. */
  times?: number;
  /** status-429: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** slow-first-token: how long to wait before the first token (default 10 s, or until the client leaves). */
  delayMs?: number;
}
