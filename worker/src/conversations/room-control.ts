/**
 * The API's side of the room: each conversation's Durable Object, reached by
 * its RPC methods (room/contract.ts RoomControl), keyed by the lowercased
 * conversation id as the WebSocket route does.
 */
import { ApiError } from '../errors.ts';
import { ROOM_ERROR_STATUS, type RoomControl, type RoomResult } from '../room/contract.ts';
import { createLogger } from '../logging/logger.ts';

/** The room of `conversationId`. */
export function roomOf(env: Env, conversationId: string): RoomControl {
  return env.ROOMS.get(env.ROOMS.idFromName(conversationId.toLowerCase()));
}

/** Stops a room before its conversation is deleted; a room that never ran or already stopped (a refusal) is fine. */
export async function stopRoomQuietly(env: Env, conversationId: string): Promise<void> {
  try {
    await roomOf(env, conversationId).stop();
  } catch (error) {
    createLogger({ conversationId }).warn('room-stop-skipped', { reason: error });
  }
}

/** Runs a control on a room: its value; a refusal as an ApiError with the room's code and its status (ROOM_ERROR_STATUS); a room that fails is 503 `room_unavailable`. */
export async function callRoom<T>(call: () => Promise<RoomResult<T>>): Promise<T> {
  let result: RoomResult<T>;
  try {
    result = await call();
  } catch (error) {
    createLogger().warn('room-call-failed', { reason: error });
    throw new ApiError(503, 'room_unavailable', 'The room did not answer; try again.');
  }
  if (!result.ok) throw new ApiError(ROOM_ERROR_STATUS[result.code], result.code, result.message);
  return result.value;
}
