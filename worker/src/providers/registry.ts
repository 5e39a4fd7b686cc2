/**
 * The providers of one Worker environment: which are configured, each one's
 * default model, the fallback chain of a persona, and runTurn over them.
 */
import type { Config } from '../env.ts';
import { createDemoProvider, DEMO_MODEL } from './demo/demo.ts';
import { runTurn, type TurnOptions } from './turn.ts';
import { DEFAULT_FALLBACK_ORDER, type ChatProvider, type ProviderChoice, type ProviderId, type TurnResult } from './types.ts';

/** The providers of one environment. */
export interface ProviderRegistry {
  /** Configured providers, in the default fallback order; demo always last. */
  available(): ProviderId[];
  get(id: ProviderId): ChatProvider | undefined;
  /** The model a provider uses when it stands in for another. */
  defaultModel(id: ProviderId): string;
  /** `first` (when configured), then each configured provider of `order` with its default model. */
  chain(first: ProviderChoice, order?: readonly ProviderId[]): ProviderChoice[];
  /** runTurn (turn.ts) over these providers. */
  runTurn(options: TurnOptions): Promise<TurnResult>;
}

/** Builds the registry from the validated configuration. */
export function createProviderRegistry(config: Config): ProviderRegistry {
  const providers = new Map<ProviderId, ChatProvider>([['demo', createDemoProvider({ paceMs: config.DEMO_PACE_MS })]]);
  const defaultModels: Partial<Record<ProviderId, string>> = { demo: DEMO_MODEL };
  const get = (id: ProviderId) => providers.get(id);
  return {
    available: () => DEFAULT_FALLBACK_ORDER.filter((id) => providers.has(id)),
    get,
    defaultModel: (id) => defaultModels[id] ?? DEMO_MODEL,
    chain(first, order = DEFAULT_FALLBACK_ORDER) {
      const choices: ProviderChoice[] = providers.has(first.provider) ? [first] : [];
      for (const id of [...order, 'demo' as const]) {
        if (providers.has(id) && !choices.some((choice) => choice.provider === id)) choices.push({ provider: id, model: defaultModels[id] ?? DEMO_MODEL });
      }
      return choices;
    },
    runTurn: (options) => runTurn(get, options),
  };
}
