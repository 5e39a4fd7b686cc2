/**
 * What a space of the fake provider server serves (its script: replies,
 * usage, models, faults), the providers it serves, and what it records of
 * each request.
 */
import type { Fault, FaultKind } from '../../worker/src/providers/testing/fake-fault.ts';
import type { FakeUsage, NormalizedRequest, WireFamily } from './wire.ts';

export type { Fault, FaultKind };

/** The providers the fake serves, each with its wire family. */
export const FAKE_PROVIDERS = {
  openai: 'openai',
  deepseek: 'openai',
  'lm-studio': 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  ollama: 'ollama',
} as const satisfies Record<NonNullable<Fault['provider']>, WireFamily>;

/** A provider the fake serves. */
export type FakeProvider = keyof typeof FAKE_PROVIDERS;

/** What a space serves. */
export interface Script {
  /** The reply, as the chunks to stream; default: a sentence naming the provider and model. */
  reply?: string[];
  /** Thinking streamed before the reply: DeepSeek's `reasoning_content`, Gemini's thought parts, Ollama's `thinking` (not Anthropic). */
  reasoning?: string[];
  /** A pause before each chunk (reasoning and reply), in ms; default none. */
  chunkDelayMs?: number;
  /** The usage to report; default: words in, chunks out; `none`: report no usage, as some local servers do. */
  usage?: FakeUsage | 'none';
  /** The model list of every provider in this space. */
  models?: string[];
  faults?: Fault[];
}

/** A request as the space recorded it. */
export interface RecordedRequest extends NormalizedRequest {
  provider: FakeProvider;
  kind: 'chat' | 'models';
  method: string;
  path: string;
  /** Credentials and routing headers the SDK sent (the fake is local; tests check keys reach the right place). */
  headers: Record<string, string>;
  body: unknown;
}

/** True when `value` names a provider the fake serves. */
export function isFakeProvider(value: string | undefined): value is FakeProvider {
  return value !== undefined && Object.hasOwn(FAKE_PROVIDERS, value);
}

/** The reply when the script sets none: a sentence naming the provider and model, word by word. */
export function defaultReply(provider: FakeProvider, model: string): string[] {
  return `Hello from the fake ${provider}, speaking as ${model}.`.split(/(?<= )/);
}

/** The next fault the script serves to a `kind` request to `provider`, counting it down. */
export function takeFault(script: Script, provider: FakeProvider, kind: 'chat' | 'models'): Fault | undefined {
  const fault = script.faults?.find(
    (candidate) =>
      (candidate.provider ?? provider) === provider && (candidate.on ?? 'chat') === kind && (candidate.times ?? 1) > 0,
  );
  if (fault && fault.times !== undefined) fault.times -= 1;
  return fault;
}
