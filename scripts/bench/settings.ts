/** The room the benchmark runs: two seed personas on the demo provider, taking turns for as long as it lasts. */
import { CONVERSATION_LIMITS } from '../../worker/src/contract/index.ts';
import { SEED_PERSONAS } from '../../worker/src/personas/seed.ts';
import { DEMO_MODEL } from '../../worker/src/providers/demo/demo.ts';
import type { RoomSettings } from '../../worker/src/room/contract.ts';

export function benchSettings(conversationId: string): RoomSettings {
  const personas = SEED_PERSONAS.filter((persona) => persona.name === 'philosopher' || persona.name === 'comedian').map(
    ({ defaultProvider: _provider, defaultModel: _model, ...persona }) => ({
      ...persona,
      provider: 'demo' as const,
      model: DEMO_MODEL,
    }),
  );
  return {
    conversationId,
    title: 'Benchmark',
    topic: 'whether machines can be funny',
    mode: 'sequential',
    personas,
    maxTurns: CONVERSATION_LIMITS.maxTurns.max,
    budgetUsd: 1,
  };
}
