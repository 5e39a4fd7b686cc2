/**
 * A live room's current line in the lobby, as on a show's front page: the
 * words streaming now (their last ~150 characters) or the last thing said,
 * read from the room's own socket. Loaded on demand by the lobby, so its
 * first paint does not wait for the socket code; the lobby opens one only for
 * a room that is running (or the demo room), never to wake a paused room.
 */
import { Show, onCleanup, type Component } from 'solid-js';
import { createRoomSession } from '../stores/room-session.ts';
import { displayNameOf } from '../stores/room.ts';

const TAIL = 150;

/** The last `TAIL` characters of `text`, cut at a word. */
export function tailOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= TAIL) return flat;
  const cut = flat.slice(-TAIL);
  return `…${cut.slice(cut.indexOf(' ') + 1)}`;
}

/** The line of one live room. */
const LivePreview: Component<{ conversationId: string }> = (props) => {
  const session = createRoomSession(props.conversationId);
  onCleanup(() => session.close());
  const line = () => {
    const view = session.view();
    const streaming = view.streaming;
    if (streaming?.text)
      return {
        persona: streaming.persona,
        who: displayNameOf(view.room, streaming.persona),
        text: streaming.text,
        live: true,
      };
    const last = view.messages.at(-1);
    return last ? { persona: last.persona, who: last.author, text: last.content, live: false } : null;
  };
  const color = () => session.view().room?.personas.find((persona) => persona.name === line()?.persona)?.color;
  return (
    <Show when={line()}>
      {(shown) => (
        <p
          class="lobby-preview"
          data-live={shown().live ? 'true' : 'false'}
          style={color() ? { '--persona-color': color() } : undefined}
        >
          <span class="lobby-preview-who">{shown().who}</span>{' '}
          <span class="lobby-preview-text">{tailOf(shown().text)}</span>
        </p>
      )}
    </Show>
  );
};

export default LivePreview;
