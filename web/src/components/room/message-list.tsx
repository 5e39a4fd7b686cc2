/**
 * The conversation as a scrolling log that stays smooth for long transcripts:
 * only the finished messages in view (plus a margin) are in the DOM, the
 * others are stood in for by spacers of their measured (or estimated) height.
 * It follows the live end while the reader is at the bottom and offers
 * "Jump to live" once they scroll up.
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
  const heights = new Map<string, number>();
  const [measured, setMeasured] = createSignal(0);
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(0);
  const [following, setFollowing] = createSignal(true);

  const estimate = () => props.estimatedRowHeight ?? 120;
  const rowHeights = createMemo(() => {
    measured();
    return props.messages.map((message) => heights.get(message.id) ?? estimate());
  });
  // Before layout (or without one, as in tests) the viewport is assumed to be a tall screen.
  const range = createMemo(() => visibleWindow(rowHeights(), scrollTop(), viewportHeight() || 800, props.overscan ?? 6));
  const shown = createMemo(() => props.messages.slice(range().start, range().end));

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
          if (following()) scrollToEnd();
        });
  onCleanup(() => observer?.disconnect());

  const readViewport = () => {
    if (!viewport) return;
    setScrollTop(viewport.scrollTop);
    setViewportHeight(viewport.clientHeight);
    setFollowing(viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight <= FOLLOW_SLACK_PX);
  };
  const scrollToEnd = () => {
    if (!viewport) return;
    viewport.scrollTop = viewport.scrollHeight;
    setScrollTop(viewport.scrollTop);
  };
  const jumpToLive = () => {
    setFollowing(true);
    scrollToEnd();
  };

  onMount(() => {
    readViewport();
    const onResize = () => readViewport();
    globalThis.addEventListener('resize', onResize);
    onCleanup(() => globalThis.removeEventListener('resize', onResize));
  });

  // New messages or streamed text: stay at the live end if the reader was there.
  createEffect(
    on([() => props.messages.length, () => props.streaming?.text], () => {
      if (following()) queueMicrotask(scrollToEnd);
    }),
  );

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
        setScrollTop(viewport.scrollTop);
      },
    ),
  );

  return (
    <div class="room-log-frame">
      <div class="room-log" role="log" aria-label="Conversation" tabindex="0" ref={viewport} onScroll={readViewport}>
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
      <Show when={!following()}>
        <button type="button" class="room-jump" onClick={jumpToLive}>
          Jump to live
        </button>
      </Show>
    </div>
  );
};
