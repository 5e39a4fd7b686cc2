/** One viewer's live session of a room: the socket, the view it feeds, and the earlier messages loaded on demand. */
import { createSignal, type Accessor } from 'solid-js';
import type { RoomState } from '../../../worker/src/contract/index.ts';
import { fetchAllMessages } from '../lib/room-history.ts';
import { RoomSocket, type ConnectionStatus, type RoomSocketOptions } from '../lib/room-socket.ts';
import { applyFrame, emptyRoomView, mergeMessages, type RoomView } from './room.ts';

/** A room session's view and actions. */
export interface RoomSession {
  view: Accessor<RoomView>;
  connection: Accessor<ConnectionStatus>;
  /** Loads every finished message the snapshot left out. */
  loadEarlier(): Promise<void>;
  /** Applies a state a control answered (the socket's `state` frame follows). */
  setState(state: RoomState): void;
  close(): void;
}

/** Opens the room's socket; call `close()` when the page goes. Socket options are for tests. */
export function createRoomSession(conversationId: string, socketOptions: Partial<RoomSocketOptions> = {}): RoomSession {
  const [view, setView] = createSignal<RoomView>(emptyRoomView());
  const [connection, setConnection] = createSignal<ConnectionStatus>('connecting');
  const socket = new RoomSocket({
    ...socketOptions,
    conversationId,
    onFrame: (frame) => setView((current) => applyFrame(current, frame)),
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
    async loadEarlier() {
      const all = await fetchAllMessages(conversationId);
      setView((current) => ({ ...current, messages: mergeMessages(current.messages, all), hasEarlier: false }));
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
