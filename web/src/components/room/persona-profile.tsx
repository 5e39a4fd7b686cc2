/** A persona's profile, opened from the cast: who it is (its prompt's first lines when this viewer may read it), its traits, its voice, and what it has said and cost so far. */
import { createResource, For, onMount, Show, type Component } from 'solid-js';
import type { RoomMessage } from '../../../../worker/src/contract/index.ts';
import { fetchPersonas } from '../../lib/catalog.ts';
import { formatCost } from './message-bubble.tsx';

/** A persona of the room as the conversation lists it. */
export interface CastMember {
  name: string;
  displayName: string;
  avatar: string;
  color: string;
  provider: string;
  model: string;
  style?: string;
  traits?: readonly string[];
  temperature?: number;
}

/** The first lines of a prompt, at most ~240 characters. */
export function promptPreview(prompt: string): string {
  const lines = prompt.split(/\n+/).slice(0, 3).join(' ');
  return lines.length > 240 ? `${lines.slice(0, 239).trimEnd()}…` : lines;
}

// The persona list is read once per page: seed personas and this viewer's own carry their prompts.
let personas: ReturnType<typeof fetchPersonas> | undefined;
const knownPersonas = () => (personas ??= fetchPersonas().catch(() => []));

/** The profile as a modal dialog; closed by its button, Escape or a click on the backdrop. */
export const PersonaProfile: Component<{
  member: CastMember;
  messages: readonly RoomMessage[];
  onClose: () => void;
}> = (props) => {
  let dialog: HTMLDialogElement | undefined;
  const [prompt] = createResource(
    () => props.member.name,
    async (name) => (await knownPersonas()).find((persona) => persona.name === name)?.systemPrompt ?? null,
  );
  const own = () =>
    props.messages.filter((message) => message.persona === props.member.name && message.senderType === 'ai');
  const spent = () => own().reduce((total, message) => total + (message.metadata.costUsd ?? 0), 0);
  onMount(() => {
    if (typeof dialog?.showModal === 'function') dialog.showModal();
    else dialog?.setAttribute('open', '');
  });
  const titleId = `profile-${props.member.name}`;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the dialog; Escape does so from the keyboard natively
    <dialog
      ref={dialog}
      class="persona-profile"
      aria-labelledby={titleId}
      style={{ '--persona-color': props.member.color }}
      onClose={() => props.onClose()}
      onClick={(event) => event.target === dialog && dialog?.close()}
    >
      <div class="persona-profile-body">
        <header>
          <span class="cast-avatar" aria-hidden="true">
            {props.member.avatar}
          </span>
          <h2 id={titleId}>{props.member.displayName}</h2>
        </header>
        <Show when={prompt()}>{(text) => <p class="persona-profile-prompt">“{promptPreview(text())}”</p>}</Show>
        <dl>
          <dt>Voice</dt>
          <dd>
            {props.member.provider} · {props.member.model}
          </dd>
          <Show when={props.member.style}>
            <dt>Style</dt>
            <dd>
              {props.member.style}
              {props.member.temperature !== undefined ? `, temperature ${props.member.temperature}` : ''}
            </dd>
          </Show>
          <Show when={(props.member.traits ?? []).length > 0}>
            <dt>Traits</dt>
            <dd>
              <ul class="persona-profile-traits">
                <For each={props.member.traits}>{(trait) => <li>{trait}</li>}</For>
              </ul>
            </dd>
          </Show>
          <dt>So far</dt>
          <dd>
            {own().length} {own().length === 1 ? 'message' : 'messages'}, {formatCost(spent())}
          </dd>
        </dl>
        <button type="button" class="persona-profile-close" onClick={() => dialog?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
};
