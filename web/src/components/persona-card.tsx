/** One persona as the personas page shows it: its voice, its looks and its default provider. */
import { For, Show, type JSX, type ParentComponent } from 'solid-js';
import type { Persona } from '../lib/catalog.ts';

interface Props {
  persona: Persona;
}

/** The persona's details; the children are its actions (edit, delete) or an editor. */
export const PersonaCard: ParentComponent<Props> = (props) => (
  <article
    class="persona-card"
    aria-label={props.persona.displayName}
    style={{ '--persona-color': props.persona.color } as JSX.CSSProperties}
  >
    <header>
      <span class="avatar" aria-hidden="true">
        {props.persona.avatar}
      </span>
      <h3>{props.persona.displayName}</h3>
      <code>{props.persona.name}</code>
      <Show when={props.persona.seed}>
        <span class="badge">seed · read-only</span>
      </Show>
    </header>
    <dl>
      <dt>Style</dt>
      <dd>{props.persona.style}</dd>
      <dt>Temperature</dt>
      <dd>{props.persona.temperature}</dd>
      <dt>Average length</dt>
      <dd>{props.persona.avgLength} words</dd>
      <dt>Traits</dt>
      <dd>
        <ul class="traits">
          <For each={props.persona.traits}>{(trait) => <li>{trait}</li>}</For>
        </ul>
      </dd>
      <dt>Default</dt>
      <dd>
        {props.persona.defaultProvider === 'demo' ? 'demo' : props.persona.defaultProvider} ·{' '}
        {props.persona.defaultModel}
      </dd>
    </dl>
    <details>
      <summary>System prompt</summary>
      <p class="system-prompt">{props.persona.systemPrompt}</p>
    </details>
    {props.children}
  </article>
);
