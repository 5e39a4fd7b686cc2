/**
 * Rows of `ai_providers` that add to or override the built-in providers.
 *
 * A row applies to the provider named by its `provider_type` (a ProviderId)
 * while `is_active`:
 * - `api_endpoint` replaces the provider's base URL (for LM Studio and Ollama
 *   it also switches the provider on without LM_STUDIO_URL / OLLAMA_URL);
 * - `model_name` adds a model to the provider's list, and the first such row
 *   (by `name`) becomes the provider's default model;
 * - `default_parameters` `{ temperature?, maxOutputTokens? }` apply to calls of
 *   that model (or of every model of the provider when the row names none):
 *   `temperature` replaces the persona's (e.g. 1 for reasoning models that
 *   accept nothing else), `maxOutputTokens` caps the request's.
 * Keys never live in the database: a keyed provider still needs its variable.
 * Rows are read through `loadProviderOverrides`, cached per isolate briefly.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { aiProviders } from '../db/schema/index.ts';
import { PROVIDER_IDS, type ChatRequest, type ProviderId } from './types.ts';
import { createLogger } from '../logging/logger.ts';

/** One active `ai_providers` row, validated. */
export interface ProviderOverride {
  name: string;
  provider: ProviderId;
  endpoint?: string;
  model?: string;
  parameters: { temperature?: number; maxOutputTokens?: number };
}

const rowSchema = z.object({
  name: z.string(),
  providerType: z.enum(PROVIDER_IDS),
  apiEndpoint: z
    .url({ protocol: /^https?$/ })
    .nullish()
    .transform((value) => value ?? undefined),
  modelName: z
    .string()
    .min(1)
    .nullish()
    .transform((value) => value ?? undefined),
  defaultParameters: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      maxOutputTokens: z.number().int().positive().optional(),
    })
    .nullish()
    .transform((value) => value ?? {}),
});

/** How long rows are kept per isolate: edits show up within this. */
export const OVERRIDES_MAX_AGE_MS = 30_000;

const cache = new Map<string, { at: number; overrides: Promise<ProviderOverride[]> }>();

/** The active, valid rows of `ai_providers` by name; invalid rows are logged and skipped. Cached per `cacheKey`. */
export function loadProviderOverrides(
  db: Database,
  cacheKey: string,
  maxAgeMs = OVERRIDES_MAX_AGE_MS,
): Promise<ProviderOverride[]> {
  const cached = cache.get(cacheKey);
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.overrides;
  const overrides = readOverrides(db);
  cache.set(cacheKey, { at: Date.now(), overrides });
  // A failed read is not cached: the next call tries again.
  overrides.catch(() => cache.delete(cacheKey));
  return overrides;
}

async function readOverrides(db: Database): Promise<ProviderOverride[]> {
  const rows = await db.select().from(aiProviders).where(eq(aiProviders.isActive, true)).orderBy(aiProviders.name);
  return rows.flatMap((row): ProviderOverride[] => {
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      createLogger().warn('ai-provider-row-skipped', { name: row.name, issue: parsed.error.issues[0]?.message });
      return [];
    }
    const { name, providerType, apiEndpoint, modelName, defaultParameters } = parsed.data;
    return [{ name, provider: providerType, endpoint: apiEndpoint, model: modelName, parameters: defaultParameters }];
  });
}

/** The request with the rows' default parameters for its provider and model applied. */
export function applyParameters<T extends Pick<ChatRequest, 'model' | 'temperature' | 'maxOutputTokens'>>(
  request: T,
  provider: ProviderId,
  overrides: readonly ProviderOverride[],
): T {
  let result = request;
  // Provider-wide rows first, so a row for the exact model wins.
  const rows = overrides.filter(
    (row) => row.provider === provider && (row.model === undefined || row.model === request.model),
  );
  for (const row of [
    ...rows.filter((row) => row.model === undefined),
    ...rows.filter((row) => row.model !== undefined),
  ]) {
    const { temperature, maxOutputTokens } = row.parameters;
    result = {
      ...result,
      temperature: temperature ?? result.temperature,
      maxOutputTokens:
        maxOutputTokens === undefined ? result.maxOutputTokens : Math.min(maxOutputTokens, result.maxOutputTokens),
    };
  }
  return result;
}
