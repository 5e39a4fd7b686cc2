/** Write or change one of your personas: every field the API takes, the server's errors beside each. */
import { createSignal, For, type Component } from 'solid-js';
import { PERSONA_LIMITS } from '../../../worker/src/contract/limits.ts';
import { createStore } from 'solid-js/store';
import { api, readApiError } from '../lib/api.ts';
import { providerName, type Persona, type Provider } from '../lib/catalog.ts';
import { createFormState } from '../lib/form.ts';
import { describedBy, Field, FormAlert } from './field.tsx';

/** The body of `POST /api/personas`. */
export type PersonaInput = Parameters<typeof api.api.personas.$post>[0]['json'];

interface Props {
  /** The persona to change; a new one when absent. */
  persona?: Persona;
  providers: readonly Provider[];
  onSaved: (persona: Persona) => void;
  onCancel: () => void;
}

/** The form's fields as typed: text, except the provider, picked from the list. */
type Draft = Record<Exclude<keyof PersonaInput, 'defaultProvider'>, string> & { defaultProvider: Provider['id'] };

const EMPTY: Draft = {
  name: '',
  displayName: '',
  systemPrompt: '',
  temperature: '0.7',
  style: '',
  avgLength: '100',
  traits: '',
  avatar: '🙂',
  color: '#3a7bd5',
  defaultProvider: 'demo',
  defaultModel: 'chimera-demo',
};

function draftOf(persona: Persona): Draft {
  return {
    name: persona.name,
    displayName: persona.displayName,
    systemPrompt: persona.systemPrompt,
    temperature: String(persona.temperature),
    style: persona.style,
    avgLength: String(persona.avgLength),
    traits: persona.traits.join(', '),
    avatar: persona.avatar,
    color: persona.color,
    defaultProvider: persona.defaultProvider,
    defaultModel: persona.defaultModel,
  };
}

function inputOf(draft: Draft): PersonaInput {
  return {
    ...draft,
    temperature: Number(draft.temperature),
    avgLength: Number(draft.avgLength),
    traits: draft.traits
      .split(',')
      .map((trait) => trait.trim())
      .filter(Boolean),
  };
}

/** The fields of `next` that differ from `before`: what a PATCH sends. */
function changes(before: PersonaInput, next: PersonaInput): Partial<PersonaInput> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof PersonaInput)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changed[key] = next[key];
  }
  return changed as Partial<PersonaInput>;
}

/** The persona editor; creates with POST, saves only the changed fields with PATCH. */
export const PersonaForm: Component<Props> = (props) => {
  const editing = props.persona;
  const form = createFormState({
    codeFields: { persona_name_taken: 'name' },
    names: {
      name: 'the name',
      displayName: 'the display name',
      systemPrompt: 'the system prompt',
      temperature: 'the temperature',
      style: 'the style',
      avgLength: 'the average length',
      traits: 'traits',
      avatar: 'the avatar',
      color: 'the colour',
      defaultModel: 'the default model',
    },
  });
  const edit = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft(field, value);
    form.clearField(field);
  };
  const [draft, setDraft] = createStore<Draft>(editing ? draftOf(editing) : { ...EMPTY });
  const [notice, setNotice] = createSignal<string | null>(null);
  const prefix = editing ? `persona-${editing.id}` : 'persona-new';
  const idOf = (field: keyof Draft) => `${prefix}-${field}`;
  const chosenProvider = () => props.providers.find((provider) => provider.id === draft.defaultProvider);
  const modelsOf = () => chosenProvider()?.models ?? [];
  // The server refuses a model its provider does not list; when the list could not be read, nothing checks the name.
  const modelHint = () => {
    const provider = chosenProvider();
    return provider && !provider.demo && !provider.modelsKnown
      ? `${providerName(provider)} has not listed its models: check the name, or its turns fall back to another provider.`
      : undefined;
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setNotice(null);
    void form.submit(async () => {
      const input = inputOf(draft);
      if (!editing) {
        const response = await api.api.personas.$post({ json: input });
        if (response.status !== 201) throw await readApiError(response);
        props.onSaved(await response.json());
        return;
      }
      const update = changes(inputOf(draftOf(editing)), input);
      if (Object.keys(update).length === 0) {
        setNotice('Nothing changed.');
        return;
      }
      const response = await api.api.personas[':id'].$patch({ param: { id: editing.id }, json: update });
      if (response.status !== 200) throw await readApiError(response);
      props.onSaved(await response.json());
    });
  };

  const text = (
    field: Exclude<keyof Draft, 'defaultProvider'>,
    label: string,
    options: { hint?: string; maxLength?: number; type?: string; step?: string; min?: number; max?: number } = {},
  ) => (
    <Field for={idOf(field)} label={label} hint={options.hint} error={form.fieldError(field, true)}>
      <input
        id={idOf(field)}
        type={options.type ?? 'text'}
        step={options.step}
        min={options.min}
        max={options.max}
        required
        maxLength={options.maxLength}
        value={draft[field]}
        onInput={(event) => edit(field, event.currentTarget.value)}
        {...describedBy(idOf(field), form.fieldError(field, true), Boolean(options.hint))}
      />
    </Field>
  );

  return (
    <form
      class="form persona-form"
      onSubmit={onSubmit}
      aria-label={editing ? `Edit ${editing.displayName}` : 'New persona'}
    >
      <FormAlert message={form.error()} />
      <div class="row">
        {text('name', 'Name', {
          hint: 'A slug: lowercase letters, digits and dashes',
          maxLength: PERSONA_LIMITS.name.max,
        })}
        {text('displayName', 'Display name', { maxLength: PERSONA_LIMITS.displayName.max })}
      </div>
      <Field
        for={idOf('systemPrompt')}
        label="System prompt"
        hint={`${PERSONA_LIMITS.systemPrompt.min} to ${PERSONA_LIMITS.systemPrompt.max} characters: who the persona is and how it speaks`}
        error={form.fieldError('systemPrompt')}
      >
        <textarea
          id={idOf('systemPrompt')}
          required
          minLength={PERSONA_LIMITS.systemPrompt.min}
          maxLength={PERSONA_LIMITS.systemPrompt.max}
          value={draft.systemPrompt}
          onInput={(event) => edit('systemPrompt', event.currentTarget.value)}
          {...describedBy(idOf('systemPrompt'), form.fieldError('systemPrompt'), true)}
        />
      </Field>
      <div class="row">
        {text('temperature', 'Temperature', {
          hint: `${PERSONA_LIMITS.temperature.min} (steady) to ${PERSONA_LIMITS.temperature.max} (wild)`,
          type: 'number',
          step: 'any',
          min: PERSONA_LIMITS.temperature.min,
          max: PERSONA_LIMITS.temperature.max,
        })}
        {text('avgLength', 'Average length (words)', {
          hint: `${PERSONA_LIMITS.avgLength.min} to ${PERSONA_LIMITS.avgLength.max}`,
          type: 'number',
          step: '1',
          min: PERSONA_LIMITS.avgLength.min,
          max: PERSONA_LIMITS.avgLength.max,
        })}
        {text('style', 'Style', { maxLength: PERSONA_LIMITS.style.max })}
      </div>
      {text('traits', 'Traits', {
        hint: `${PERSONA_LIMITS.traits.min} to ${PERSONA_LIMITS.traits.max}, separated by commas`,
      })}
      <div class="row">
        {text('avatar', 'Avatar', { hint: 'An emoji or short text', maxLength: PERSONA_LIMITS.avatar.max })}
        {text('color', 'Colour', { type: 'color' })}
      </div>
      <div class="row">
        <Field for={idOf('defaultProvider')} label="Default provider" error={form.fieldError('defaultProvider')}>
          <select
            id={idOf('defaultProvider')}
            onChange={(event) => {
              const picked = props.providers.find((provider) => provider.id === event.currentTarget.value);
              if (picked) edit('defaultProvider', picked.id);
            }}
          >
            <For each={props.providers}>
              {(provider) => (
                <option value={provider.id} selected={provider.id === draft.defaultProvider}>
                  {providerName(provider)}
                  {provider.configured ? '' : ' (not configured)'}
                </option>
              )}
            </For>
          </select>
        </Field>
        <Field
          for={idOf('defaultModel')}
          label="Default model"
          hint={modelHint()}
          error={form.fieldError('defaultModel')}
        >
          <input
            id={idOf('defaultModel')}
            required
            maxLength={PERSONA_LIMITS.model.max}
            list={`${prefix}-models`}
            value={draft.defaultModel}
            onInput={(event) => edit('defaultModel', event.currentTarget.value)}
            {...describedBy(idOf('defaultModel'), form.fieldError('defaultModel'), modelHint() !== undefined)}
          />
          <datalist id={`${prefix}-models`}>
            <For each={modelsOf()}>{(model) => <option value={model} />}</For>
          </datalist>
        </Field>
      </div>
      <p role="status" class="field-hint">
        {notice()}
      </p>
      <div class="actions">
        <button type="submit" class="button-primary" disabled={form.submitting()}>
          {editing ? 'Save changes' : 'Create persona'}
        </button>
        <button type="button" class="button-plain" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
};
