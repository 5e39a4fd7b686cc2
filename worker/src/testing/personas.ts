/** Personas for the worker tests. */
import { PERSONA_EXAMPLE } from '../personas/schema.ts';

/** A valid persona with a unique name. */
export function personaInput(overrides: Record<string, unknown> = {}) {
  return {
    ...PERSONA_EXAMPLE,
    traits: [...PERSONA_EXAMPLE.traits],
    name: `pirate-${crypto.randomUUID().slice(0, 6)}`,
    ...overrides,
  };
}
