/** The room's live figures on the header's line: connection, where the conversation is, viewers, running cost, turns. */
import { Show, type Component } from 'solid-js';
import type { ConnectionStatus } from '../../lib/room-socket.ts';
import type { RoomState } from '../../../../worker/src/contract/index.ts';
import { formatCost } from './message-bubble.tsx';

const CONNECTION_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

const STOP_REASONS: Record<NonNullable<RoomState['stopReason']>, string> = {
  owner: 'stopped by its owner',
  'max-turns': 'reached its last turn',
  budget: 'reached its budget',
  'spend-limit': 'reached the spend limit',
  error: 'stopped after providers failed',
};

/** "Running", "Paused (nobody was watching)", "Stopped: reached its budget"… */
export function statusText(state: RoomState | null): string {
  if (!state) return 'Not started';
  switch (state.status) {
    case 'idle':
      return 'Not started';
    case 'running':
      return 'Running';
    case 'paused':
      return state.idlePaused ? 'Paused (nobody was watching)' : 'Paused';
    case 'stopped':
      return state.stopReason ? `Stopped: ${STOP_REASONS[state.stopReason]}` : 'Stopped';
  }
}

/** The status line of the room's header. */
export const RoomStatus: Component<{
  connection: ConnectionStatus;
  viewers: number;
  costUsd: number;
  state: RoomState | null;
  maxTurns: number;
}> = (props) => (
  <div class="room-status">
    <span
      class="room-connection"
      data-state={props.connection}
      data-status={props.state?.status ?? 'idle'}
      role="group"
      aria-label="Connection"
      aria-live="polite"
    >
      <span class="room-connection-dot" aria-hidden="true" />
      {CONNECTION_TEXT[props.connection]}
    </span>
    <span class="room-state">{statusText(props.state)}</span>
    <Show when={props.viewers > 0}>
      <span class="room-viewers">{props.viewers} watching</span>
    </Show>
    <span class="room-cost">Cost {formatCost(props.costUsd)}</span>
    <span class="room-turns" title="AI turns taken of the room's most">
      Turn {props.state?.turns ?? 0}/{props.maxTurns}
    </span>
  </div>
);
