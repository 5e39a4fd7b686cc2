/**
 * The provider interface: every AI provider (OpenAI, Anthropic, DeepSeek,
 * Gemini, LM Studio, Ollama, demo) is one `ChatProvider`. The room never talks
 * to a provider directly: it runs a turn through `runTurn` (turn.ts), which
 * walks a fallback chain of providers and reports each attempt as `TurnEvent`s.
 */

import type { ProviderId } from '../contract/index.ts';

// Every provider Chimera knows is part of the wire contract (frames name them).
export { PROVIDER_IDS, type ProviderId } from '../contract/index.ts';

/** The default fallback order of SPEC.md: OpenAI → Anthropic → DeepSeek → local → demo. */
export const DEFAULT_FALLBACK_ORDER: readonly ProviderId[] = [
  'openai',
  'anthropic',
  'deepseek',
  'gemini',
  'lm-studio',
  'ollama',
  'demo',
];

/** One turn of the conversation as a provider sees it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** What a persona asks a provider for. */
export interface ChatRequest {
  /** The provider's model id, e.g. `gpt-4.1-mini`. */
  model: string;
  /** The persona's system prompt, plus any room instructions (topic, summary). */
  system: string;
  /** The context: older turns summarised into `system`, recent ones here, oldest first; never empty. */
  messages: ChatMessage[];
  /** 0..2; the persona's temperature. */
  temperature: number;
  /** Upper bound on the reply's tokens. */
  maxOutputTokens: number;
  /** Who is speaking: the demo provider writes in this voice; real providers ignore it. */
  persona?: PersonaVoice;
  /** Makes the demo provider deterministic; real providers ignore it. */
  seed?: number;
}

/** The parts of a persona the demo provider imitates. */
export interface PersonaVoice {
  name: string;
  style: string;
  traits: string[];
  /** Target reply length in words. */
  avgLength: number;
}

/** Why a stream ended, the same word for every provider. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'other';

/** Token counts of one call; `estimated` when the provider gave none and we counted. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
}

/**
 * What a provider's stream yields: text deltas, then exactly one `finish`.
 * A reasoning model may first stream `reasoning-delta`s (its thinking): they
 * prove the stream is alive but are neither shown nor stored.
 */
export type StreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'finish'; reason: FinishReason; usage: Usage };

/** A model a provider offers. */
export interface ModelInfo {
  id: string;
  /** Tokens the model reads at most, when known. */
  contextWindow?: number;
}

/** The result of a health check. */
export interface ProviderHealthCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** One AI provider behind the common interface. */
export interface ChatProvider {
  readonly id: ProviderId;
  /** Shown in the UI; the demo provider's says "demo". */
  readonly label: string;
  /**
   * Streams a completion. Yields text deltas then one `finish`; throws a
   * ProviderError on failure (before or during the stream); stops promptly and
   * throws when `signal` aborts.
   */
  streamChat(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** The models this provider offers now. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** A cheap request that proves the provider answers with these credentials. */
  healthCheck(signal?: AbortSignal): Promise<ProviderHealthCheck>;
}

/** Every way a provider call fails, the same words for every provider. */
export const PROVIDER_ERROR_KINDS = [
  'auth',
  'rate-limit',
  'server',
  'bad-request',
  'first-token-timeout',
  'stalled',
  'network',
  'malformed',
  /** The reply was empty or only whitespace (e.g. every output token went to thinking). */
  'empty',
  'circuit-open',
  'aborted',
] as const;

/** How a provider call failed: one of PROVIDER_ERROR_KINDS. */
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

/** A failed provider call; `retryAfterMs` carries a 429's Retry-After. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderId;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    provider: ProviderId,
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A provider and model to try for a turn. */
export interface ProviderChoice {
  provider: ProviderId;
  model: string;
}

/** What `runTurn` reports while a turn runs, in order. */
export type TurnEvent =
  /** A provider is being tried: the first, a retry of the same provider (`retry`), or a fallback to the next one. */
  | { type: 'attempt-start'; provider: ProviderId; model: string; attempt: number; retry: boolean }
  | { type: 'text-delta'; text: string }
  /** The attempt failed; text streamed since its `attempt-start` is void. */
  | { type: 'attempt-failed'; provider: ProviderId; model: string; kind: ProviderErrorKind; message: string };

/** A completed turn. */
export interface TurnResult {
  text: string;
  provider: ProviderId;
  model: string;
  usage: Usage;
  costUsd: number;
  finishReason: FinishReason;
  /** From the start of the successful attempt to its last token. */
  latencyMs: number;
  /** From the start of the successful attempt to its first token. */
  timeToFirstTokenMs: number;
  /** Providers that failed before this one, in order. */
  fallbacks: { provider: ProviderId; model: string; kind: ProviderErrorKind }[];
}

/** One row of the provider call log: never a key, never a prompt. */
export interface ProviderCallRecord {
  conversationId: string | null;
  provider: ProviderId;
  model: string;
  startedAt: string;
  timeToFirstTokenMs: number | null;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** `prefetched`: a call started ahead of its turn (room/prefetch.ts) and discarded unused, because the context changed first. */
  outcome: 'ok' | 'error' | 'aborted' | 'prefetched';
  errorClass: ProviderErrorKind | null;
}
