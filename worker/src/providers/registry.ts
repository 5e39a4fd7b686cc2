/**
 * The providers of one Worker environment: which are configured (catalog.ts),
 * each one's default model, the fallback chain of a persona, their circuits,
 * and runTurn over them. `ai_providers` rows (overrides.ts) add endpoints,
 * models and default parameters; `loadProviderRegistry` reads them and keeps
 * one registry per isolate so circuit breakers outlive a request.
 */
import type { Database } from '../db/client.ts';
import type { Config } from '../env.ts';
import { logCall } from './call-log.ts';
import { providerSetups } from './catalog.ts';
import { DEMO_MODEL } from './demo/demo.ts';
import { isChatModel } from './model-kinds.ts';
import { applyParameters, loadProviderOverrides, type ProviderOverride } from './overrides.ts';
import { databaseTimeout, type CircuitState, type ResilienceOptions } from '../resilience/index.ts';
import { createTurnPolicies, runTurn, type TurnOptions, type TurnPolicies } from './turn.ts';
import {
  DEFAULT_FALLBACK_ORDER,
  ProviderError,
  type ChatProvider,
  type ModelInfo,
  type ProviderChoice,
  type ProviderErrorKind,
  type ProviderId,
  type TurnResult,
} from './types.ts';
import { createLogger } from '../logging/logger.ts';
import { redactSecrets } from '../security/redact.ts';

/** A provider as the registry describes it, configured or not. */
export interface ProviderEntry {
  id: ProviderId;
  label: string;
  configured: boolean;
  /** The variables that switch it on; empty for the demo provider. */
  switchedOnBy: string[];
  defaultModel: string;
}

/** The providers of one environment. */
export interface ProviderRegistry {
  /** Configured providers, in the default fallback order; demo always last. */
  available(): ProviderId[];
  get(id: ProviderId): ChatProvider | undefined;
  /** The model a provider uses when it stands in for another. */
  defaultModel(id: ProviderId): string;
  /** `first` (when configured), then each configured provider of `order` with its default model. */
  chain(first: ProviderChoice, order?: readonly ProviderId[]): ProviderChoice[];
  /** runTurn (turn.ts) over these providers, under this registry's circuits; logs one line per call. */
  runTurn(options: TurnOptions): Promise<TurnResult>;
  /** Every known provider, configured or not, in the default fallback order. */
  entries(): ProviderEntry[];
  /** The state of a provider's circuit breaker. */
  circuit(id: ProviderId): CircuitState;
  /** The kind of failure that opened a provider's circuit (e.g. `bad-request` for repeated identical refusals); null while closed. */
  circuitCause(id: ProviderId): ProviderErrorKind | null;
  /** What shapes these providers (which are on, endpoints, `ai_providers` rows), without any secret: for cache keys. */
  signature(): string;
}

/** What a registry may be given besides the configuration. */
export interface RegistryOptions {
  /** Active `ai_providers` rows. */
  overrides?: readonly ProviderOverride[];
  /** Timeouts, retries and breaker settings; defaults from the configuration. */
  resilience?: Partial<ResilienceOptions>;
  /** Share breakers with another registry of the same environment. */
  policies?: TurnPolicies;
}

/** Builds the registry from the validated configuration. */
export function createProviderRegistry(config: Config, options: RegistryOptions = {}): ProviderRegistry {
  const overrides = options.overrides ?? [];
  const policies = options.policies ?? createTurnPolicies(resilienceOf(config, options.resilience));
  const setups = providerSetups(config);
  const providers = new Map<ProviderId, ChatProvider>();
  const defaultModels = new Map<ProviderId, string>();
  for (const setup of setups) {
    const rows = overrides.filter((row) => row.provider === setup.id);
    const provider = setup.create(rows.find((row) => row.endpoint)?.endpoint);
    defaultModels.set(setup.id, rows.find((row) => row.model)?.model ?? setup.defaultModel);
    if (provider)
      providers.set(
        setup.id,
        guard(provider, rows, (text) => redactSecrets(config, text)),
      );
  }
  const get = (id: ProviderId) => providers.get(id);
  const defaultModel = (id: ProviderId) => defaultModels.get(id) ?? DEMO_MODEL;
  const ordered = [...DEFAULT_FALLBACK_ORDER];
  return {
    available: () => ordered.filter((id) => providers.has(id)),
    get,
    defaultModel,
    chain(first, order = DEFAULT_FALLBACK_ORDER) {
      const choices: ProviderChoice[] = providers.has(first.provider) ? [first] : [];
      for (const id of [...order, 'demo' as const]) {
        if (providers.has(id) && !choices.some((choice) => choice.provider === id))
          choices.push({ provider: id, model: defaultModel(id) });
      }
      return choices;
    },
    runTurn: (turn) =>
      runTurn(
        get,
        {
          ...turn,
          onCall(record) {
            logCall(record);
            turn.onCall?.(record);
          },
        },
        policies,
      ),
    entries: () =>
      ordered.map((id) => {
        const setup = setups.find((candidate) => candidate.id === id)!;
        return {
          id,
          label: setup.label,
          configured: providers.has(id),
          switchedOnBy: setup.switchedOnBy,
          defaultModel: defaultModel(id),
        };
      }),
    circuit: (id) => policies.circuits.state(id),
    circuitCause: (id) => policies.circuits.openedBy(id),
    signature: () =>
      JSON.stringify({
        providers: [...providers.keys()],
        endpoints: [
          config.OPENAI_BASE_URL,
          config.ANTHROPIC_BASE_URL,
          config.DEEPSEEK_BASE_URL,
          config.GEMINI_BASE_URL,
          config.LM_STUDIO_URL,
          config.OLLAMA_URL,
        ],
        overrides,
      }),
  };
}

function resilienceOf(config: Config, overrides: Partial<ResilienceOptions> = {}): Partial<ResilienceOptions> {
  return {
    firstTokenTimeoutMs: config.PROVIDER_FIRST_TOKEN_TIMEOUT_MS,
    stallTimeoutMs: config.PROVIDER_STALL_TIMEOUT_MS,
    ...overrides,
  };
}

/**
 * The provider with its rows applied (default parameters on each request,
 * extra models in its list), its list cut to chat models (model-kinds.ts),
 * and the configured secrets scrubbed from every error message, so no key can
 * reach a log, an event or a response through an SDK's error.
 */
function guard(provider: ChatProvider, rows: ProviderOverride[], redact: (text: string) => string): ChatProvider {
  const scrub = (error: unknown) =>
    error instanceof ProviderError && redact(error.message) !== error.message
      ? new ProviderError(error.provider, error.kind, redact(error.message), {
          status: error.status,
          retryAfterMs: error.retryAfterMs,
        })
      : error;
  const extraModels: ModelInfo[] = rows.flatMap((row) => (row.model ? [{ id: row.model }] : []));
  return {
    id: provider.id,
    label: provider.label,
    async *streamChat(request, signal) {
      try {
        yield* provider.streamChat(applyParameters(request, provider.id, rows), signal);
      } catch (error) {
        throw scrub(error);
      }
    },
    async listModels(signal) {
      try {
        const listed = (await provider.listModels(signal)).filter((model) => isChatModel(model.id));
        return [...extraModels.filter((extra) => !listed.some((model) => model.id === extra.id)), ...listed];
      } catch (error) {
        throw scrub(error);
      }
    },
    async healthCheck(signal) {
      const result = await provider.healthCheck(signal);
      return result.error === undefined ? result : { ...result, error: redact(result.error) };
    },
  };
}

/** Providers must not wait on a slow database: past this, the last rows read (or none) are used. */
const OVERRIDES_TIMEOUT_MS = 2_000;

const isolateRegistries = new WeakMap<
  Config,
  { policies: TurnPolicies; overrides?: readonly ProviderOverride[]; registry?: ProviderRegistry }
>();

/**
 * The registry of this isolate for `config`, with the `ai_providers` rows
 * (cached briefly; without them if the database cannot be read) and the same
 * circuit breakers from one request to the next.
 */
export async function loadProviderRegistry(config: Config, db: Database): Promise<ProviderRegistry> {
  let shared = isolateRegistries.get(config);
  if (!shared) {
    shared = { policies: createTurnPolicies(resilienceOf(config)) };
    isolateRegistries.set(config, shared);
  }
  const overrides = await databaseTimeout(OVERRIDES_TIMEOUT_MS)
    .execute(() => loadProviderOverrides(db, config.DATABASE_URL))
    .catch((error: unknown) => {
      createLogger({}, { env: config }).warn('ai-providers-unreadable', { error });
      return shared.overrides ?? [];
    });
  if (!shared.registry || shared.overrides !== overrides) {
    shared.registry = createProviderRegistry(config, { overrides, policies: shared.policies });
    shared.overrides = overrides;
  }
  return shared.registry;
}
