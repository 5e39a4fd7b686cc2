/** The cast of a new room: a checkbox per persona and, for each one chosen, the provider and model it speaks through. */
import { For, Show, type Component } from 'solid-js';
import { modelsOf, providerName, type Persona, type Provider, type Voice } from '../lib/catalog.ts';
import { describedBy, Field } from './field.tsx';

interface Props {
  personas: readonly Persona[];
  /** The providers a room may use. */
  providers: readonly Provider[];
  /** The voice of a chosen persona; undefined when not chosen. */
  voiceOf: (personaId: string) => Voice | undefined;
  onToggle: (persona: Persona, chosen: boolean) => void;
  onProvider: (persona: Persona, provider: Provider) => void;
  onModel: (persona: Persona, model: string) => void;
  /** The server's error for a field of a chosen persona (`provider`, `model`, or '' for the entry). */
  errorOf: (personaId: string, field: string) => string | undefined;
}

/** One row per persona; the selects appear once it is chosen. Options carry `selected`: a select's value set before its options exist is lost. */
export const PersonaChoices: Component<Props> = (props) => (
  <ul class="persona-choices">
    <For each={props.personas}>
      {(persona) => {
        const id = `persona-${persona.id}`;
        const voice = () => props.voiceOf(persona.id);
        const provider = () => props.providers.find((candidate) => candidate.id === voice()?.provider);
        return (
          <li style={{ '--persona-color': persona.color }}>
            <label class="check persona-check">
              <input
                type="checkbox"
                checked={voice() !== undefined}
                onChange={(event) => props.onToggle(persona, event.currentTarget.checked)}
              />
              <span class="avatar" aria-hidden="true">
                {persona.avatar}
              </span>
              {persona.displayName}
            </label>
            <Show when={props.errorOf(persona.id, '')}>{(error) => <small class="field-error">{error()}</small>}</Show>
            <Show when={voice()}>
              {(chosen) => (
                <div class="row">
                  <Field
                    for={`${id}-provider`}
                    label={`Provider for ${persona.displayName}`}
                    error={props.errorOf(persona.id, 'provider')}
                  >
                    <select
                      id={`${id}-provider`}
                      onChange={(event) => {
                        const next = props.providers.find((candidate) => candidate.id === event.currentTarget.value);
                        if (next) props.onProvider(persona, next);
                      }}
                      {...describedBy(`${id}-provider`, props.errorOf(persona.id, 'provider'))}
                    >
                      <For each={props.providers}>
                        {(option) => (
                          <option value={option.id} selected={option.id === chosen().provider}>
                            {providerName(option)}
                          </option>
                        )}
                      </For>
                    </select>
                  </Field>
                  <Field
                    for={`${id}-model`}
                    label={`Model for ${persona.displayName}`}
                    error={props.errorOf(persona.id, 'model')}
                  >
                    <select
                      id={`${id}-model`}
                      onChange={(event) => props.onModel(persona, event.currentTarget.value)}
                      {...describedBy(`${id}-model`, props.errorOf(persona.id, 'model'))}
                    >
                      <For
                        each={
                          provider()
                            ? modelsOf(
                                provider()!,
                                persona.defaultProvider === chosen().provider ? persona.defaultModel : undefined,
                              )
                            : [chosen().model]
                        }
                      >
                        {(model) => (
                          <option value={model} selected={model === chosen().model}>
                            {model}
                          </option>
                        )}
                      </For>
                    </select>
                  </Field>
                </div>
              )}
            </Show>
          </li>
        );
      }}
    </For>
  </ul>
);
