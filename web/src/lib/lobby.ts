/** The lobby's data: the front page of `GET /api/conversations`, with each live room's details. */
import type { InferResponseType } from 'hono/client';
import { api, readApiError } from './api.ts';

/** A page of the lobby as the API answers it. */
export type LobbyPage = InferResponseType<typeof api.api.conversations.$get, 200>;

/** One room of the lobby. */
export type LobbyRoom = LobbyPage['conversations'][number];

/** How many rooms the lobby shows. */
export const LOBBY_PAGE_SIZE = 24;

/** Fetches the lobby's front page (the demo room included when the site runs one); throws ApiError. */
export async function fetchLobby(): Promise<LobbyPage> {
  const response = await api.api.conversations.$get({ query: { limit: String(LOBBY_PAGE_SIZE) } });
  if (response.status !== 200) throw await readApiError(response);
  return response.json();
}

/** Live rooms (running, or waiting for a viewer to resume), the busiest first; the rest, newest first as listed. */
export function splitLobby(rooms: readonly LobbyRoom[]): { live: LobbyRoom[]; recent: LobbyRoom[] } {
  const live = rooms.filter((room) => room.live !== null);
  live.sort(
    (a, b) =>
      Number(b.live?.idlePaused === false) - Number(a.live?.idlePaused === false) ||
      (b.live?.viewers ?? 0) - (a.live?.viewers ?? 0),
  );
  return { live, recent: rooms.filter((room) => room.live === null) };
}
