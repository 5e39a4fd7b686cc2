/**
 * `GET /api/providers`: every provider with whether it is configured, whether
 * it answers (its model list, probed at most once per PROVIDERS_CACHE_SECONDS
 * through Redis), its circuit state in this isolate, and its models. No key
 * ever appears: probes report only an error kind.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CACHE_KEYS, readThrough } from '../cache/json-cache.ts';
import type { CircuitState } from '../resilience/index.ts';
import { loadProviderRegistry, type ProviderRegistry } from '../providers/registry.ts';
import { DEFAULT_FALLBACK_ORDER, PROVIDER_IDS, ProviderError, type ProviderId } from '../providers/types.ts';
import { documentedRoutes, errorResponses, jsonResponse } from './openapi.ts';

/** How long a probe result is reused. */
export const PROVIDERS_CACHE_SECONDS = 30;

const PROBE_TIMEOUT_MS = 5_000;

/** One provider in `GET /api/providers`. */
export interface ProviderStatus {
  id: ProviderId;
  label: string;
  /** The built-in demo provider: no AI, shown as such. */
  demo: boolean;
  configured: boolean;
  /** Whether its model list answered; null when not configured. */
  healthy: boolean | null;
  /** Why the probe failed (a ProviderError kind), when it did. */
  error: string | null;
  circuit: CircuitState;
  defaultModel: string;
  models: string[];
}

/** The body of `GET /api/providers`. */
export interface ProvidersBody {
  providers: ProviderStatus[];
  fallbackOrder: ProviderId[];
}

const probeSchema = z.object({ id: z.string(), healthy: z.boolean(), error: z.string().nullable(), models: z.array(z.string()) });
type Probe = z.infer<typeof probeSchema>;

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
        circuit: z.enum(['closed', 'open', 'half-open']),
        defaultModel: z.string(),
        models: z.array(z.string()),
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
  responses: { 200: jsonResponse(ProvidersBodySchema, 'Every provider, in the default fallback order, demo last.'), ...errorResponses(429) },
});

export const providers = documentedRoutes().openapi(list, async (c) => {
  const { services } = c.var;
  const registry = await loadProviderRegistry(services.config, services.db);
  const key = CACHE_KEYS.providerProbes(await fingerprint(registry));
  const { value: probes } = await readThrough(services, { key, ttlSeconds: PROVIDERS_CACHE_SECONDS, schema: z.array(probeSchema) }, () =>
    Promise.all(registry.available().map((id) => probe(registry, id))),
  );
  const body: ProvidersBody = {
    providers: registry.entries().map((entry): ProviderStatus => {
      const result = probes.find((candidate) => candidate.id === entry.id);
      return {
        id: entry.id,
        label: entry.label,
        demo: entry.id === 'demo',
        configured: entry.configured,
        healthy: result?.healthy ?? null,
        error: result?.error ?? null,
        circuit: registry.circuit(entry.id),
        defaultModel: entry.defaultModel,
        models: result?.models ?? [],
      };
    }),
    fallbackOrder: DEFAULT_FALLBACK_ORDER.filter((id) => registry.available().includes(id)),
  };
  return c.json(body, 200);
});

async function probe(registry: ProviderRegistry, id: ProviderId): Promise<Probe> {
  try {
    const models = await registry.get(id)!.listModels(AbortSignal.timeout(PROBE_TIMEOUT_MS));
    return { id, healthy: true, error: null, models: models.map((model) => model.id) };
  } catch (error) {
    return { id, healthy: false, error: error instanceof ProviderError ? error.kind : 'network', models: [] };
  }
}

/** A digest of the registry's signature, so environments sharing a Redis never share an entry. */
async function fingerprint(registry: ProviderRegistry): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(registry.signature()));
  return [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
