import { describe, expect, it } from 'vitest';
import { costOf, FALLBACK_RATE, rateOf } from './pricing.ts';

describe('pricing', () => {
  it('prices a call from its model rate per million tokens', () => {
    expect(costOf('openai', 'gpt-4.1-mini', { inputTokens: 1000, outputTokens: 500 })).toBeCloseTo(0.0012, 10);
    expect(costOf('anthropic', 'claude-sonnet-4-5', { inputTokens: 2_000_000, outputTokens: 100_000 })).toBeCloseTo(
      7.5,
      10,
    );
  });

  it('prices a dated snapshot as its family, and the longest family that matches', () => {
    expect(rateOf('openai', 'gpt-4.1-mini-2025-04-14')).toEqual({ input: 0.4, output: 1.6 });
    expect(rateOf('openai', 'gpt-4.1-2025-04-14')).toEqual({ input: 2, output: 8 });
    expect(rateOf('gemini', 'models/gemini-2.5-flash-lite')).toEqual({ input: 0.1, output: 0.4 });
    expect(rateOf('anthropic', 'claude-sonnet-4-20250514')).toEqual({ input: 3, output: 15 });
  });

  it('prices an unknown model of a paid provider at the fallback rate', () => {
    expect(rateOf('openai', 'gpt-9-turbo')).toEqual(FALLBACK_RATE);
    expect(rateOf('deepseek', 'deepseek-chatty')).toEqual(FALLBACK_RATE);
  });

  it('charges nothing for local models and the demo provider', () => {
    for (const provider of ['lm-studio', 'ollama', 'demo'] as const)
      expect(costOf(provider, 'anything', { inputTokens: 10_000, outputTokens: 10_000 })).toBe(0);
  });
});
