/**
 * What a call costs: a price table per model in USD per million tokens
 * (input, output), looked up by the longest matching model-id prefix so dated
 * snapshots (`gpt-4.1-mini-2025-04-14`) price as their family.
 *
 * Prices are the providers' published list prices for standard (non-batch,
 * non-cached) tokens as of 2025-10; check them against the vendors' pricing
 * pages when you deploy. A model missing here is priced at FALLBACK_RATE, a
 * deliberately high rate so that budgets err on the side of stopping early.
 * Local providers (LM Studio, Ollama) run on your own hardware and the demo
 * provider on nothing: they cost 0.
 */
import type { ProviderId, Usage } from './types.ts';

/** USD per million tokens. */
export interface Rate {
  input: number;
  output: number;
}

/** The price of a model this table does not know, for a paid provider. */
export const FALLBACK_RATE: Rate = { input: 5, output: 20 };

const FREE: Rate = { input: 0, output: 0 };

/** Providers whose calls cost nothing. */
const FREE_PROVIDERS: readonly ProviderId[] = ['lm-studio', 'ollama', 'demo'];

/** Per provider, model-id prefix → rate. */
export const PRICE_TABLE: Partial<Record<ProviderId, Record<string, Rate>>> = {
  openai: {
    'gpt-5': { input: 1.25, output: 10 },
    'gpt-5-mini': { input: 0.25, output: 2 },
    'gpt-5-nano': { input: 0.05, output: 0.4 },
    'gpt-4.1': { input: 2, output: 8 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6 },
    'gpt-4.1-nano': { input: 0.1, output: 0.4 },
    'gpt-4o': { input: 2.5, output: 10 },
    'gpt-4o-mini': { input: 0.15, output: 0.6 },
    o3: { input: 2, output: 8 },
    'o4-mini': { input: 1.1, output: 4.4 },
  },
  anthropic: {
    'claude-opus-4-5': { input: 5, output: 25 },
    'claude-opus-4-1': { input: 15, output: 75 },
    'claude-opus-4': { input: 15, output: 75 },
    'claude-sonnet-4-5': { input: 3, output: 15 },
    'claude-sonnet-4': { input: 3, output: 15 },
    'claude-3-7-sonnet': { input: 3, output: 15 },
    'claude-haiku-4-5': { input: 1, output: 5 },
    'claude-3-5-haiku': { input: 0.8, output: 4 },
  },
  deepseek: {
    'deepseek-chat': { input: 0.28, output: 0.42 },
    'deepseek-reasoner': { input: 0.28, output: 0.42 },
  },
  gemini: {
    'gemini-2.5-pro': { input: 1.25, output: 10 },
    'gemini-2.5-flash': { input: 0.3, output: 2.5 },
    'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
    'gemini-2.0-flash': { input: 0.1, output: 0.4 },
    'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  },
};

/** The rate of `model` on `provider`: the longest matching prefix, 0 for free providers, else FALLBACK_RATE. */
export function rateOf(provider: ProviderId, model: string): Rate {
  if (FREE_PROVIDERS.includes(provider)) return FREE;
  const table = PRICE_TABLE[provider] ?? {};
  const id = model.toLowerCase().replace(/^models\//, '');
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if ((id === prefix || id.startsWith(`${prefix}-`)) && (best === undefined || prefix.length > best.length))
      best = prefix;
  }
  return best === undefined ? FALLBACK_RATE : table[best]!;
}

/** The cost of one call in USD, rounded to a millionth of a cent. */
export function costOf(
  provider: ProviderId,
  model: string,
  usage: Pick<Usage, 'inputTokens' | 'outputTokens'>,
): number {
  const rate = rateOf(provider, model);
  const cost = (usage.inputTokens * rate.input + usage.outputTokens * rate.output) / 1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}
