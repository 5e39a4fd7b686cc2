/** Personas: the seed personas (read-only) and your own, which you write, change and delete here. */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch, type Component } from 'solid-js';
import { FormAlert } from '../components/field.tsx';
import { PersonaCard } from '../components/persona-card.tsx';
import { PersonaForm } from '../components/persona-form.tsx';
import { api, readApiError } from '../lib/api.ts';
import { fetchPersonas, fetchProviders, type Persona } from '../lib/catalog.ts';
import { createFormState } from '../lib/form.ts';
import { currentUser } from '../stores/session.ts';
import '../components/forms.css';
import './personas.css';

const Page: Component = () => {
  // The list is refetched when the account changes: it holds the caller's own personas.
  const [personas, { mutate }] = createResource(() => currentUser()?.id ?? 'anonymous', fetchPersonas);
  const [providers] = createResource(fetchProviders);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const removal = createFormState();
  const seeds = () => (personas() ?? []).filter((persona) => persona.seed);
  const own = () => (personas() ?? []).filter((persona) => !persona.seed);

  const saved = (persona: Persona) => {
    mutate((list = []) =>
      list.some((candidate) => candidate.id === persona.id)
        ? list.map((candidate) => (candidate.id === persona.id ? persona : candidate))
        : [...list, persona],
    );
    setEditing(null);
  };

  const remove = (persona: Persona) =>
    removal.submit(async () => {
      const response = await api.api.personas[':id'].$delete({ param: { id: persona.id } });
      if (response.status !== 204) throw await readApiError(response);
      mutate((list) => (list ?? []).filter((candidate) => candidate.id !== persona.id));
      setConfirming(null);
    });

  const editor = (persona?: Persona) => (
    <PersonaForm
      persona={persona}
      providers={providers()?.providers ?? []}
      onSaved={saved}
      onCancel={() => setEditing(null)}
    />
  );

  return (
    <>
      <h1>Personas</h1>
      <Switch>
        <Match when={personas.error}>
          <p role="alert">Could not load the personas: {String(personas.error?.message ?? personas.error)}</p>
        </Match>
        <Match when={personas()}>
          <section aria-labelledby="seed-personas">
            <h2 id="seed-personas">Seed personas</h2>
            <ul class="persona-list">
              <For each={seeds()}>
                {(persona) => (
                  <li>
                    <PersonaCard persona={persona} />
                  </li>
                )}
              </For>
            </ul>
          </section>
          <section aria-labelledby="own-personas">
            <div class="section-head">
              <h2 id="own-personas">Your personas</h2>
              <Show when={currentUser() && editing() !== 'new'}>
                <button type="button" class="button-primary" onClick={() => setEditing('new')}>
                  New persona
                </button>
              </Show>
            </div>
            <Show
              when={currentUser()}
              fallback={
                <p>
                  <A href={`/sign-in?next=${encodeURIComponent('/personas')}`}>Sign in</A> to write your own personas.
                </p>
              }
            >
              <Show when={editing() === 'new'}>{editor()}</Show>
              <FormAlert message={removal.error()} />
              <Show when={own().length > 0} fallback={<p>You have no personas yet.</p>}>
                <ul class="persona-list">
                  <For each={own()}>
                    {(persona) => (
                      <li>
                        <PersonaCard persona={persona}>
                          <Show
                            when={editing() === persona.id}
                            fallback={
                              <Show
                                when={confirming() === persona.id}
                                fallback={
                                  <div class="actions">
                                    <button
                                      type="button"
                                      class="button-plain"
                                      aria-label={`Edit ${persona.displayName}`}
                                      onClick={() => setEditing(persona.id)}
                                    >
                                      Edit
                                    </button>
                                    <button
                                      type="button"
                                      class="button-plain"
                                      aria-label={`Delete ${persona.displayName}`}
                                      onClick={() => setConfirming(persona.id)}
                                    >
                                      Delete
                                    </button>
                                  </div>
                                }
                              >
                                <div
                                  class="actions"
                                  role="group"
                                  aria-label={`Confirm deleting ${persona.displayName}`}
                                >
                                  <span>Delete {persona.displayName}? Rooms keep their copy.</span>
                                  <button
                                    type="button"
                                    class="button-primary"
                                    disabled={removal.submitting()}
                                    onClick={() => void remove(persona)}
                                  >
                                    Yes, delete
                                  </button>
                                  <button type="button" class="button-plain" onClick={() => setConfirming(null)}>
                                    Keep it
                                  </button>
                                </div>
                              </Show>
                            }
                          >
                            {editor(persona)}
                          </Show>
                        </PersonaCard>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
          </section>
        </Match>
      </Switch>
    </>
  );
};

export default Page;
