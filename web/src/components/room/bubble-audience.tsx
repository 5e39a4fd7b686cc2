/**
 * The foot of a finished message's bubble: its reactions (the kinds given so
 * far with their counts, the viewer's own pressed, and "React" opening the
 * whole set) and, while its round's pick is open, "Best of round N". Small on
 * purpose: every bubble of the room page carries it. A count that rises bursts
 * its emoji (still under reduced motion).
 */
import { createEffect, createSignal, For, on, Show, type Component } from 'solid-js';
import { REACTION_EMOJI, type ReactionEmoji } from '../../../../worker/src/contract/index.ts';
import { countsOf, mineOf, refusalOf, sendAudience, type AudienceRoom } from '../../stores/audience-actions.ts';

/** "React 😂, 3 so far", or "React 😂" before anyone did. */
export function reactionLabel(emoji: ReactionEmoji, count: number): string {
  return count > 0 ? `React ${emoji}, ${count} so far` : `React ${emoji}`;
}

/** One kind's button: pressed once this viewer gave it; its emoji bursts when the count rises. */
const ReactionButton: Component<{ emoji: ReactionEmoji; count: number; given: boolean; onReact: () => void }> = (
  props,
) => {
  const [burst, setBurst] = createSignal(0);
  createEffect(
    on(
      () => props.count,
      (count, previous) => {
        if (previous !== undefined && count > previous) setBurst((n) => n + 1);
      },
    ),
  );
  return (
    <button
      type="button"
      class="reaction"
      aria-pressed={props.given}
      aria-label={reactionLabel(props.emoji, props.count)}
      onClick={() => {
        // A reaction cannot be taken back: giving it again changes nothing.
        if (!props.given) props.onReact();
      }}
    >
      <span aria-hidden="true">{props.emoji}</span>
      <Show when={props.count > 0}>
        <span class="reaction-count" aria-hidden="true">
          {props.count}
        </span>
      </Show>
      <Show when={burst()} keyed>
        <span class="reaction-burst" aria-hidden="true" onAnimationEnd={() => setBurst(0)}>
          {props.emoji}
        </span>
      </Show>
    </button>
  );
};

/** The reactions and the pick of one finished message. */
export const BubbleAudienceBar: Component<{
  audience: AudienceRoom;
  messageId: string;
  stored: Partial<Record<ReactionEmoji, number>> | undefined;
  author: string;
}> = (props) => {
  const [open, setOpen] = createSignal(false);
  const view = () => props.audience.view();
  const mine = () => mineOf(view());
  const counts = () => countsOf(view(), props.messageId, props.stored);
  const given = (emoji: ReactionEmoji) => (mine().reactions[props.messageId] ?? []).includes(emoji);
  const shown = () => REACTION_EMOJI.filter((emoji) => open() || (counts()[emoji] ?? 0) > 0);
  const pick = () => {
    const open = view().pick;
    return open?.messageIds.includes(props.messageId) ? open : null;
  };
  const reactRefusal = () => refusalOf(view(), 'react', props.messageId);
  const pickRefusal = () => refusalOf(view(), 'pick', props.messageId);
  return (
    <div class="bubble-audience">
      <div
        class="reactions"
        role="group"
        aria-label={`Reactions to ${props.author}'s message`}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      >
        <For each={shown()}>
          {(emoji) => (
            <ReactionButton
              emoji={emoji}
              count={counts()[emoji] ?? 0}
              given={given(emoji)}
              onReact={() => {
                sendAudience(props.audience, { type: 'react', messageId: props.messageId, emoji });
                setOpen(false);
              }}
            />
          )}
        </For>
        <button
          type="button"
          class="reaction reaction-more"
          aria-expanded={open()}
          aria-label={open() ? 'Fewer reactions' : 'React'}
          title="React"
          onClick={() => setOpen(!open())}
        >
          <span aria-hidden="true">{open() ? '×' : '☺+'}</span>
        </button>
      </div>
      <Show when={pick()}>
        {(round) => (
          <Show
            when={mine().pick}
            fallback={
              <Show when={props.audience.signedIn()}>
                <button
                  type="button"
                  class="bubble-pick"
                  onClick={() =>
                    sendAudience(props.audience, { type: 'pick', round: round().round, messageId: props.messageId })
                  }
                >
                  ★ Best of round {round().round}
                </button>
              </Show>
            }
          >
            {(mine) => (
              <span class="bubble-pick-count" data-mine={mine() === props.messageId ? 'true' : undefined}>
                ★ {round().counts[props.messageId] ?? 0}{' '}
                {(round().counts[props.messageId] ?? 0) === 1 ? 'pick' : 'picks'}
                {mine() === props.messageId ? ' · your pick' : ''}
              </span>
            )}
          </Show>
        )}
      </Show>
      <Show when={reactRefusal() ?? pickRefusal()}>
        {(words) => (
          <p class="bubble-audience-error" role="alert">
            {words()}
          </p>
        )}
      </Show>
    </div>
  );
};
