/** New room: cast 2 to 6 personas, give each a provider and model, set the topic and limits, create it, and go to it. */
import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, Match, Show, Switch, type Component } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { AUDIENCE_LIMITS, CONVERSATION_LIMITS } from '../../../worker/src/contract/limits.ts';
import { describedBy, Field, FormAlert } from '../components/field.tsx';
import { PersonaChoices } from '../components/persona-choices.tsx';
import { api, readApiError } from '../lib/api.ts';
import {
  defaultVoice,
  fetchPersonas,
  fetchProviders,
  modelFor,
  usableProviders,
  type Persona,
  type Voice,
} from '../lib/catalog.ts';
import { createFormState } from '../lib/form.ts';
import { currentUser } from '../stores/session.ts';
import './create-room.css';

/** The body of `POST /api/conversations`. */
export type CreateRoomBody = Parameters<typeof api.api.conversations.$post>[0]['json'];

const MODES = [
  { value: 'sequential', label: 'Sequential (round robin)' },
  { value: 'random', label: 'Random' },
  { value: 'context-aware', label: 'Context-aware (who was addressed answers)' },
] as const;

const VISIBILITIES = [
  { value: 'public', label: 'Public: in the lobby' },
  { value: 'unlisted', label: 'Unlisted: anyone with the link' },
  { value: 'private', label: 'Private: only you' },
] as const;

/** The option of `options` whose value a select reported. */
function optionOf<T extends string>(options: readonly { value: T }[], value: string): T | undefined {
  return options.find((option) => option.value === value)?.value;
}

const SignInPrompt: Component = () => (
  <p class="sign-in-prompt">
    <A href={`/sign-in?next=${encodeURIComponent('/rooms/new')}`}>Sign in</A> to create a room (or{' '}
    <A href="/sign-up">sign up</A>: it takes a minute).
  </p>
);

const CreateRoomForm: Component = () => {
  const navigate = useNavigate();
  const form = createFormState({
    names: {
      title: 'the title',
      topic: 'the topic',
      personas: 'personas',
      maxTurns: 'max turns',
      budgetUsd: 'the budget',
      model: 'the model',
      provider: 'the provider',
      suggestionEvery: 'how often a suggestion is taken',
    },
  });
  const [personas] = createResource(fetchPersonas);
  const [providers] = createResource(fetchProviders);
  const usable = () => usableProviders(providers()?.providers ?? []);
  const [title, setTitle] = createSignal('');
  const [topic, setTopic] = createSignal('');
  const [mode, setMode] = createSignal<CreateRoomBody['mode']>('sequential');
  const [maxTurns, setMaxTurns] = createSignal(String(CONVERSATION_LIMITS.maxTurns.default));
  const [budget, setBudget] = createSignal(String(CONVERSATION_LIMITS.budgetUsd.default));
  const [visibility, setVisibility] = createSignal<CreateRoomBody['visibility']>('public');
  const [replyCache, setReplyCache] = createSignal(false);
  const [voteNext, setVoteNext] = createSignal(false);
  const [suggestionEvery, setSuggestionEvery] = createSignal(String(AUDIENCE_LIMITS.suggestionEvery.default));
  const [voices, setVoices] = createStore<Record<string, Voice | undefined>>({});

  /** The chosen personas in the order of the list, as the request names them. */
  const chosen = (): Persona[] => (personas() ?? []).filter((persona) => voices[persona.id] !== undefined);
  const errorOf = (personaId: string, field: string) => {
    const index = chosen().findIndex((persona) => persona.id === personaId);
    return index < 0 ? undefined : form.fieldError(field ? `personas.${index}.${field}` : `personas.${index}`);
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const body: CreateRoomBody = {
        title: title(),
        topic: topic(),
        personas: chosen().map((persona) => ({
          persona: persona.id,
          provider: voices[persona.id]!.provider,
          model: voices[persona.id]!.model,
        })),
        mode: mode(),
        maxTurns: Number(maxTurns()),
        budgetUsd: Number(budget()),
        visibility: visibility(),
        replyCache: replyCache(),
        voteNext: voteNext(),
        suggestionEvery: Number(suggestionEvery()),
      };
      const response = await api.api.conversations.$post({ json: body });
      if (response.status !== 201) throw await readApiError(response);
      navigate(`/rooms/${(await response.json()).id}`);
    });
  };

  return (
    <form class="form create-room" onSubmit={onSubmit}>
      <FormAlert message={form.error()} />
      <Field for="room-title" label="Title" error={form.fieldError('title')}>
        <input
          id="room-title"
          required
          maxLength={CONVERSATION_LIMITS.title.max}
          value={title()}
          onInput={(event) => (setTitle(event.currentTarget.value), form.clearField('title'))}
          {...describedBy('room-title', form.fieldError('title'))}
        />
      </Field>
      <Field
        for="room-topic"
        label="Topic"
        hint={`What the personas should talk about (at most ${CONVERSATION_LIMITS.topic.max} characters)`}
        error={form.fieldError('topic')}
      >
        <textarea
          id="room-topic"
          required
          maxLength={CONVERSATION_LIMITS.topic.max}
          value={topic()}
          onInput={(event) => (setTopic(event.currentTarget.value), form.clearField('topic'))}
          {...describedBy('room-topic', form.fieldError('topic'), true)}
        />
      </Field>
      <fieldset aria-describedby="room-personas-hint">
        <legend>Personas</legend>
        <small id="room-personas-hint" class="field-hint">
          Choose {CONVERSATION_LIMITS.personas.min} to {CONVERSATION_LIMITS.personas.max} ({chosen().length} chosen).{' '}
          <A href="/personas">Write your own</A>.
        </small>
        <Show when={form.fieldError('personas')}>{(error) => <small class="field-error">{error()}</small>}</Show>
        <Switch>
          <Match when={personas.error || providers.error}>
            <p role="alert">
              Could not load the personas and providers: {String((personas.error ?? providers.error)?.message)}
            </p>
          </Match>
          <Match when={personas.loading || providers.loading}>
            <p aria-busy="true">Loading personas…</p>
          </Match>
          <Match when={personas()}>
            {(list) => (
              <PersonaChoices
                personas={list()}
                providers={usable()}
                voiceOf={(id) => voices[id]}
                onToggle={(persona, on) => (
                  setVoices(persona.id, on ? defaultVoice(persona, usable()) : undefined), form.clearField('personas')
                )}
                onProvider={(persona, provider) =>
                  setVoices(persona.id, { provider: provider.id, model: modelFor(persona, provider) })
                }
                onModel={(persona, model) =>
                  setVoices(
                    produce((all) => {
                      const voice = all[persona.id];
                      if (voice) all[persona.id] = { ...voice, model };
                    }),
                  )
                }
                errorOf={errorOf}
              />
            )}
          </Match>
        </Switch>
      </fieldset>
      <div class="row">
        <Field for="room-mode" label="Mode" error={form.fieldError('mode')}>
          <select id="room-mode" onChange={(event) => setMode(optionOf(MODES, event.currentTarget.value) ?? mode())}>
            {MODES.map((option) => (
              <option value={option.value} selected={option.value === mode()}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field for="room-visibility" label="Visibility" error={form.fieldError('visibility')}>
          <select
            id="room-visibility"
            onChange={(event) => setVisibility(optionOf(VISIBILITIES, event.currentTarget.value) ?? visibility())}
          >
            {VISIBILITIES.map((option) => (
              <option value={option.value} selected={option.value === visibility()}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="row">
        <Field
          for="room-max-turns"
          label="Max turns"
          hint={`${CONVERSATION_LIMITS.maxTurns.min} to ${CONVERSATION_LIMITS.maxTurns.max}`}
          error={form.fieldError('maxTurns')}
        >
          <input
            id="room-max-turns"
            type="number"
            min={CONVERSATION_LIMITS.maxTurns.min}
            max={CONVERSATION_LIMITS.maxTurns.max}
            step={1}
            required
            value={maxTurns()}
            onInput={(event) => (setMaxTurns(event.currentTarget.value), form.clearField('maxTurns'))}
            {...describedBy('room-max-turns', form.fieldError('maxTurns'), true)}
          />
        </Field>
        <Field
          for="room-budget"
          label="Budget (USD)"
          hint={`${CONVERSATION_LIMITS.budgetUsd.min} to ${CONVERSATION_LIMITS.budgetUsd.max}; the demo provider is free`}
          error={form.fieldError('budgetUsd')}
        >
          <input
            id="room-budget"
            type="number"
            min={CONVERSATION_LIMITS.budgetUsd.min}
            max={CONVERSATION_LIMITS.budgetUsd.max}
            step={0.01}
            required
            value={budget()}
            onInput={(event) => (setBudget(event.currentTarget.value), form.clearField('budgetUsd'))}
            {...describedBy('room-budget', form.fieldError('budgetUsd'), true)}
          />
        </Field>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={replyCache()}
          onChange={(event) => setReplyCache(event.currentTarget.checked)}
        />
        Reuse cached replies
      </label>
      <fieldset class="create-room-audience">
        <legend>The audience</legend>
        <label class="check">
          <input type="checkbox" checked={voteNext()} onChange={(event) => setVoteNext(event.currentTarget.checked)} />
          The audience picks who speaks next
        </label>
        <Field
          for="room-suggestion-every"
          label="Take an audience suggestion every N turns"
          hint={`${AUDIENCE_LIMITS.suggestionEvery.min} (never) to ${AUDIENCE_LIMITS.suggestionEvery.max}`}
          error={form.fieldError('suggestionEvery')}
        >
          <input
            id="room-suggestion-every"
            type="number"
            min={AUDIENCE_LIMITS.suggestionEvery.min}
            max={AUDIENCE_LIMITS.suggestionEvery.max}
            step={1}
            required
            value={suggestionEvery()}
            onInput={(event) => (setSuggestionEvery(event.currentTarget.value), form.clearField('suggestionEvery'))}
            {...describedBy('room-suggestion-every', form.fieldError('suggestionEvery'), true)}
          />
        </Field>
      </fieldset>
      <button type="submit" class="button-primary" disabled={form.submitting()}>
        Create room
      </button>
    </form>
  );
};

const Page: Component = () => (
  <>
    <h1>New room</h1>
    <Show when={currentUser()} fallback={<SignInPrompt />}>
      <CreateRoomForm />
    </Show>
  </>
);

export default Page;
