/** API bodies the page tests answer with, typed by the API's own types so they cannot drift from the Worker. */
import type { User } from '../lib/api.ts';
import type { Persona, Provider } from '../lib/catalog.ts';

/** A signed-in account. */
export const ADA: User = {
  id: '0b7c4a8e-5d0f-4e7e-9a43-3f3a7d1f2c11',
  username: 'ada',
  email: 'ada@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  isAdmin: false,
};

function seed(
  name: string,
  displayName: string,
  defaultProvider: Persona['defaultProvider'],
  defaultModel: string,
): Persona {
  return {
    id: name,
    seed: true,
    name,
    displayName,
    systemPrompt: `You are ${displayName}, as the seed data describes at length.`,
    temperature: 0.7,
    style: 'seeded',
    avgLength: 120,
    traits: ['seeded'],
    avatar: '🙂',
    color: '#7c5cbf',
    defaultProvider,
    defaultModel,
  };
}

/** The seed personas, with the seed's default providers. */
export const SEEDS: Persona[] = [
  seed('philosopher', 'The Philosopher', 'anthropic', 'claude-sonnet-4-5'),
  seed('comedian', 'The Comedian', 'openai', 'gpt-4.1-mini'),
  seed('scientist', 'The Scientist', 'openai', 'gpt-4.1'),
];

/** One of Ada's own personas. */
export const PIRATE: Persona = {
  id: '5d7c3b1a-0000-4000-8000-000000000001',
  seed: false,
  name: 'pirate',
  displayName: 'The Pirate',
  systemPrompt: 'You are a salty pirate captain who answers every question with tales of the sea.',
  temperature: 0.8,
  style: 'swashbuckling',
  avgLength: 90,
  traits: ['bold', 'boastful'],
  avatar: '🏴‍☠️',
  color: '#1d4e89',
  defaultProvider: 'demo',
  defaultModel: 'chimera-demo',
};

function provider(
  id: Provider['id'],
  label: string,
  configured: boolean,
  defaultModel: string,
  models: string[],
): Provider {
  return {
    id,
    label,
    demo: id === 'demo',
    configured,
    healthy: configured ? true : null,
    error: null,
    circuit: 'closed',
    circuitCause: null,
    defaultModel,
    models,
    modelsKnown: configured,
  };
}

/** OpenAI configured, Anthropic not, and the demo provider. */
export const PROVIDERS: Provider[] = [
  provider('openai', 'OpenAI', true, 'gpt-4.1-mini', ['gpt-4.1-mini', 'gpt-4.1']),
  provider('anthropic', 'Anthropic', false, 'claude-haiku-4-5', []),
  provider('demo', 'Demo (built-in, no AI)', true, 'chimera-demo', ['chimera-demo']),
];
