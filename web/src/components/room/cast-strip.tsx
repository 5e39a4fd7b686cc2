/** The cast as a strip of avatar circles in their colours; the one typing or speaking now is highlighted and animated; each opens its profile. */
import { createSignal, For, Show, type Component } from 'solid-js';
import type { RoomMessage } from '../../../../worker/src/contract/index.ts';
import type { CastMember } from './persona-profile.tsx';
import { lazyPart } from '../../lib/lazy-chunk.ts';

// Fetched on the first click of a cast member: the room page's own chunk stays small.
const PersonaProfile = lazyPart(() =>
  import('./persona-profile.tsx').then((module) => ({ default: module.PersonaProfile })),
);

interface Props {
  cast: readonly CastMember[];
  /** The persona typing now, if any. */
  typing: string | null;
  /** The persona whose message is streaming now, if any. */
  speaking: string | null;
  messages: readonly RoomMessage[];
}

/** The strip and the profile it opens. */
export const CastStrip: Component<Props> = (props) => {
  const [open, setOpen] = createSignal<CastMember | null>(null);
  const activity = (name: string) => (props.speaking === name ? 'speaking' : props.typing === name ? 'typing' : null);
  return (
    <>
      <ul class="cast" aria-label="Cast">
        <For each={props.cast}>
          {(member) => (
            <li>
              <button
                type="button"
                class="cast-member"
                data-activity={activity(member.name) ?? 'none'}
                aria-haspopup="dialog"
                style={{ '--persona-color': member.color }}
                onClick={() => setOpen(member)}
              >
                <span class="cast-avatar" aria-hidden="true">
                  {member.avatar}
                </span>
                <span class="cast-name">{member.displayName}</span>
                <Show when={activity(member.name)}>{(now) => <span class="visually-hidden">, {now()}</span>}</Show>
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={open()}>
        {(member) => <PersonaProfile member={member()} messages={props.messages} onClose={() => setOpen(null)} />}
      </Show>
    </>
  );
};
