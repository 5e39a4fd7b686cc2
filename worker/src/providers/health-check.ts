/** A provider's health check: a cheap authenticated request (its model list), timed. */
import type { ModelInfo, ProviderHealthCheck } from './types.ts';

/** Runs `probe`; ok with its latency, or not ok with the error's message. */
export async function timedHealthCheck(probe: () => Promise<ModelInfo[]>): Promise<ProviderHealthCheck> {
  const started = Date.now();
  try {
    await probe();
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
