/**
 * Every provider Chimera knows, in one place: which variables switch it on,
 * its endpoint (and the variable that overrides it), its default model and how
 * to build it. The registry, /api/health and /api/providers all read this.
 */
import type { Config } from '../env.ts';
import { createAnthropicProvider } from './anthropic/anthropic.ts';
import { createDemoProvider, DEMO_MODEL } from './demo/demo.ts';
import { createGeminiProvider } from './gemini/gemini.ts';
import { createOllamaProvider } from './ollama/ollama.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible.ts';
import { lmStudioApiUrl, OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/presets.ts';
import type { ChatProvider, ProviderId } from './types.ts';

/** How a provider is set up in this environment. */
export interface ProviderSetup {
  id: ProviderId;
  label: string;
  /** The variables that switch it on (any of them, for local providers an `ai_providers` endpoint too). */
  switchedOnBy: string[];
  /** The model it uses when it stands in for another persona's provider. */
  defaultModel: string;
  /** Builds the provider; undefined when it is not switched on. `endpoint` (from `ai_providers`) wins over the variables. */
  create(endpoint?: string): ChatProvider | undefined;
}

/** The built-in default model of each provider; `ai_providers` rows may replace it. */
export const DEFAULT_MODELS: Record<ProviderId, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-haiku-4-5',
  deepseek: 'deepseek-chat',
  gemini: 'gemini-2.5-flash',
  'lm-studio': 'qwen2.5-7b-instruct',
  ollama: 'llama3.2',
  demo: DEMO_MODEL,
};

/** LM Studio without LM_STUDIO_API_KEY accepts any key; the OpenAI SDK insists on one. */
const LOCAL_KEY = 'lm-studio';

/** The setup of every provider under `config`, in PROVIDER_IDS order. */
export function providerSetups(config: Config): ProviderSetup[] {
  const accessFor = (pair: [string | undefined, string | undefined]) => {
    const [id, secret] = pair[0] && pair[1] ? pair : [config.CF_ACCESS_CLIENT_ID, config.CF_ACCESS_CLIENT_SECRET];
    return id && secret ? { 'CF-Access-Client-Id': id, 'CF-Access-Client-Secret': secret } : undefined;
  };
  const lmStudioAccess = accessFor([config.LM_STUDIO_CF_ACCESS_CLIENT_ID, config.LM_STUDIO_CF_ACCESS_CLIENT_SECRET]);
  const ollamaAccess = accessFor([config.OLLAMA_CF_ACCESS_CLIENT_ID, config.OLLAMA_CF_ACCESS_CLIENT_SECRET]);
  const keyed = (id: 'openai' | 'deepseek', key: string | undefined, baseUrl: string | undefined): ProviderSetup => ({
    id,
    label: OPENAI_COMPATIBLE_PRESETS[id].label,
    switchedOnBy: [id === 'openai' ? 'OPENAI_API_KEY' : 'DEEPSEEK_API_KEY'],
    defaultModel: DEFAULT_MODELS[id],
    create: (endpoint) =>
      key
        ? createOpenAiCompatibleProvider({
            id,
            ...OPENAI_COMPATIBLE_PRESETS[id],
            apiKey: key,
            baseUrl: endpoint ?? baseUrl ?? OPENAI_COMPATIBLE_PRESETS[id].defaultBaseUrl,
          })
        : undefined,
  });
  return [
    keyed('openai', config.OPENAI_API_KEY, config.OPENAI_BASE_URL),
    {
      id: 'anthropic',
      label: 'Anthropic',
      switchedOnBy: ['ANTHROPIC_API_KEY'],
      defaultModel: DEFAULT_MODELS.anthropic,
      create: (endpoint) =>
        config.ANTHROPIC_API_KEY
          ? createAnthropicProvider({
              apiKey: config.ANTHROPIC_API_KEY,
              baseUrl: endpoint ?? config.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
            })
          : undefined,
    },
    keyed('deepseek', config.DEEPSEEK_API_KEY, config.DEEPSEEK_BASE_URL),
    {
      id: 'gemini',
      label: 'Google Gemini',
      switchedOnBy: ['GOOGLE_AI_API_KEY'],
      defaultModel: DEFAULT_MODELS.gemini,
      create: (endpoint) =>
        config.GOOGLE_AI_API_KEY
          ? createGeminiProvider({
              apiKey: config.GOOGLE_AI_API_KEY,
              baseUrl: endpoint ?? config.GEMINI_BASE_URL ?? 'https://generativelanguage.googleapis.com',
            })
          : undefined,
    },
    {
      id: 'lm-studio',
      label: OPENAI_COMPATIBLE_PRESETS['lm-studio'].label,
      switchedOnBy: ['LM_STUDIO_URL'],
      defaultModel: DEFAULT_MODELS['lm-studio'],
      create: (endpoint) => {
        const url = endpoint ?? config.LM_STUDIO_URL;
        if (!url) return undefined;
        return createOpenAiCompatibleProvider({
          id: 'lm-studio',
          ...OPENAI_COMPATIBLE_PRESETS['lm-studio'],
          apiKey: config.LM_STUDIO_API_KEY ?? LOCAL_KEY,
          baseUrl: lmStudioApiUrl(url),
          headers: lmStudioAccess,
        });
      },
    },
    {
      id: 'ollama',
      label: 'Ollama',
      switchedOnBy: ['OLLAMA_URL'],
      defaultModel: DEFAULT_MODELS.ollama,
      create: (endpoint) => {
        const url = endpoint ?? config.OLLAMA_URL;
        return url ? createOllamaProvider({ baseUrl: url, headers: ollamaAccess }) : undefined;
      },
    },
    {
      id: 'demo',
      label: 'Demo (built-in, no AI)',
      switchedOnBy: [],
      defaultModel: DEMO_MODEL,
      create: () => createDemoProvider({ paceMs: config.DEMO_PACE_MS }),
    },
  ];
}
