/** The three OpenAI-compatible providers, each a small preset of the one adapter. */
import type { OpenAiCompatibleSettings } from './openai-compatible.ts';

type Preset = Pick<OpenAiCompatibleSettings, 'label' | 'maxTokensField' | 'reasoningTokens'> & {
  defaultBaseUrl?: string;
};

/** What DeepSeek's reasoner may think before it answers, on top of the reply's budget (its `max_tokens` counts the thinking). */
export const DEEPSEEK_REASONING_TOKENS = 4096;

/** OpenAI, DeepSeek and LM Studio: label, public endpoint (none for LM Studio), output-limit field, thinking room. */
export const OPENAI_COMPATIBLE_PRESETS = {
  openai: { label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', maxTokensField: 'max_completion_tokens' },
  deepseek: {
    label: 'DeepSeek',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    maxTokensField: 'max_tokens',
    reasoningTokens: (model: string) => (model.includes('reasoner') ? DEEPSEEK_REASONING_TOKENS : 0),
  },
  'lm-studio': { label: 'LM Studio', maxTokensField: 'max_tokens' },
} as const satisfies Record<string, Preset>;

/** LM Studio serves the OpenAI API under /v1 of the URL it listens on. */
export function lmStudioApiUrl(url: string): string {
  const root = url.replace(/\/+$/, '');
  return root.endsWith('/v1') ? root : `${root}/v1`;
}
