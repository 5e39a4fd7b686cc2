/**
 * The line above the composer, where the eye is: "The Comedian is typing..."
 * (a polite live region that is always present, so screen readers hear each
 * change), and otherwise what the stage is waiting for. `announcement` is for
 * a line the room sends (a turn announcement, "up next"), shown when given.
 */
import { Show, type Component } from 'solid-js';

interface Props {
  /** The display name of the persona typing now. */
  typing: string | null;
  /** The display name of the persona whose message is streaming now. */
  speaking: string | null;
  /** What the room is doing when nobody types ("Running", "Paused"…). */
  status: string;
  running: boolean;
  announcement?: string | null;
}

/** The room's word on who speaks next, as the activity line says it: "The Scientist will answer newcomer1", or "Up next: The Comedian". */
export function announcementText(upNext: { displayName: string; answering: string | null } | null): string | null {
  if (!upNext) return null;
  return upNext.answering ? `${upNext.displayName} will answer ${upNext.answering}` : `Up next: ${upNext.displayName}`;
}

/** The activity line. */
export const StageActivity: Component<Props> = (props) => (
  <div class="stage-activity">
    <p class="room-typing" role="status">
      <Show when={props.typing && !props.speaking}>
        <span class="room-typing-dots" aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
        {props.typing} is typing...
      </Show>
    </p>
    <Show when={!(props.typing && !props.speaking)}>
      <p class="stage-next">
        {props.speaking
          ? `${props.speaking} has the floor`
          : (props.announcement ?? (props.running ? 'The next speaker is gathering their thoughts…' : props.status))}
      </p>
    </Show>
  </div>
);
