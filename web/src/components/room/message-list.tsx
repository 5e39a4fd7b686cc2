/**
 * The conversation as the stage's one scrolling log, smooth for long
 * transcripts: only the finished messages in view (plus a margin) are in the
 * DOM, spacers of their measured (or estimated) height stand in for the rest.
 *
 * It opens at the live end and stays there while the reader is there. Why the
 * rule below: the log used to decide "the reader left the live end" from any
 * scroll event whose gap to the bottom exceeded 48 px. But after our own jump
 * to the end, rows drawn for the first time grow past their estimate (and
 * history, fonts and Markdown arrive late); the browser fires the scroll event
 * before the ResizeObserver callback, so that event saw the grown gap, turned
 * following off, and nothing pinned the view again: the room opened 125-1,991 px
 * above its newest message. Now only a move *up* of the scroll position leaves
 * the live end (the reader's wheel, finger or keys: content growing below never
 * moves scrollTop), and any change of size while following pins the view.
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show, type Component } from 'solid-js';
import type { RoomInfo, RoomMessage } from '../../../../worker/src/contract/index.ts';
import type { StreamingView } from '../../stores/room.ts';
import { displayNameOf } from '../../stores/room.ts';
import { visibleWindow } from '../../lib/virtual-window.ts';
import { MessageBubble } from './message-bubble.tsx';

/** Within this many pixels of the end counts as at the live end. */
const FOLLOW_SLACK_PX = 48;

/** What the list shows. */
export interface MessageListProps {
  messages: readonly RoomMessage[];
  streaming: StreamingView | null;
  room: RoomInfo | null;
  fallbackNotices: Record<string, string>;
  /** Older messages exist; with onLoadEarlier the list offers to load them. */
  hasEarlier?: boolean;
  onLoadEarlier?: () => void;
  /** Height assumed for a row not measured yet, px; default 120. */
  estimatedRowHeight?: number;
  /** Rows drawn beyond each edge of the view; default 6. */
  overscan?: number;
}

/** The room's log of messages. */
export const MessageList: Component<MessageListProps> = (props) => {
  let viewport: HTMLDivElement | undefined;
  let content: HTMLDivElement | undefined;
  const heights = new Map<string, number>();
  const [measured, setMeasured] = createSignal(0);
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(0);
  const [following, setFollowing] = createSignal(true);
  /** The scroll position last seen, ours or the reader's: a smaller one means the reader scrolled up. */
  let lastTop = 0;

  const estimate = () => props.estimatedRowHeight ?? 120;
  const rowHeights = createMemo(() => {
    measured();
    return props.messages.map((message) => heights.get(message.id) ?? estimate());
  });
  // Before layout (or without one, as in tests) the viewport is assumed to be a tall screen.
  const range = createMemo(() =>
    visibleWindow(rowHeights(), scrollTop(), viewportHeight() || 800, props.overscan ?? 6),
  );
  const shown = createMemo(() => props.messages.slice(range().start, range().end));

  /** Keeps the view at the live end while the reader is there. */
  const pin = () => {
    if (!viewport || !following()) return;
    viewport.scrollTop = viewport.scrollHeight;
    lastTop = viewport.scrollTop;
    setScrollTop(lastTop);
  };

  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          let changed = false;
          for (const entry of entries) {
            const id = (entry.target as HTMLElement).dataset.rowId;
            const height = (entry.target as HTMLElement).offsetHeight;
            if (id && height > 0 && heights.get(id) !== height) {
              heights.set(id, height);
              changed = true;
            }
          }
          if (changed) setMeasured((count) => count + 1);
          if (viewport) setViewportHeight(viewport.clientHeight);
          pin();
        });
  onCleanup(() => observer?.disconnect());

  const onScroll = () => {
    if (!viewport) return;
    const top = viewport.scrollTop;
    const gap = viewport.scrollHeight - top - viewport.clientHeight;
    if (gap <= FOLLOW_SLACK_PX) setFollowing(true);
    else if (top < lastTop - 1) setFollowing(false);
    lastTop = top;
    setScrollTop(top);
    setViewportHeight(viewport.clientHeight);
  };
  const jumpToLive = () => {
    setFollowing(true);
    pin();
  };

  onMount(() => {
    if (viewport) observer?.observe(viewport);
    if (content) observer?.observe(content);
    if (viewport) setViewportHeight(viewport.clientHeight);
    pin();
  });

  // New messages or streamed text: stay at the live end if the reader is there (the DOM is updated before effects run).
  createEffect(on([() => props.messages.length, () => props.streaming?.text], () => pin()));

  // Earlier messages loaded above: keep the reader's place instead of letting the text jump down.
  createEffect(
    on(
      () => props.messages[0]?.id,
      (firstId, previousFirstId) => {
        if (!viewport || previousFirstId === undefined || firstId === previousFirstId || following()) return;
        const index = props.messages.findIndex((message) => message.id === previousFirstId);
        if (index <= 0) return;
        viewport.scrollTop += rowHeights()
          .slice(0, index)
          .reduce((total, height) => total + height, 0);
        lastTop = viewport.scrollTop;
        setScrollTop(lastTop);
      },
    ),
  );

  return (
    <div class="room-log-frame">
      <div class="room-log" role="log" aria-label="Conversation" tabindex="0" ref={viewport} onScroll={onScroll}>
        <div class="room-log-content" ref={content}>
          <Show when={props.hasEarlier && props.onLoadEarlier}>
            <button type="button" class="room-load-earlier" onClick={() => props.onLoadEarlier?.()}>
              Load earlier messages
            </button>
          </Show>
          <Show when={props.messages.length === 0 && !props.streaming}>
            <p class="room-empty">No messages yet.</p>
          </Show>
          <div style={{ height: `${range().before}px` }} aria-hidden="true" />
          <For each={shown()}>
            {(message) => (
              <div
                class="room-row"
                data-row-id={message.id}
                ref={(element) => {
                  observer?.observe(element);
                  onCleanup(() => observer?.unobserve(element));
                }}
              >
                <MessageBubble message={message} room={props.room} notice={props.fallbackNotices[message.id]} />
              </div>
            )}
          </For>
          <div style={{ height: `${range().after}px` }} aria-hidden="true" />
          <Show when={props.streaming}>
            {(streaming) => (
              <div class="room-row">
                <MessageBubble
                  streaming
                  room={props.room}
                  notice={props.fallbackNotices[streaming().messageId]}
                  message={{
                    id: streaming().messageId,
                    senderType: 'ai',
                    author: displayNameOf(props.room, streaming().persona),
                    persona: streaming().persona,
                    content: streaming().text,
                    provider: streaming().provider,
                    model: streaming().model,
                  }}
                />
              </div>
            )}
          </Show>
        </div>
      </div>
      <Show when={!following()}>
        <button type="button" class="room-jump" onClick={jumpToLive}>
          Jump to live
        </button>
      </Show>
    </div>
  );
};
