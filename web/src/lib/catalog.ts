/** What rooms are made of: the personas one may cast and the providers that may voice them. */
import type { InferResponseType } from 'hono/client';
import type { ProvidersBody, ProviderStatus } from '../../../worker/src/routes/providers.ts';
import { api, readApiError } from './api.ts';

/** A persona as `GET /api/personas` lists it: seed ones have `seed: true` and their name as id. */
export type Persona = InferResponseType<typeof api.api.personas.$get, 200>['personas'][number];

/** One provider of `GET /api/providers`. */
export type Provider = ProviderStatus;

/** A persona's voice in a room: the provider and model it speaks through. */
export interface Voice {
  provider: Provider['id'];
  model: string;
}

/** `GET /api/personas`: the seed personas, then the caller's own. */
export async function fetchPersonas(): Promise<Persona[]> {
  const response = await api.api.personas.$get();
  if (response.status !== 200) throw await readApiError(response);
  return (await response.json()).personas;
}

/** `GET /api/providers`. */
export async function fetchProviders(): Promise<ProvidersBody> {
  const response = await api.api.providers.$get();
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

/** The providers a room may use: the configured ones (the demo provider always is). */
export function usableProviders(providers: readonly Provider[]): Provider[] {
  return providers.filter((provider) => provider.configured || provider.demo);
}

/** How the UI names a provider: the built-in demo provider is plainly "demo". */
export function providerName(provider: Provider): string {
  return provider.demo ? 'demo' : provider.label;
}

/** The models to offer for a provider: those it listed, its default, and `extra` (a persona's own model). */
export function modelsOf(provider: Provider, extra?: string): string[] {
  return [...new Set([...provider.models, provider.defaultModel, ...(extra ? [extra] : [])])];
}

/** The model a persona uses on a provider: its own default model on its own provider, else the provider's default. */
export function modelFor(persona: Persona, provider: Provider): string {
  return provider.id === persona.defaultProvider ? persona.defaultModel : provider.defaultModel;
}

/** A persona's voice when first chosen: its own provider when usable, else the demo provider (else the first usable one). */
export function defaultVoice(persona: Persona, usable: readonly Provider[]): Voice | undefined {
  const provider =
    usable.find((candidate) => candidate.id === persona.defaultProvider) ??
    usable.find((candidate) => candidate.demo) ??
    usable[0];
  return provider && { provider: provider.id, model: modelFor(persona, provider) };
}
