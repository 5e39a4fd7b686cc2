/**
 * `GET /api/providers`: every provider with whether it is configured, whether
 * it answers (its model list, probed at most once per PROVIDERS_CACHE_SECONDS
 * through Redis, providers/model-check.ts), its circuit state in this isolate
 * and what opened it, and its chat models. No key ever appears: probes report
 * only an error kind.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { probeProviders, PROVIDERS_CACHE_SECONDS } from '../providers/model-check.ts';
import { loadProviderRegistry } from '../providers/registry.ts';
import { CIRCUIT_STATES, type CircuitState } from '../resilience/index.ts';
import {
  DEFAULT_FALLBACK_ORDER,
  PROVIDER_ERROR_KINDS,
  PROVIDER_IDS,
  type ProviderErrorKind,
  type ProviderId,
} from '../providers/types.ts';
import { documentedRoutes, errorResponses, jsonResponse } from './openapi.ts';

export { PROVIDERS_CACHE_SECONDS };

/** One provider in `GET /api/providers`. */
export interface ProviderStatus {
  id: ProviderId;
  label: string;
  /** The built-in demo provider: no AI, shown as such. */
  demo: boolean;
  configured: boolean;
  /** Whether its model list answered and its circuit is not open; null when not configured. */
  healthy: boolean | null;
  /** Why the probe failed, or else what opened the circuit (a ProviderError kind). */
  error: string | null;
  circuit: CircuitState;
  /** The failure kind that opened the circuit (`bad-request`: it refused call after call for the same reason); null while closed. */
  circuitCause: ProviderErrorKind | null;
  defaultModel: string;
  /** Its chat models (embedding, audio, image and moderation models left out). */
  models: string[];
  /** Whether `models` is its real list: then a persona or room naming another model is refused; else the UI should warn. */
  modelsKnown: boolean;
}

/** The body of `GET /api/providers`. */
export interface ProvidersBody {
  providers: ProviderStatus[];
  fallbackOrder: ProviderId[];
}

const ProvidersBodySchema = z
  .object({
    providers: z.array(
      z.object({
        id: z.enum(PROVIDER_IDS),
        label: z.string(),
        demo: z.boolean(),
        configured: z.boolean(),
        healthy: z.boolean().nullable(),
        error: z.string().nullable(),
        circuit: z.enum(CIRCUIT_STATES),
        circuitCause: z.enum(PROVIDER_ERROR_KINDS).nullable(),
        defaultModel: z.string(),
        models: z.array(z.string()),
        modelsKnown: z.boolean(),
      }),
    ),
    fallbackOrder: z.array(z.enum(PROVIDER_IDS)),
  })
  .openapi('Providers') satisfies z.ZodType<ProvidersBody>;

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Every provider: configured or not, healthy or not, its circuit state and models (never a key)',
  tags: ['providers'],
  responses: {
    200: jsonResponse(ProvidersBodySchema, 'Every provider, in the default fallback order, demo last.'),
    ...errorResponses(429),
  },
});

export const providers = documentedRoutes().openapi(list, async (c) => {
  const { services } = c.var;
  const registry = await loadProviderRegistry(services.config, services.db);
  const probes = await probeProviders(services, registry);
  const body: ProvidersBody = {
    providers: registry.entries().map((entry): ProviderStatus => {
      const result = probes.find((candidate) => candidate.id === entry.id);
      const circuit = registry.circuit(entry.id);
      const circuitCause = registry.circuitCause(entry.id);
      // A provider may answer its probe and still refuse every turn: while its circuit is open it is not healthy.
      const failing = circuit === 'open' ? circuitCause : null;
      return {
        id: entry.id,
        label: entry.label,
        demo: entry.id === 'demo',
        configured: entry.configured,
        healthy: result ? result.healthy && failing === null : null,
        error: result?.error ?? failing,
        circuit,
        circuitCause,
        defaultModel: entry.defaultModel,
        models: result?.models ?? [],
        modelsKnown: result?.healthy ?? false,
      };
    }),
    fallbackOrder: DEFAULT_FALLBACK_ORDER.filter((id) => registry.available().includes(id)),
  };
  return c.json(body, 200);
});
