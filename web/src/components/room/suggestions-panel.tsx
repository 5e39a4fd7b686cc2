/** The open topic suggestions with their upvotes (none on one's own), and the box to add one for signed-in viewers, within the contract's length limits. */
import { A } from '@solidjs/router';
import { createSignal, For, Show, type Component } from 'solid-js';
import { AUDIENCE_LIMITS, type Suggestion } from '../../../../worker/src/contract/index.ts';
import type { AudienceAction } from '../../stores/audience.ts';

/** The open suggestions and, signed in, the box to add one. */
export const SuggestionsPanel: Component<{
  items: readonly Suggestion[];
  upvoted: readonly string[];
  username: string | null;
  signInPath: string;
  refusal: { kind: 'suggest' | 'upvote'; words: string; text?: string } | null;
  onSend: (action: AudienceAction) => void;
  /** Escape pressed inside. */
  onClose?: () => void;
}> = (props) => {
  const { min, max } = AUDIENCE_LIMITS.suggestion;
  const [text, setText] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const words = text().trim();
    if (words.length < min) {
      setProblem(`A suggestion is at least ${min} characters.`);
      return;
    }
    setProblem(null);
    props.onSend({ type: 'suggest', text: words });
    setText('');
  };
  const error = () => problem() ?? (props.refusal?.kind === 'suggest' ? props.refusal.words : null);
  return (
    <section
      id="suggestions-panel"
      class="suggestions"
      aria-labelledby="suggestions-title"
      onKeyDown={(event) => event.key === 'Escape' && props.onClose?.()}
    >
      <h2 id="suggestions-title">Suggestions</h2>
      <Show when={props.items.length > 0} fallback={<p class="suggestions-empty">No suggestions yet.</p>}>
        <ol class="suggestion-list">
          <For each={props.items}>
            {(item) => (
              <li class="suggestion">
                <p class="suggestion-text">{item.text}</p>
                <span class="suggestion-author">by {item.author}</span>
                <Show
                  when={props.username && props.username !== item.author}
                  fallback={
                    <span class="suggestion-votes">
                      {item.votes} {item.votes === 1 ? 'upvote' : 'upvotes'}
                    </span>
                  }
                >
                  <button
                    type="button"
                    class="suggestion-upvote"
                    aria-pressed={props.upvoted.includes(item.id)}
                    aria-label={`Upvote “${item.text}”, ${item.votes} so far`}
                    onClick={() => {
                      if (!props.upvoted.includes(item.id)) props.onSend({ type: 'upvote', suggestionId: item.id });
                    }}
                  >
                    ▲ {item.votes}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.refusal?.kind === 'upvote'}>
        <p class="audience-error" role="alert">
          {props.refusal?.words}
        </p>
      </Show>
      <Show
        when={props.username}
        fallback={
          <p class="suggestions-sign-in">
            <A href={props.signInPath}>Sign in</A> to suggest a topic or upvote one.
          </p>
        }
      >
        <form class="suggest-form" onSubmit={submit}>
          <label for="suggest-text">Suggest a new angle</label>
          <div class="suggest-row">
            <input
              id="suggest-text"
              maxLength={max}
              value={text()}
              aria-describedby="suggest-count"
              onInput={(event) => (setText(event.currentTarget.value), setProblem(null))}
              placeholder="What should they talk about next?"
            />
            <button type="submit" class="primary">
              Suggest
            </button>
          </div>
          <small id="suggest-count" class="suggest-count">
            {text().length}/{max}
          </small>
          <Show when={error()}>
            {(words) => (
              <p class="audience-error" role="alert">
                {words()}
              </p>
            )}
          </Show>
        </form>
      </Show>
    </section>
  );
};
