/** Personas for the worker tests. */

/** A valid persona with a unique name. */
export function personaInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `pirate-${crypto.randomUUID().slice(0, 6)}`,
    displayName: 'The Pirate',
    systemPrompt: 'You are a salty pirate captain who answers every question with tales of the sea.',
    temperature: 0.8,
    style: 'swashbuckling',
    avgLength: 90,
    traits: ['bold', 'boastful'],
    avatar: '🏴‍☠️',
    color: '#1d4e89',
    defaultProvider: 'demo',
    defaultModel: 'demo-voice',
    ...overrides,
  };
}
