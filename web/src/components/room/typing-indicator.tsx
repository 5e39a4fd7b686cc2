/** "The Comedian is typing...": a polite live region that is always present, so screen readers hear each change. */
import { Show, type Component } from 'solid-js';

/** Who is typing now, if anyone; between turns, who is up next ("The Scientist will answer newcomer1"). */
export const TypingIndicator: Component<{ displayName: string | null; upNext?: { displayName: string; answering: string | null } | null }> = (props) => (
  <p class="room-typing" role="status">
    <Show when={!props.displayName && props.upNext}>
      {(next) => (next().answering ? `${next().displayName} will answer ${next().answering}` : `Up next: ${next().displayName}`)}
    </Show>
    <Show when={props.displayName}>
      <span class="room-typing-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {props.displayName} is typing...
    </Show>
  </p>
);
