/**
 * The API's side of the room: each conversation's Durable Object, reached by
 * its RPC methods (room/contract.ts RoomControl), keyed by the lowercased
 * conversation id as the WebSocket route does.
 */
import { ApiError } from '../errors.ts';
import { readRoomError, ROOM_ERROR_STATUS, type RoomControl } from '../room/contract.ts';
import { createLogger } from '../logging/logger.ts';

/** The room of `conversationId`. */
export function roomOf(env: Env, conversationId: string): RoomControl {
  return env.ROOMS.get(env.ROOMS.idFromName(conversationId.toLowerCase()));
}

/** Stops a room before its conversation is deleted; a room that never ran or already stopped is fine. */
export async function stopRoomQuietly(env: Env, conversationId: string): Promise<void> {
  try {
    await roomOf(env, conversationId).stop();
  } catch (error) {
    if (readRoomError(error)) return;
    createLogger({ conversationId }).warn('room-stop-skipped', { reason: error });
  }
}

/** Runs an RPC call on a room: a refusal keeps the room's code and status (ROOM_ERROR_STATUS), anything else is 503 `room_unavailable`. */
export async function callRoom<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const refusal = readRoomError(error);
    if (refusal) throw new ApiError(ROOM_ERROR_STATUS[refusal.code], refusal.code, refusal.message);
    createLogger().warn('room-call-failed', { reason: error });
    throw new ApiError(503, 'room_unavailable', 'The room did not answer; try again.');
  }
}
