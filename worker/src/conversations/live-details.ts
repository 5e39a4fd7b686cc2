/**
 * The lobby's live details: who is speaking now and how many watch, asked of
 * each running or paused room of a page over RPC (`state()`), in parallel and
 * fresh on every read, while the page itself may come from the cache. A room
 * that fails or is slow to answer is shown without details rather than
 * holding the page.
 */
import { roomRpcTimeout } from '../resilience/index.ts';
import type { RoomState } from '../room/contract.ts';
import { roomOf } from './room-control.ts';
import type { ApiConversation, LobbyConversation } from './schema.ts';

/** At most this many rooms are asked per page; a lobby page holds fewer. */
export const LIVE_LOOKUP_LIMIT = 24;
/** A room slower than this is shown without live details. */
export const LIVE_LOOKUP_TIMEOUT_MS = 1500;

/** Asks a conversation's room for its state (the RPC; tests pass their own). */
export type StateReader = (conversationId: string) => Promise<RoomState>;

/** The rows with `live` filled from their rooms; a room's fresher status replaces the stored one. */
export async function withLiveDetails(
  env: Env,
  rows: ApiConversation[],
  readState: StateReader = (id) => roomOf(env, id).state(),
): Promise<LobbyConversation[]> {
  const candidates = rows
    .filter((row) => row.status === 'running' || row.status === 'paused')
    .slice(0, LIVE_LOOKUP_LIMIT);
  const read = (id: string) =>
    roomRpcTimeout(LIVE_LOOKUP_TIMEOUT_MS)
      .execute(() => readState(id))
      .catch(() => null);
  const answers = await Promise.all(candidates.map(async (row) => [row.id, await read(row.id)] as const));
  const states = new Map(answers);
  return rows.map((row) => {
    const state = states.get(row.id);
    return state ? { ...row, status: state.status, live: liveDetails(row, state) } : { ...row, live: null };
  });
}

/** A running room, or one paused only until a viewer comes back, is live: with its speaker (by display name) and viewers. */
export function liveDetails(row: Pick<ApiConversation, 'personas'>, state: RoomState): LobbyConversation['live'] {
  const live = state.status === 'running' || (state.status === 'paused' && state.idlePaused);
  if (!live) return null;
  const speaker = row.personas.find((persona) => persona.name === state.speaking);
  return {
    speaking: speaker ? { name: speaker.name, displayName: speaker.displayName } : null,
    viewers: state.viewers,
    turns: state.turns,
    idlePaused: state.idlePaused,
  };
}
