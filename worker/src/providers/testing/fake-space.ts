/**
 * Test support (never imported by the Worker): a space on the fake provider
 * server (scripts/fake-providers) that the global setup starts, with the
 * configuration that points every provider at it.
 */
import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { readConfig, type Config } from '../../env.ts';
import type { ResilienceOptions } from '../../resilience/index.ts';
import type { Fault } from './fake-fault.ts';
import type { ProviderId } from '../types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The fake provider server's URL, from scripts/test/worker-setup.ts. */
    fakeProvidersUrl: string;
  }
}

/** A failure the fake serves (see scripts/fake-providers/server.ts). */
export type FakeFault = Fault;

/** What the space serves. */
export interface FakeScript {
  reply?: string[];
  /** Thinking streamed before the reply (DeepSeek's `reasoning_content`, Gemini's thought parts, Ollama's `thinking`; not Anthropic). */
  reasoning?: string[];
  /** A pause before each streamed chunk, in ms. */
  chunkDelayMs?: number;
  usage?: { inputTokens: number; outputTokens: number } | 'none';
  models?: string[];
  faults?: FakeFault[];
}

/** A request the fake received, in the common fields plus what the SDK sent. */
export interface FakeRequest {
  provider: Exclude<ProviderId, 'demo'>;
  kind: 'chat' | 'models';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  model: string;
  system: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  maxOutputTokens?: number;
}

/** The keys the fake space hands out: recognisable, so tests can prove they never leak. */
/** Resilience short enough for tests; the fake's slow token (5 s) and stall (60 s) far exceed its timeouts. */
export const FAST_RESILIENCE = {
  firstTokenTimeoutMs: 400,
  stallTimeoutMs: 400,
  retries: 1,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 1_000,
  breakerThreshold: 2,
  halfOpenAfterMs: 300,
} as const satisfies Partial<ResilienceOptions>;

export const FAKE_KEYS = {
  openai: 'fake-openai-key-0123456789',
  anthropic: 'fake-anthropic-key-0123456789',
  deepseek: 'fake-deepseek-key-0123456789',
  gemini: 'fake-gemini-key-0123456789',
} as const;

/** One isolated space on the fake server. */
export interface FakeSpace {
  /** The base of this space's provider endpoints. */
  root: string;
  /** Variables that switch on `providers`, pointed at this space. */
  variables(providers: readonly Exclude<ProviderId, 'demo'>[], extra?: Record<string, string>): Record<string, string>;
  /** The Worker configuration with `providers` switched on here. */
  config(providers: readonly Exclude<ProviderId, 'demo'>[], extra?: Record<string, string>): Config;
  script(script: FakeScript): Promise<void>;
  requests(): Promise<FakeRequest[]>;
}

/** Opens a fresh space. */
export async function openFakeSpace(): Promise<FakeSpace> {
  const server = inject('fakeProvidersUrl');
  const created = await fetch(`${server}/spaces`, { method: 'POST' });
  const { id } = await created.json<{ id: string }>();
  const root = `${server}/${id}`;
  const variables = (providers: readonly Exclude<ProviderId, 'demo'>[], extra: Record<string, string> = {}) => {
    const all: Record<Exclude<ProviderId, 'demo'>, Record<string, string>> = {
      openai: { OPENAI_API_KEY: FAKE_KEYS.openai, OPENAI_BASE_URL: `${root}/openai/v1` },
      anthropic: { ANTHROPIC_API_KEY: FAKE_KEYS.anthropic, ANTHROPIC_BASE_URL: `${root}/anthropic` },
      deepseek: { DEEPSEEK_API_KEY: FAKE_KEYS.deepseek, DEEPSEEK_BASE_URL: `${root}/deepseek/v1` },
      gemini: { GOOGLE_AI_API_KEY: FAKE_KEYS.gemini, GEMINI_BASE_URL: `${root}/gemini` },
      'lm-studio': { LM_STUDIO_URL: `${root}/lm-studio` },
      ollama: { OLLAMA_URL: `${root}/ollama` },
    };
    return Object.assign({}, ...providers.map((provider) => all[provider]), extra);
  };
  return {
    root,
    variables,
    config: (providers, extra) => readConfig({ ...env, DEMO_PACE_MS: '0', ...variables(providers, extra) }),
    async script(script) {
      const response = await fetch(`${server}/spaces/${id}/script`, { method: 'PUT', body: JSON.stringify(script) });
      if (!response.ok) throw new Error(`the fake refused the script: ${response.status}`);
    },
    async requests() {
      const response = await fetch(`${server}/spaces/${id}/requests`);
      return response.json<FakeRequest[]>();
    },
  };
}
