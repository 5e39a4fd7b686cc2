/**
 * Which models each provider offers now, and the check that a persona or a
 * room names one of them. A provider's list is probed at most once per
 * PROVIDERS_CACHE_SECONDS through Redis, shared by `GET /api/providers` and
 * the checks. A model missing from a list that answered is refused with a
 * 400 naming it (it would fail over on every turn); when the list is not
 * known (provider off or unreachable) the model is accepted, and the UI warns
 * from `modelsKnown` in /api/providers.
 */
import { z } from 'zod';
import { CACHE_KEYS, readThrough } from '../cache/json-cache.ts';
import type { Services } from '../env.ts';
import { ApiError } from '../errors.ts';
import { loadProviderRegistry, type ProviderRegistry } from './registry.ts';
import { ProviderError, type ProviderId } from './types.ts';

/** How long a probe result is reused. */
export const PROVIDERS_CACHE_SECONDS = 30;

const PROBE_TIMEOUT_MS = 5_000;

const probeSchema = z.object({
  id: z.string(),
  healthy: z.boolean(),
  error: z.string().nullable(),
  models: z.array(z.string()),
});

/** One provider's probe: whether its model list answered, why not, and its chat models. */
export type Probe = z.infer<typeof probeSchema>;

/** The probes of every configured provider, from the cache or fresh. */
export async function probeProviders(services: Services, registry: ProviderRegistry): Promise<Probe[]> {
  const key = CACHE_KEYS.providerProbes(await fingerprint(registry));
  const { value } = await readThrough(
    services,
    { key, ttlSeconds: PROVIDERS_CACHE_SECONDS, schema: z.array(probeSchema) },
    () => Promise.all(registry.available().map((id) => probe(registry, id))),
  );
  return value;
}

/** A provider and model a request names, with the field that named the model (e.g. `json.defaultModel`). */
export interface ModelChoice {
  provider: ProviderId;
  model: string;
  field: string;
}

/** 400 naming the first model its provider's known list does not offer; the demo provider speaks under any model name. */
export async function assertModelsOffered(services: Services, choices: readonly ModelChoice[]): Promise<void> {
  const checked = choices.filter((choice) => choice.provider !== 'demo');
  if (checked.length === 0) return;
  const registry = await loadProviderRegistry(services.config, services.db);
  if (!checked.some((choice) => registry.available().includes(choice.provider))) return;
  const probes = await probeProviders(services, registry);
  const issues = checked.flatMap((choice) => {
    const known = probes.find((candidate) => candidate.id === choice.provider);
    if (!known?.healthy || known.models.includes(choice.model)) return [];
    return [{ path: choice.field, message: `${choice.provider} does not offer the model "${choice.model}"` }];
  });
  const [first] = issues;
  if (first) throw new ApiError(400, 'validation_failed', `${first.path}: ${first.message}.`, { issues });
}

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
