/** One viewer's live session of a room: the socket, the view it feeds, and the earlier messages loaded on demand, page by page back to the first. */
import { createSignal, type Accessor } from 'solid-js';
import type { RoomMessage, RoomState } from '../../../worker/src/contract/index.ts';
import { fetchAllMessages, fetchEarlier, type EarlierCursor } from '../lib/room-history.ts';
import { RoomSocket, type ConnectionStatus, type RoomSocketOptions } from '../lib/room-socket.ts';
import type { AudienceAction, AudienceView } from './audience.ts';
import { applyFrame, emptyRoomView, mergeMessages, type RoomView } from './room.ts';

/** A room session's view and actions. */
export interface RoomSession {
  view: Accessor<RoomView>;
  connection: Accessor<ConnectionStatus>;
  /** Loads the next page of older messages into the view (hasEarlier turns false once the first is in). */
  loadEarlier(): Promise<void>;
  /** Every finished message, oldest first, for an export: all the stored pages and what the room sent since; the view is left as it is. */
  allMessages(): Promise<RoomMessage[]>;
  /** Sends a reaction, vote, suggestion, upvote or pick on the socket; false (nothing sent) while it is not open. */
  transmit(action: AudienceAction): boolean;
  /** Changes the audience part of the view (what this viewer sent: stores/audience-actions.ts). */
  updateAudience(change: (audience: AudienceView) => AudienceView): void;
  /** Applies a state a control answered (the socket's `state` frame follows). */
  setState(state: RoomState): void;
  close(): void;
}

/** Opens the room's socket; call `close()` when the page goes. Socket options are for tests. */
export function createRoomSession(conversationId: string, socketOptions: Partial<RoomSocketOptions> = {}): RoomSession {
  const [view, setView] = createSignal<RoomView>(emptyRoomView());
  const [connection, setConnection] = createSignal<ConnectionStatus>('connecting');
  const fromNewest = (): EarlierCursor => ({ cursor: null, reachedFirst: false });
  let earlier = fromNewest();
  let loading: Promise<void> | null = null;
  const socket = new RoomSocket({
    ...socketOptions,
    conversationId,
    onFrame: (frame) => {
      // A snapshot replaces the messages: paging back starts again from the newest.
      if (frame.type === 'snapshot') earlier = fromNewest();
      setView((current) => applyFrame(current, frame));
    },
    onStatus: setConnection,
  });
  // Back online, or back in view: no need to sit out the rest of a backoff.
  const retry = () => {
    if (document.visibilityState !== 'hidden') socket.retryNow();
  };
  globalThis.addEventListener('online', retry);
  document.addEventListener('visibilitychange', retry);
  return {
    view,
    connection,
    loadEarlier() {
      loading ??= (async () => {
        const from = earlier;
        const oldestSeq = view().messages[0]?.seq ?? Number.POSITIVE_INFINITY;
        const { messages, next } = await fetchEarlier(conversationId, from, oldestSeq);
        // A snapshot that came meanwhile replaced the view and started paging over.
        if (earlier !== from) return;
        earlier = next;
        setView((current) => ({
          ...current,
          messages: mergeMessages(current.messages, messages),
          hasEarlier: !next.reachedFirst,
        }));
      })().finally(() => (loading = null));
      return loading;
    },
    async allMessages() {
      if (!view().hasEarlier) return view().messages;
      return mergeMessages(await fetchAllMessages(conversationId), view().messages);
    },
    transmit: (action) => socket.send(action),
    updateAudience(change) {
      setView((current) => ({ ...current, audience: change(current.audience) }));
    },
    setState(state) {
      setView((current) => ({ ...current, state }));
    },
    close() {
      globalThis.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', retry);
      socket.close();
    },
  };
}
